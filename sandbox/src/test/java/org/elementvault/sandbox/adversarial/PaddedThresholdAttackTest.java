package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Sampling the noisy low-count filter with padding: the target's cell OR the cells of k − 1 people
 * known to be rich, AND {@code income > 50000}, is a group of k when the target is rich and k − 1
 * when not. A group of k passes the filter only sometimes, but each padding set is a different set
 * of subjects and so draws a fresh threshold: over many sets, "ever released" says "rich". (Three
 * known-poor cells keep the income condition of large effect, so low-effect detection keeps it.)
 */
class PaddedThresholdAttackTest extends AttackTestSupport {

  private static final int TARGETS = 10;
  private static final int SETS = 20;
  private static final BigDecimal BRACKET = new BigDecimal("50000");

  @Disabled(
      "finding: 10 of 10 bits (rich targets released in 101 of 140 padding sets, poor ones in"
          + " none); needs low effect of each OR branch (a branch that adds fewer than a few"
          + " subjects is dropped), or thresholds not seeded per subject set")
  @Test
  void paddedGroupsAtK_doNotRevealTheTargetsIncomeBracket(TestReporter reporter) {
    List<Resident> singles = GroundTruth.singledOut(2_000);
    List<Resident> rich = singles.stream().filter(r -> r.income().compareTo(BRACKET) > 0).toList();
    List<Resident> poor = singles.stream().filter(r -> r.income().compareTo(BRACKET) <= 0).toList();
    int guessedRight = 0;
    for (Resident target : singles.subList(0, TARGETS)) {
      boolean released = false;
      for (int set = 0; set < SETS; set++) {
        List<String> cells = new ArrayList<>();
        cells.add(target.cell());
        rich.stream()
            .filter(r -> !r.equals(target))
            .skip(set)
            .limit(AttackFixture.K - 1)
            .forEach(r -> cells.add(r.cell()));
        poor.stream().filter(r -> !r.equals(target)).limit(3).forEach(r -> cells.add(r.cell()));
        String query =
            "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND (("
                + String.join(") OR (", cells)
                + "))";
        released |= !vault.run(query).rows().isEmpty();
      }
      if (released == target.income().compareTo(BRACKET) > 0) {
        guessedRight++;
      }
    }
    GroundTruth.report(
        reporter, "padded-threshold sampling", guessedRight + " of " + TARGETS + " bits right");
    assertThat(guessedRight).isLessThanOrEqualTo(TARGETS * 3 / 4);
  }
}
