package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** CORE data needs an explicit grant: without one, every use of it anywhere is refused. */
class CoreColumnTest extends AttackTestSupport {

  private static final String CORE = "column residents.secret_score (CORE)";
  private static final String GRANT = "may not be used: CORE data needs an explicit grant";

  @Test
  void core_rawOutput_isRefused() {
    vault.assertRefused("SELECT secret_score FROM residents", CORE, GRANT);
  }

  @Test
  void core_sum_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(secret_score) AS s FROM residents GROUP BY district", CORE, GRANT);
  }

  @Test
  void core_count_isRefused() {
    vault.assertRefused("SELECT COUNT(secret_score) AS n FROM residents", CORE, GRANT);
  }

  @Test
  void core_filterOnGrid_isRefused() {
    vault.assertRefused("SELECT COUNT(*) AS n FROM residents WHERE secret_score > 50", CORE, GRANT);
  }

  @Test
  void core_groupedByBucket_isRefused() {
    vault.assertRefused(
        "SELECT bucket(secret_score, 10) AS b, COUNT(*) AS n FROM residents"
            + " GROUP BY bucket(secret_score, 10)",
        CORE,
        GRANT);
  }

  @Test
  void core_ordering_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents ORDER BY secret_score DESC LIMIT 1", CORE, GRANT);
  }

  @Test
  void core_joinKey_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents a JOIN residents b"
            + " ON a.secret_score = b.secret_score",
        CORE,
        GRANT);
  }

  @Test
  void core_caseWhenInOutput_isRefused() {
    vault.assertRefused(
        "SELECT district, CASE WHEN secret_score > 50 THEN 1 ELSE 0 END AS c FROM residents",
        CORE,
        GRANT);
  }

  @Test
  void core_distinctInSubquery_isRefused() {
    vault.assertRefused(
        "SELECT district FROM (SELECT DISTINCT district, secret_score FROM residents) AS t",
        CORE,
        GRANT);
  }

  /**
   * Documents where "anywhere" ends: a CORE column named in a subquery and dropped by the outer
   * query never reaches the plan (Calcite merges the projections), so nothing of it is read.
   */
  @Test
  void core_namedInSubqueryAndDropped_readsNothingOfIt() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district FROM (SELECT district, secret_score FROM residents) AS t");

    assertThat(result.columns()).extracting(c -> c.name()).containsExactly("district");
    assertThat(
            vault
                .check("SELECT district FROM (SELECT district, secret_score FROM residents)")
                .uses())
        .allSatisfy(
            (origin, uses) -> assertThat(origin.column().name()).isNotEqualTo("secret_score"));
  }
}
