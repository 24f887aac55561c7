package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * An isolating condition: {@code NOT (gender = g AND age = a)} drops the target alone. Compared
 * with the same query dropping nobody ({@code age = 999}), the two select the same contributions
 * exactly when the target is not in the base group ({@code income > 50000}), and would then differ
 * only in the conditions' text layer, which averaging phantom spellings removes. Low-effect
 * detection answers a condition that excludes fewer than a few subjects of a group as if it were
 * absent, so both queries give the answer of the query without it.
 */
class IsolatingConditionAttackTest extends AttackTestSupport {

  private static final int TARGETS = 10;
  private static final int SPELLINGS = 20;
  private static final String RICH = "SELECT COUNT(*) AS n FROM residents WHERE income > 50000";

  @Test
  void averagedIsolatingDifference_doesNotRevealTheTargetsIncomeBracket(TestReporter reporter) {
    int guessedRight = 0;
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      BigDecimal difference = BigDecimal.ZERO;
      for (int i = 0; i < SPELLINGS; i++) {
        String base =
            RICH
                + " AND district IN ('"
                + target.district()
                + "', 'phantom-"
                + i
                + "') AND NOT (gender = '"
                + target.gender()
                + "' AND age = ";
        difference =
            difference
                .add(GroundTruth.first(vault.run(base + "999)")))
                .subtract(GroundTruth.first(vault.run(base + target.age() + ")")));
      }
      BigDecimal average = difference.divide(BigDecimal.valueOf(SPELLINGS), MathContext.DECIMAL64);
      boolean rich =
          target.income() != null && target.income().compareTo(new BigDecimal("50000")) > 0;
      // Without low-effect detection, an absent target leaves only the text layer (SD 2 per
      // spelling, 0.45 averaged), a present one a difference of one plus every dynamic layer.
      boolean guess = average.abs().compareTo(new BigDecimal("0.9")) > 0;
      if (guess == rich) {
        guessedRight++;
      }
    }
    GroundTruth.report(
        reporter, "isolating-condition averaging", guessedRight + " of " + TARGETS + " bits right");
    assertThat(guessedRight).isLessThanOrEqualTo(TARGETS * 3 / 4);
  }

  @Test
  void isolatingCondition_isAnsweredAsTheQueryWithoutIt() {
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String base = RICH + " AND district = '" + target.district() + "'";
      String isolating =
          base + " AND NOT (gender = '" + target.gender() + "' AND age = " + target.age() + ")";

      assertThat(vault.run(isolating).rows()).isEqualTo(vault.run(base).rows());
    }
  }

  /** The condition inside a derived table joined back on the subject is the same condition. */
  @Test
  void isolatingConditionUnderAJoin_isAnsweredAsTheQueryWithoutIt() {
    for (Resident target : GroundTruth.singledOut(3)) {
      String inner =
          "SELECT id_card FROM residents WHERE income > 50000 AND district = '"
              + target.district()
              + "'";
      String isolating =
          inner + " AND NOT (gender = '" + target.gender() + "' AND age = " + target.age() + ")";
      String outer = "SELECT COUNT(*) AS n FROM (%s) r JOIN residents s ON r.id_card = s.id_card";

      assertThat(vault.run(String.format(Locale.ROOT, outer, isolating)).rows())
          .isEqualTo(vault.run(String.format(Locale.ROOT, outer, inner)).rows());
    }
  }

  @Test
  void conditionInsideAnOuterJoin_isRefused() {
    vault.assertRefusedAtRun(
        "SELECT COUNT(r.age) AS n FROM residents s LEFT JOIN (SELECT id_card, age FROM residents"
            + " WHERE age <> 47) r ON r.id_card = s.id_card",
        "sits inside an outer join's input");
  }

  /** Two conditions that each exclude the target: neither excludes anyone alone. */
  @Test
  void twoConditionsIsolatingTheSamePerson_areBothAnsweredAsAbsent() {
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String base = RICH + " AND district = '" + target.district() + "'";
      String twice =
          base
              + " AND NOT (gender = '"
              + target.gender()
              + "' AND age = "
              + target.age()
              + ") AND NOT (age = "
              + target.age()
              + " AND gender = '"
              + target.gender()
              + "' AND district <> 'phantom')";

      assertThat(vault.run(twice).rows()).isEqualTo(vault.run(base).rows());
    }
  }

  /** {@code age <> a} on its own column runs over vectors; it must be dropped there too. */
  @Test
  void singleColumnIsolatingCondition_overVectors_isAnsweredAsAbsent() {
    Map<String, Long> perDistrictAge =
        GroundTruth.RESIDENTS.stream()
            .collect(
                Collectors.groupingBy(r -> r.district() + "|" + r.age(), Collectors.counting()));
    Resident target =
        GroundTruth.RESIDENTS.stream()
            .filter(r -> perDistrictAge.get(r.district() + "|" + r.age()) == 1)
            .findFirst()
            .orElseThrow();
    String base =
        "SELECT gender, COUNT(*) AS n FROM residents WHERE district = '" + target.district() + "'";

    assertThat(vault.run(base + " AND age <> " + target.age() + " GROUP BY gender").rows())
        .isEqualTo(vault.run(base + " GROUP BY gender").rows());
  }

  /**
   * The same for a person without an income, whose row adds NULL to the sum it is readmitted to.
   */
  @Test
  void isolatingConditionOnAPersonWithoutIncome_overVectors_isAnsweredAsAbsent() {
    Map<String, Long> perCell =
        GroundTruth.RESIDENTS.stream()
            .collect(Collectors.groupingBy(Resident::cell, Collectors.counting()));
    Resident target =
        GroundTruth.RESIDENTS.stream()
            .filter(r -> r.income() == null && perCell.get(r.cell()) == 1)
            .findFirst()
            .orElseThrow();
    String base =
        "SELECT COUNT(*) AS n, SUM(income) AS s FROM residents WHERE district = '"
            + target.district()
            + "' AND gender = '"
            + target.gender()
            + "'";

    assertThat(vault.run(base + " AND age <> " + target.age()).rows())
        .isEqualTo(vault.run(base).rows());
  }

  /**
   * Simplification merges {@code age <> a} into a range on the same column; the cut value is still
   * checked on its own, so the range's large effect cannot hide it.
   */
  @Test
  void isolatingValueCutFromARange_isAnsweredAsAbsent() {
    Map<String, Long> perDistrictAge =
        GroundTruth.RESIDENTS.stream()
            .collect(
                Collectors.groupingBy(r -> r.district() + "|" + r.age(), Collectors.counting()));
    Resident target =
        GroundTruth.RESIDENTS.stream()
            .filter(r -> r.age() > 30 && r.age() < 60)
            .filter(r -> perDistrictAge.get(r.district() + "|" + r.age()) == 1)
            .findFirst()
            .orElseThrow();
    String base =
        "SELECT COUNT(*) AS n FROM residents WHERE district = '"
            + target.district()
            + "' AND age BETWEEN 30 AND 60";

    assertThat(vault.run(base + " AND age <> " + target.age()).rows())
        .isEqualTo(vault.run(base).rows());
  }

  /**
   * A person with many rows: {@code clinic <> 'north'} excludes one subject's {@value
   * AttackFixture#REPEATED_VISITS} visits, a condition of low effect however many rows it drops.
   */
  @Test
  void isolatingConditionOnAPersonWithManyRows_isAnsweredAsAbsent() {
    String base = "SELECT COUNT(*) AS n FROM visits";

    assertThat(vault.run(base + " WHERE clinic <> 'north'").rows())
        .isEqualTo(vault.run(base).rows());
  }

  /** Conditions that exclude many are kept: low-effect detection drops only the few. */
  @Test
  void conditionOfLargeEffect_isKept() {
    long everyone = GroundTruth.count(r -> true);
    long young = GroundTruth.count(r -> r.age() < 40);

    BigDecimal released =
        GroundTruth.first(vault.run("SELECT COUNT(*) AS n FROM residents WHERE age < 40"));

    assertThat(young).isLessThan(everyone - 50);
    assertThat(released.longValue()).isBetween(young - 20, young + 20);
  }
}
