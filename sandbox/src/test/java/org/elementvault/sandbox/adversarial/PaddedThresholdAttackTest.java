package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Sampling the noisy low-count filter with padding: the target OR k − 1 people known to be rich,
 * AND {@code income > 50000}, is a group of k when the target is rich and k − 1 when not. A group
 * of k passes the filter only sometimes, but each padding set is a different set of subjects and so
 * draws a fresh threshold: over many sets, "ever released" would say "rich". Picking people out by
 * cells of several columns inside an OR is refused under noise; by one column, each IN value is
 * checked for low effect on its own, so the target's value, which only the target has in the
 * district, is answered as if absent whatever the target's income. Padding works at the edge of
 * low-effect detection too: an excluded cell holding the target and two known-rich people excludes
 * three rich subjects or two, and each pair of pads draws a fresh threshold; each excluded cell is
 * checked on its own.
 */
class PaddedThresholdAttackTest extends AttackTestSupport {

  private static final int SETS = 20;
  private static final int TARGETS = 10;
  private static final BigDecimal BRACKET = new BigDecimal("50000");

  private static boolean rich(Resident r) {
    return r.income() != null && r.income().compareTo(BRACKET) > 0;
  }

  @Test
  void paddingByCellsOfSeveralColumns_isRefused() {
    List<Resident> singles = GroundTruth.singledOut(3);
    String query =
        "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND (("
            + singles.stream().map(Resident::cell).collect(Collectors.joining(") OR ("))
            + "))";

    vault.assertRefusedAtRun(query, "picks people out by several columns at once");
  }

  /**
   * {@code NOT (gender = g AND age IN (target's age, pad, pad))}, with pads the only people of
   * their cell and rich: compared with the query without it, "ever different" over ten pairs of
   * pads would say "rich" (it read 40 of 40 brackets when the condition was checked as a whole).
   */
  @Test
  void paddingAnExcludedCell_doesNotRevealTheTargetsIncomeBracket(TestReporter reporter) {
    Map<String, List<Resident>> byCell =
        GroundTruth.RESIDENTS.stream()
            .collect(Collectors.groupingBy(r -> r.district() + "|" + r.gender() + "|" + r.age()));
    int targets = 0;
    int richTargets = 0;
    int guessedRight = 0;
    for (Resident target : GroundTruth.singledOut(2 * TARGETS)) {
      List<Resident> pads =
          GroundTruth.RESIDENTS.stream()
              .filter(r -> rich(r) && r.age() != target.age())
              .filter(r -> r.district().equals(target.district()))
              .filter(r -> r.gender().equals(target.gender()))
              .filter(r -> byCell.get(r.district() + "|" + r.gender() + "|" + r.age()).size() == 1)
              .toList();
      if (pads.size() < 5) {
        continue;
      }
      String base =
          "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND district = '"
              + target.district()
              + "'";
      var unpadded = vault.run(base).rows();
      boolean differs = false;
      for (int i = 0; i < 5; i++) {
        for (int j = i + 1; j < 5; j++) {
          String query =
              base
                  + " AND NOT (gender = '"
                  + target.gender()
                  + "' AND age IN ("
                  + target.age()
                  + ", "
                  + pads.get(i).age()
                  + ", "
                  + pads.get(j).age()
                  + "))";
          differs |= !vault.run(query).rows().equals(unpadded);
        }
      }
      targets++;
      richTargets += rich(target) ? 1 : 0;
      if (differs == rich(target)) {
        guessedRight++;
      }
    }
    GroundTruth.report(
        reporter,
        "excluded-cell padding",
        guessedRight + " of " + targets + " bits right, " + richTargets + " targets rich");
    assertThat(targets).isGreaterThanOrEqualTo(TARGETS);
    assertThat(guessedRight).isLessThanOrEqualTo(Math.max(richTargets, targets - richTargets));
  }

  /** The same by one column: ages that only one person of the district has. */
  @Test
  void paddingByOneColumn_doesNotRevealTheTargetsIncomeBracket(TestReporter reporter) {
    Map<String, List<Resident>> byDistrictAge =
        GroundTruth.RESIDENTS.stream()
            .collect(Collectors.groupingBy(r -> r.district() + "|" + r.age()));
    Map<String, List<Resident>> alone =
        byDistrictAge.values().stream()
            .filter(people -> people.size() == 1)
            .map(people -> people.get(0))
            .collect(Collectors.groupingBy(Resident::district));
    int targets = 0;
    int richTargets = 0;
    int guessedRight = 0;
    for (List<Resident> district : alone.values()) {
      List<Resident> richPads = district.stream().filter(PaddedThresholdAttackTest::rich).toList();
      if (richPads.size() < AttackFixture.K + 2) {
        continue;
      }
      for (Resident target : district.subList(0, Math.min(TARGETS, district.size()))) {
        List<Resident> pads = richPads.stream().filter(r -> !r.equals(target)).toList();
        // Three known-poor people keep the income condition of large effect.
        List<String> poor =
            district.stream()
                .filter(r -> !rich(r) && !r.equals(target))
                .limit(3)
                .map(r -> String.valueOf(r.age()))
                .toList();
        boolean released = false;
        for (int set = 0; set < SETS; set++) {
          List<String> ages = new ArrayList<>();
          ages.add(String.valueOf(target.age()));
          ages.addAll(poor);
          for (int i = 0; i < AttackFixture.K - 1; i++) {
            ages.add(String.valueOf(pads.get((set + i) % pads.size()).age()));
          }
          String query =
              "SELECT COUNT(*) AS n FROM residents WHERE income > 50000 AND district = '"
                  + target.district()
                  + "' AND age IN ("
                  + String.join(", ", ages)
                  + ")";
          released |= !vault.run(query).rows().isEmpty();
        }
        targets++;
        richTargets += rich(target) ? 1 : 0;
        if (released == rich(target)) {
          guessedRight++;
        }
      }
    }
    GroundTruth.report(
        reporter,
        "one-column padding",
        guessedRight + " of " + targets + " bits right, " + richTargets + " targets rich");
    // No better than always guessing the more common bracket.
    assertThat(targets).isGreaterThanOrEqualTo(TARGETS);
    assertThat(guessedRight).isLessThanOrEqualTo(Math.max(richTargets, targets - richTargets));
  }
}
