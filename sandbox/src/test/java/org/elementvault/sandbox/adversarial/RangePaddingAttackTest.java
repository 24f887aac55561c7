package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The threshold's edge, sampled with ranges: {@code income > 50000 AND district = d AND age BETWEEN
 * lo AND hi}, with the range holding the target and exactly k − 1 people known to be rich, is a
 * group of k when the target is rich and of k − 1, never released, when not. Each distinct group
 * draws its own sticky threshold, so an attacker who knows everyone else exactly learns a little
 * from every distinct range; ranges of the same members teach nothing twice. This measures that
 * residual (README, "What noise does not promise"; it varies with each vault's secret, about 5 of
 * 59 over always guessing the more common bracket) and holds that it is not every bracket: without
 * the noisy threshold every rich target would be read.
 */
class RangePaddingAttackTest extends AttackTestSupport {

  private static final int TARGETS = 60;
  private static final BigDecimal BRACKET = new BigDecimal("50000");

  private static boolean rich(Resident r) {
    return r.income() != null && r.income().compareTo(BRACKET) > 0;
  }

  @Test
  void rangesOfExactlyKKnownPeople_revealLittleOfTheTargetsIncomeBracket(TestReporter reporter) {
    int targets = 0;
    int richTargets = 0;
    int guessedRight = 0;
    int groups = 0;
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      String base =
          "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND district = '"
              + target.district()
              + "'";
      Set<List<Resident>> tried = new HashSet<>();
      boolean released = false;
      for (int lo = target.age() - 40; lo <= target.age(); lo++) {
        for (int hi = target.age(); hi <= target.age() + 40; hi++) {
          List<Resident> others = knownRich(target, lo, hi);
          if (others.size() == AttackFixture.K - 1 && tried.add(others)) {
            released |= !vault.run(base + " AND age BETWEEN " + lo + " AND " + hi).rows().isEmpty();
          }
        }
      }
      if (tried.isEmpty()) {
        continue;
      }
      groups += tried.size();
      targets++;
      richTargets += rich(target) ? 1 : 0;
      if (released == rich(target)) {
        guessedRight++;
      }
    }
    int baseRate = Math.max(richTargets, targets - richTargets);
    GroundTruth.report(
        reporter,
        "range padding at the threshold",
        guessedRight
            + " of "
            + targets
            + " brackets right over "
            + groups
            + " groups, against "
            + baseRate
            + " by always guessing the more common one");
    assertThat(targets).isGreaterThanOrEqualTo(TARGETS / 2);
    assertThat(guessedRight).isLessThan(targets);
  }

  /** The rich people other than the target in its district with an age in [lo, hi]. */
  private static List<Resident> knownRich(Resident target, int lo, int hi) {
    return GroundTruth.RESIDENTS.stream()
        .filter(r -> !r.equals(target) && rich(r))
        .filter(r -> r.district().equals(target.district()))
        .filter(r -> r.age() >= lo && r.age() <= hi)
        .toList();
  }
}
