package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** Top-1 attacks: ordering by a protected column and keeping the first row names its holder. */
class OrderAndLimitTest extends AttackTestSupport {

  private static final String ORDERED_RAW = "may not be ordered by raw";

  @Test
  void order_richestResidentsDistrict_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents ORDER BY income DESC LIMIT 1",
        "column residents.income (IMPORTANT)",
        ORDERED_RAW);
  }

  @Test
  void order_oldestResidentsMaskedPhone_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(phone) AS p FROM residents ORDER BY birth_date LIMIT 1",
        "column residents.birth_date (SENSITIVE, BIRTH_DATE)",
        ORDERED_RAW);
  }

  @Test
  void order_rawColumnInsideAggregatedSubquery_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM (SELECT age FROM residents ORDER BY phone LIMIT 1) AS t",
        "column residents.phone (SENSITIVE, PHONE)",
        ORDERED_RAW);
  }

  @Test
  void order_bucketedIncomeInRowLevelQuery_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents ORDER BY bucket(income, 10000) DESC LIMIT 1",
        "column residents.income",
        "may be ordered by generalized only in aggregate queries");
  }

  @Test
  void order_subjectColumn_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents ORDER BY id_card LIMIT 1",
        "column residents.id_card (SENSITIVE, ID_CARD)",
        ORDERED_RAW);
  }

  /** Ordering groups by a value the result does not carry ranks them by a hidden number. */
  @Test
  void order_byAggregateNotInOutput_isRefused() {
    vault.assertRefused(
        "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
            + " ORDER BY SUM(income) DESC LIMIT 1",
        "ORDER BY",
        "may only order by released output columns");
  }

  @Test
  void order_topGroupByOutputCount_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
                + " ORDER BY n DESC LIMIT 1");

    assertThat(result.rows()).hasSize(1);
  }

  /** {@code ORDER BY … LIMIT 1} over rows picks the one person at an extreme. */
  @Test
  void limit_rowLevelResult_isRefused() {
    vault.assertRefused(
        "SELECT age FROM residents ORDER BY age DESC LIMIT 3",
        "LIMIT, OFFSET or FETCH on a row-level result",
        "is not allowed: it selects rows by their rank");
  }

  @Test
  void limit_inSubSelect_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM (SELECT income FROM residents ORDER BY age DESC LIMIT 10) t",
        "ORDER BY, LIMIT, OFFSET or FETCH below the final output",
        "is not allowed: it selects rows by their rank");
  }

  @Test
  void offset_rowLevelResult_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents ORDER BY district OFFSET 5 ROWS",
        "LIMIT, OFFSET or FETCH on a row-level result",
        "is not allowed: it selects rows by their rank");
  }

  @Test
  void order_rowLevelByOutputColumn_isReleased() {
    ElementResult result = vault.assertReleased("SELECT age FROM residents ORDER BY age DESC");

    assertThat(result.rows()).hasSize(AttackFixture.RESIDENTS);
  }
}
