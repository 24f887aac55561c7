package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/**
 * Error and edge oracles: queries whose success, emptiness or NULLs would depend on whether the
 * target's row exists or what it holds. Each runs once for a cell holding one target and once for
 * the same cell at an age no one has; the outputs must be the same.
 */
class EdgeOracleAttackTest extends AttackTestSupport {

  private static final int TARGETS = 10;
  private static final int NO_ONE = 150;

  private static String absent(Resident target) {
    return "district = '"
        + target.district()
        + "' AND gender = '"
        + target.gender()
        + "' AND age = "
        + NO_ONE;
  }

  /**
   * Dividing by a count of the target's cell: NULL or an error would say whether they exist. The
   * count of an expression is refused under noise; total arithmetic would make it NULL, not fail.
   */
  @Test
  void divisionByTargetCellCount_isRefused() {
    Resident target = GroundTruth.singledOut(1).get(0);
    vault.assertRefusedAtRun(
        "SELECT district, SUM(income) / COUNT(CASE WHEN "
            + target.cell()
            + " THEN 1 END) AS q FROM residents GROUP BY district",
        "aggregates an expression");
  }

  /**
   * A group of one and a group of none: a condition of the cell that excludes only a few others is
   * dropped as of low effect, so each query releases nothing or a group of at least k, never the
   * target's cell alone.
   */
  @Test
  void targetCellGroup_releasesNothingOrAGroupOfAtLeastK() {
    List<Long> released = new ArrayList<>();
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      for (String cell : List.of(target.cell(), absent(target))) {
        ElementResult result =
            vault.run("SELECT COUNT(*) AS n, AVG(income) AS a FROM residents WHERE " + cell);
        rows(result).forEach(row -> released.add(((Number) row.get(0)).longValue()));
      }
    }
    assertGroupsOfAtLeastK(released);
  }

  /** HAVING on an indicator of the target: whether the district appears would depend on it. */
  @Test
  void havingOnTargetIndicator_isRefused() {
    Resident target = GroundTruth.singledOut(1).get(0);
    vault.assertRefusedAtRun(
        "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
            + " HAVING SUM(CASE WHEN "
            + target.cell()
            + " THEN 1 ELSE 0 END) > 0",
        "aggregates an expression");
  }

  /**
   * The target's income bracket within their one-person cell: the bracket condition excludes at
   * most the target, so it is dropped as of low effect, and the other conditions are dropped only
   * if they exclude few others. So each query either releases nothing or a group of at least k,
   * never the target's cell alone (the two may differ: the rich and the poor outside the cell
   * differ, whichever side the target is on).
   */
  @Test
  void targetIncomeBracket_releasesNothingOrAGroupOfAtLeastK() {
    List<Long> released = new ArrayList<>();
    for (Resident target : GroundTruth.singledOut(TARGETS)) {
      for (String bracket : List.of("income > 50000", "income <= 50000")) {
        ElementResult result =
            vault.run(
                "SELECT COUNT(*) AS n FROM residents WHERE " + bracket + " AND " + target.cell());
        rows(result).forEach(row -> released.add(((Number) row.get(0)).longValue()));
      }
    }
    assertGroupsOfAtLeastK(released);
  }

  /**
   * Each released count carries noise of SD about 3 here, so one count alone may fall below k / 2:
   * their mean says whether they are groups of at least k or cells of one.
   */
  private static void assertGroupsOfAtLeastK(List<Long> released) {
    assertThat(released.stream().mapToLong(Long::longValue).average().orElse(AttackFixture.K))
        .isGreaterThan(AttackFixture.K / 2.0);
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(ElementResult result) {
    return (List<List<Object>>) (List<?>) result.rows();
  }
}
