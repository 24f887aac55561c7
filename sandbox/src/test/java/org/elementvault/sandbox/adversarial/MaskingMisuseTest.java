package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** A masking function takes one bare column of its PII type, and is the column's only release. */
class MaskingMisuseTest extends AttackTestSupport {

  private static final String BARE = "takes one bare column";
  private static final String TWO_WAYS = "is released in more than one way";

  @Test
  void mask_phoneMaskOnIdCard_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(id_card) AS m FROM residents",
        "column residents.id_card (SENSITIVE, ID_CARD)",
        "does not fit mask_phone()");
  }

  @Test
  void mask_nameMaskOnPhone_isRefused() {
    vault.assertRefused(
        "SELECT mask_name(phone) AS m FROM residents",
        "column residents.phone",
        "does not fit mask_name()");
  }

  /**
   * Once passed as if bare: shifting digits 4 to 7 into the kept last four showed the hidden middle
   * of every phone number.
   */
  @Test
  void mask_computedArgumentShiftingHiddenDigits_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone('1300000' || SUBSTRING(phone FROM 4 FOR 4)) AS m FROM residents",
        "mask_phone()",
        BARE);
  }

  @Test
  void mask_argumentComputedInSubquery_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(p) AS m FROM"
            + " (SELECT '1300000' || SUBSTRING(phone FROM 4 FOR 4) AS p FROM residents) AS t",
        "mask_phone()",
        BARE);
  }

  @Test
  void mask_concatenationWithConstant_isRefused() {
    vault.assertRefused("SELECT mask_phone(phone || '') AS m FROM residents", "mask_phone()", BARE);
  }

  @Test
  void mask_maskedBesidePseudonym_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(phone) AS m, pseudonym(phone) AS p FROM residents",
        "column residents.phone",
        TWO_WAYS);
  }

  @Test
  void mask_maskedIdBesideRegion_isRefused() {
    vault.assertRefused(
        "SELECT mask_id_card(id_card) AS m, id_region(id_card) AS r FROM residents",
        "column residents.id_card",
        TWO_WAYS);
  }

  @Test
  void mask_maskedOutputCombinedWithSubstring_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(phone) || SUBSTRING(phone FROM 4 FOR 4) AS m FROM residents",
        "column residents.phone",
        "may not be output raw");
  }

  @Test
  void mask_pseudonymOfCastImportantColumn_isRefused() {
    vault.assertRefused(
        "SELECT pseudonym(CAST(income AS VARCHAR(20))) AS p FROM residents",
        "pseudonym()",
        "takes one bare column of its type, not a constant, a cast or an expression");
  }

  @Test
  void generalize_bucketNoWiderThanPrecision_isRefused() {
    vault.assertRefused(
        "SELECT bucket(income, 0.01) AS b, COUNT(*) AS n FROM residents"
            + " GROUP BY bucket(income, 0.01)",
        "column residents.income",
        "may be bucketed only with a width of at least");
  }

  @Test
  void generalize_bucketOffGrid_isRefused() {
    vault.assertRefused(
        "SELECT bucket(income, 3000) AS b, COUNT(*) AS n FROM residents"
            + " GROUP BY bucket(income, 3000)",
        "bucket()",
        "takes a width on the grid of 1, 2 or 5 × 10ⁿ");
  }

  @Test
  void generalize_truncateToDay_isRefused() {
    vault.assertRefused(
        "SELECT truncate_date(birth_date, 'DAY') AS d, COUNT(*) AS n FROM residents"
            + " GROUP BY truncate_date(birth_date, 'DAY')",
        "truncate_date()",
        "takes the unit 'YEAR' or 'MONTH'");
  }

  @Test
  void mask_idCard_isReleasedMasked() {
    ElementResult result = vault.assertReleased("SELECT mask_id_card(id_card) AS m FROM residents");

    assertThat(result.rows())
        .allSatisfy(row -> assertThat((String) row.get(0)).matches("\\d{6}\\*{8}\\d{3}[\\dX]"));
  }

  @Test
  void mask_castBareColumn_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(CAST(phone AS VARCHAR(20))) AS m FROM residents",
        "mask_phone()",
        "takes one bare column of its type, not a constant, a cast or an expression");
  }
}
