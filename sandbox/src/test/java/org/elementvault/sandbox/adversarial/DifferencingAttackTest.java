package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Differencing across two elements: one asks about a district, the other about the same district
 * with a GENERAL-only filter that excludes one person; exact answers would differ by exactly that
 * person. Each attack runs against several targets and reports its typical error.
 */
class DifferencingAttackTest extends AttackTestSupport {

  private static final int TARGETS = 16;
  private static final double ONE_PERCENT = 0.01;

  private static final String DISTRICT =
      "SELECT COUNT(income) AS n, SUM(income) AS s, AVG(income) AS a FROM residents"
          + " WHERE district = '%s'";

  private ElementResult withTarget(Resident target) {
    return vault.run(String.format(java.util.Locale.ROOT, DISTRICT, target.district()));
  }

  private ElementResult withoutTarget(Resident target) {
    return vault.run(
        String.format(java.util.Locale.ROOT, DISTRICT, target.district())
            + " AND NOT (gender = '"
            + target.gender()
            + "' AND age = "
            + target.age()
            + ")");
  }

  @Test
  void sumDifference_doesNotRecoverTheTargetsIncome(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();

    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      BigDecimal estimate =
          GroundTruth.cell(withTarget(target), 0, 1)
              .subtract(GroundTruth.cell(withoutTarget(target), 0, 1));
      errors.add(GroundTruth.relativeError(estimate, target.income()));
    }

    GroundTruth.report(reporter, "SUM difference", GroundTruth.summary(errors, ONE_PERCENT));
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.1);
    assertThat(GroundTruth.atMost(errors, ONE_PERCENT)).isLessThanOrEqualTo(1);
  }

  /** n·AVG − (n−1)·AVG' with the released counts is the target's income if all are exact. */
  @Test
  void averageDifference_doesNotRecoverTheTargetsIncome(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();

    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      ElementResult with = withTarget(target);
      ElementResult without = withoutTarget(target);
      BigDecimal estimate =
          GroundTruth.cell(with, 0, 0)
              .multiply(GroundTruth.cell(with, 0, 2))
              .subtract(GroundTruth.cell(without, 0, 0).multiply(GroundTruth.cell(without, 0, 2)));
      errors.add(GroundTruth.relativeError(estimate, target.income()));
    }

    GroundTruth.report(reporter, "AVG difference", GroundTruth.summary(errors, ONE_PERCENT));
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.1);
    assertThat(GroundTruth.atMost(errors, ONE_PERCENT)).isLessThanOrEqualTo(1);
  }

  /**
   * A count difference learns a sensitive bit: whether the target earns more than 50,000. Exact, it
   * is 0 or 1; noisy, it misses the bit by more than half a person for most targets.
   */
  @Test
  void countDifference_doesNotRevealTheTargetsIncomeBracket(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();
    int guessedRight = 0;

    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String rich =
          "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND district = '"
              + target.district()
              + "'";
      BigDecimal difference =
          GroundTruth.first(vault.run(rich))
              .subtract(
                  GroundTruth.first(
                      vault.run(
                          rich
                              + " AND NOT (gender = '"
                              + target.gender()
                              + "' AND age = "
                              + target.age()
                              + ")")));
      int bit = target.income().compareTo(new BigDecimal("50000")) > 0 ? 1 : 0;
      errors.add(difference.subtract(BigDecimal.valueOf(bit)).abs().doubleValue());
      if ((difference.doubleValue() >= 0.5 ? 1 : 0) == bit) {
        guessedRight++;
      }
    }

    GroundTruth.report(
        reporter,
        "COUNT difference (income > 50000)",
        GroundTruth.summary(errors, 0.5) + "; bit guessed right " + guessedRight + "/" + TARGETS);
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.5);
  }
}
