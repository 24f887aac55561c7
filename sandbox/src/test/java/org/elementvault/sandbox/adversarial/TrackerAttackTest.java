package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Trackers: the target alone would be suppressed, so the attacker pads them into a big group (an OR
 * with another district, an IN list of other ages, the edge of a range) and subtracts the padding
 * asked on its own. Exact answers would leave the target's income.
 */
class TrackerAttackTest extends AttackTestSupport {

  private static final int TARGETS = 12;
  private static final double ONE_PERCENT = 0.01;

  private BigDecimal sum(String condition) {
    return GroundTruth.first(
        vault.run("SELECT SUM(income) AS s FROM residents WHERE " + condition));
  }

  /** The target's cell OR a padding district: picking a person out inside an OR is refused. */
  @Test
  void orPadding_isRefused() {
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String padding = "district = '" + otherDistrict(target) + "'";

      vault.assertRefusedAtRun(
          "SELECT SUM(income) AS s FROM residents WHERE (" + target.cell() + ") OR " + padding,
          "picks people out by several columns at once");
    }
  }

  /** Nineteen ages at most: Calcite turns longer IN lists into a join. */
  @Test
  void inListPadding_minusPadding_doesNotRecoverTheTargetsIncome(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();

    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String group =
          "district = '" + target.district() + "' AND gender = '" + target.gender() + "'";
      StringJoiner paddingAges = new StringJoiner(", ");
      for (int age = target.age() - 9; age <= target.age() + 9; age++) {
        if (age != target.age()) {
          paddingAges.add(Integer.toString(age));
        }
      }
      BigDecimal estimate =
          sum(group + " AND age IN (" + target.age() + ", " + paddingAges + ")")
              .subtract(sum(group + " AND age IN (" + paddingAges + ")"));
      errors.add(GroundTruth.relativeError(estimate, target.income()));
    }

    GroundTruth.report(reporter, "IN-list tracker", GroundTruth.summary(errors, ONE_PERCENT));
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.1);
    assertThat(GroundTruth.atMost(errors, ONE_PERCENT)).isLessThanOrEqualTo(1);
  }

  /**
   * {@code age >= a} minus {@code age > a} (or {@code <=} minus {@code <}, whichever side is the
   * bigger group) leaves the target, alone at age a in their district and gender.
   */
  @Test
  void complementaryRanges_difference_doesNotRecoverTheTargetsIncome(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();

    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String group =
          "district = '" + target.district() + "' AND gender = '" + target.gender() + "'";
      long older =
          GroundTruth.count(
              r ->
                  r.district().equals(target.district())
                      && r.gender().equals(target.gender())
                      && r.age() > target.age());
      long younger =
          GroundTruth.count(
              r ->
                  r.district().equals(target.district())
                      && r.gender().equals(target.gender())
                      && r.age() < target.age());
      String inclusive = older >= younger ? " AND age >= " : " AND age <= ";
      String exclusive = older >= younger ? " AND age > " : " AND age < ";
      BigDecimal estimate =
          sum(group + inclusive + target.age()).subtract(sum(group + exclusive + target.age()));
      errors.add(GroundTruth.relativeError(estimate, target.income()));
    }

    GroundTruth.report(reporter, "range-edge tracker", GroundTruth.summary(errors, ONE_PERCENT));
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.1);
    assertThat(GroundTruth.atMost(errors, ONE_PERCENT)).isLessThanOrEqualTo(1);
  }

  private static String otherDistrict(Resident target) {
    int index = ResidentRows.DISTRICTS.indexOf(target.district());
    return ResidentRows.DISTRICTS.get((index + 1) % ResidentRows.DISTRICTS.size());
  }
}
