package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.exec.ElementResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Release protection II: every released aggregate carries sticky noise (seeded by the question and
 * its contributors, never by the element or the run), persons are combined before they count, and
 * the extreme few are flattened. Each attack states what it would recover with exact numbers and
 * asserts how far the released numbers leave it.
 */
class NoiseProtectionTest extends AttackTestSupport {

  private static final String BY_DISTRICT =
      "SELECT district, COUNT(*) AS n, SUM(income) AS s FROM residents GROUP BY district";

  /** Averaging reruns would cancel noise drawn afresh; sticky noise is the same every time. */
  @Test
  void rerun_sameQuery_givesIdenticalAnswers() {
    ElementResult first = vault.run(BY_DISTRICT);

    for (int i = 0; i < 20; i++) {
      assertThat(vault.run(BY_DISTRICT).rows()).isEqualTo(first.rows());
    }
  }

  /** Aliases, column order and spelling do not change what is asked, so not what is answered. */
  @Test
  void rewrite_aliasesAndOrder_givesIdenticalAnswers() {
    ElementResult original = vault.run(BY_DISTRICT);

    ElementResult rewritten =
        vault.run(
            "SELECT r.district AS d, COUNT(*) AS people, SUM(r.income) AS total"
                + " FROM residents AS r GROUP BY r.district");

    assertThat(rewritten.rows()).isEqualTo(original.rows());
  }

  @Test
  void release_counts_areNoisyButClose() {
    ElementResult result = vault.run("SELECT gender, COUNT(*) AS n FROM residents GROUP BY gender");

    long total = 0;
    for (List<@Nullable Object> row : result.rows()) {
      total += (Long) row.get(1);
    }
    assertThat(total).isCloseTo(AttackFixture.RESIDENTS, within(12L));
  }

  /**
   * Resident 0 has 20 of the 65 visits: counted per row they would weigh 20 times. Combined per
   * person and flattened to the next few visitors' level, they weigh about as much as them.
   */
  @Test
  void manyRowsPerson_isFlattenedToTheTopGroup() {
    long released = (Long) vault.run("SELECT COUNT(*) AS n FROM visits").rows().get(0).get(0);

    assertThat(released).isLessThan(65 - 10);
  }

  /**
   * Complementary suppression: the total minus the released groups was once exactly the suppressed
   * groups (north and west, 35 visits by 6 people). The total is a group of its own, flattened and
   * noised: the difference misses the suppressed rows by far.
   */
  @Test
  void complementarySuppression_differenceMissesTheSuppressedGroups() {
    long total = (Long) vault.run("SELECT COUNT(*) AS n FROM visits").rows().get(0).get(0);
    ElementResult groups = vault.run("SELECT clinic, COUNT(*) AS n FROM visits GROUP BY clinic");
    long released = 0;
    for (List<@Nullable Object> row : groups.rows()) {
      released += (Long) row.get(1);
    }

    assertThat(groups.rows()).extracting(row -> row.get(0)).containsExactly("south");
    assertThat(Math.abs(total - released - 35)).isGreaterThan(5);
  }

  /**
   * Differencing: "all men" minus "all men but one age" was exactly that age cell's income. A few
   * incomes among hundreds hide in noise scaled to the top incomes: over ten cells the typical
   * (median) error of the difference is above 10 % of the cell's income.
   */
  @Test
  void differencing_tenCells_medianErrorAboveTenPercent() {
    List<BigDecimal> errors = new ArrayList<>();
    for (int age = 40; age < 50; age++) {
      String all = "SELECT COUNT(*) AS n, SUM(income) AS s FROM residents WHERE gender = '男'";
      String allButAge = all + " AND age <> " + age;
      String onlyAge = all + " AND age = " + age;
      BigDecimal total = sum(vault.run(all));
      BigDecimal rest = sum(vault.run(allButAge));
      // The exact income of the age cell, from the fixture itself, for the error only.
      ElementResult exact =
          vault
              .sandbox()
              .runExact(
                  onlyAge, 1, new org.elementvault.sandbox.exec.CalciteExecutor(), "residents");
      BigDecimal truth = sum(exact);
      if (truth.signum() > 0) {
        errors.add(
            total
                .subtract(rest)
                .subtract(truth)
                .abs()
                .divide(truth, java.math.MathContext.DECIMAL64));
      }
    }

    errors.sort(null);
    assertThat(errors).hasSizeGreaterThan(5);
    assertThat(errors.get(errors.size() / 2)).isGreaterThan(new BigDecimal("0.1"));
  }

  /** A person with many distinct visit costs would count many times in a distinct count. */
  @Test
  void countDistinct_ofNonSubjectColumn_isRefused() {
    vault.assertRefusedExactly(
        "SELECT clinic, COUNT(DISTINCT cost) AS n FROM visits GROUP BY clinic",
        "column visits.cost (IMPORTANT) may be counted distinct only if it is the subject column:"
            + " one person's many distinct values would each count; count the subject,"
            + " COUNT(DISTINCT subject), or group by the column");
  }

  private static BigDecimal sum(ElementResult result) {
    if (result.rows().isEmpty() || result.rows().get(0).get(1) == null) {
      return BigDecimal.ZERO;
    }
    return (BigDecimal) result.rows().get(0).get(1);
  }
}
