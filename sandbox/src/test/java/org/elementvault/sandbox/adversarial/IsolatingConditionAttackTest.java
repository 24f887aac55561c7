package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * An isolating condition: {@code NOT (gender = g AND age = a)} drops the target alone. Compared
 * with the same query dropping nobody ({@code age = 999}), the two select the same contributions
 * exactly when the target is not in the base group ({@code income > 50000}), and then differ only
 * in the conditions' text layer. Averaging many phantom spellings of both removes that layer, so an
 * average difference of zero says "not in the group". Low-effect detection (Open Diffix Fir: a
 * condition that removes fewer than a few subjects is answered as if absent) closes it.
 */
class IsolatingConditionAttackTest extends AttackTestSupport {

  private static final int TARGETS = 10;
  private static final int SPELLINGS = 20;

  @Disabled(
      "finding: averaging 20 phantom spellings of each query guessed 9 of 10 targets' income"
          + " bracket; needs low-effect detection or seeds from the matched values")
  @Test
  void averagedIsolatingDifference_doesNotRevealTheTargetsIncomeBracket(TestReporter reporter) {
    int guessedRight = 0;
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      BigDecimal difference = BigDecimal.ZERO;
      for (int i = 0; i < SPELLINGS; i++) {
        String base =
            "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND district IN ('"
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
      boolean guess = average.abs().compareTo(new BigDecimal("0.25")) > 0;
      if (guess == rich) {
        guessedRight++;
      }
    }
    GroundTruth.report(
        reporter, "isolating-condition averaging", guessedRight + " of " + TARGETS + " bits right");
    assertThat(guessedRight).isLessThanOrEqualTo(TARGETS * 3 / 4);
  }
}
