package org.elementvault.sandbox.adversarial;

import org.junit.jupiter.api.Test;

/** Window functions rank and number rows: a per-row view of protected columns, never allowed. */
class WindowTest extends AttackTestSupport {

  @Test
  void window_rowNumberOverIncome_isRejected() {
    vault.assertRejected(
        "SELECT district, ROW_NUMBER() OVER (ORDER BY income DESC) AS r FROM residents",
        "over is not allowed in element queries");
  }

  @Test
  void window_rankPerDistrict_isRejected() {
    vault.assertRejected(
        "SELECT RANK() OVER (PARTITION BY district ORDER BY income) AS r FROM residents",
        "over is not allowed in element queries");
  }

  @Test
  void window_runningSumOfIncome_isRejected() {
    vault.assertRejected(
        "SELECT SUM(income) OVER (PARTITION BY district) AS s FROM residents",
        "over is not allowed in element queries");
  }

  @Test
  void window_namedWindowClause_isRejected() {
    vault.assertRejected(
        "SELECT COUNT(*) OVER w AS c FROM residents WINDOW w AS (PARTITION BY district)",
        "is not allowed in element queries");
  }

  @Test
  void window_firstRowPerGroupInSubquery_isRejected() {
    vault.assertRejected(
        "SELECT district FROM (SELECT district, ROW_NUMBER() OVER (PARTITION BY district"
            + " ORDER BY income DESC) AS r FROM residents) AS t WHERE r = 1",
        "over is not allowed in element queries");
  }
}
