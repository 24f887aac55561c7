package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/**
 * Family: set operations and sub-selects that difference inside one element. Two aggregate blocks
 * that differ by a small set give that set's value away by subtraction, whatever each block's
 * threshold says; a released result is one aggregate block over one FROM.
 */
class SubSelectDifferencingTest extends AttackTestSupport {

  private static final String TWO_BLOCKS =
      "query has more than one aggregate block: two aggregates of one element that differ by a"
          + " small set give that set's value away; release one aggregate block over one FROM per"
          + " element (joins are allowed)";

  private static final String SUB_SELECT =
      "aggregate in a sub-select, join or set operation is not allowed: a released result is one"
          + " aggregate block over one FROM; aggregate once, in the outermost SELECT";

  /** All women minus all women but one district-age cell: the cell's income by difference. */
  @Test
  void unionAll_twoAggregatesDifferingByOnePerson_isRefused() {
    vault.assertRefusedExactly(
        "SELECT SUM(income) AS s FROM residents WHERE gender = '女'"
            + " UNION ALL SELECT SUM(income) FROM residents WHERE gender = '女' AND age > 20",
        TWO_BLOCKS);
  }

  @Test
  void except_twoAggregates_isRefused() {
    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM residents EXCEPT SELECT COUNT(*) FROM residents WHERE age > 50",
        TWO_BLOCKS);
  }

  @Test
  void intersect_twoAggregates_isRefused() {
    vault.assertRefusedExactly(
        "SELECT district, COUNT(*) AS n FROM residents GROUP BY district INTERSECT"
            + " SELECT district, COUNT(*) FROM residents WHERE age <> 37 GROUP BY district",
        TWO_BLOCKS);
  }

  @Test
  void scalarSubqueries_differenceOfTwoSums_isRefused() {
    vault.assertRefusedExactly(
        "SELECT (SELECT SUM(income) FROM residents)"
            + " - (SELECT SUM(income) FROM residents WHERE age <> 37) AS d FROM residents",
        TWO_BLOCKS);
  }

  @Test
  void scalarSubquery_besideRows_isRefused() {
    vault.assertRefusedExactly(
        "SELECT district, (SELECT COUNT(*) FROM visits) AS n FROM residents", SUB_SELECT);
  }

  @Test
  void inSubquery_underAggregate_isRefused() {
    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM residents"
            + " WHERE district IN (SELECT clinic FROM visits GROUP BY clinic)",
        TWO_BLOCKS);
  }

  @Test
  void groupedDerivedTable_joinedBack_isRefused() {
    vault.assertRefusedExactly(
        "SELECT r.district, COUNT(*) AS n FROM residents r JOIN"
            + " (SELECT id_card, COUNT(*) AS visits FROM visits GROUP BY id_card) v"
            + " ON r.id_card = v.id_card GROUP BY r.district",
        TWO_BLOCKS);
  }

  @Test
  void aggregateOverAggregate_isRefused() {
    vault.assertRefusedExactly(
        "SELECT SUM(n) AS total FROM (SELECT district, COUNT(*) AS n FROM residents"
            + " GROUP BY district) t",
        TWO_BLOCKS);
  }

  @Test
  void existsSubquery_isRefused() {
    vault.assertRefused(
        "SELECT district, COUNT(*) AS n FROM residents r WHERE EXISTS"
            + " (SELECT 1 FROM visits v WHERE v.id_card = r.id_card AND v.cost > 200)"
            + " GROUP BY district",
        "",
        "");
  }

  @Test
  void having_onOneBlock_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents GROUP BY district HAVING COUNT(*) > 20");

    assertThat(result.rows()).isNotEmpty();
  }

  @Test
  void unionAll_maskedRowLevelBranches_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT mask_phone(phone) AS m FROM residents WHERE gender = '男'"
                + " UNION ALL SELECT mask_phone(phone) FROM residents WHERE gender = '女'");

    assertThat(result.rows()).hasSize(AttackFixture.RESIDENTS);
  }
}
