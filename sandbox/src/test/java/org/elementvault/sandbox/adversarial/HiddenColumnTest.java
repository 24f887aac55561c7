package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** Expressions, renames and quoting that try to release a protected column without saying so. */
class HiddenColumnTest extends AttackTestSupport {

  private static final String RAW = "may not be output raw";

  /** Calcite folds {@code + 0} away; what remains is the cast column, refused as itself. */
  @Test
  void output_idCardPlusZero_isRefused() {
    vault.assertRefused(
        "SELECT id_card + 0 FROM residents", "column residents.id_card (SENSITIVE, ID_CARD)", RAW);
  }

  @Test
  void output_idCardPlusOne_isRefused() {
    vault.assertRefused(
        "SELECT id_card + 1 FROM residents",
        "column residents.id_card (SENSITIVE, ID_CARD)",
        "may not be computed with: it is the subject column");
  }

  @Test
  void output_castPhone_isRefused() {
    vault.assertRefused(
        "SELECT CAST(phone AS VARCHAR(20)) FROM residents", "column residents.phone", RAW);
  }

  @Test
  void output_caseReturningName_isRefused() {
    vault.assertRefused(
        "SELECT CASE WHEN age > 0 THEN name ELSE 'x' END FROM residents",
        "column residents.name",
        RAW);
  }

  @Test
  void output_concatenatedPhone_isRefused() {
    vault.assertRefused("SELECT district || phone FROM residents", "column residents.phone", RAW);
  }

  @Test
  void output_substringOfPhone_isRefused() {
    vault.assertRefused(
        "SELECT SUBSTRING(phone FROM 4 FOR 4) FROM residents", "column residents.phone", RAW);
  }

  @Test
  void output_coalesceOfName_isRefused() {
    vault.assertRefused(
        "SELECT COALESCE(name, district) FROM residents", "column residents.name", RAW);
  }

  @Test
  void output_aliasedAsGeneralColumn_isRefused() {
    vault.assertRefused("SELECT phone AS district FROM residents", "column residents.phone", RAW);
  }

  @Test
  void output_quotedUpperCaseName_isRefused() {
    vault.assertRefused("SELECT \"PHONE\" FROM residents", "column residents.phone", RAW);
  }

  @Test
  void output_subqueryRename_isRefused() {
    vault.assertRefused(
        "SELECT x FROM (SELECT name AS x FROM residents) AS t", "column residents.name", RAW);
  }

  @Test
  void output_cteRename_isRefused() {
    vault.assertRefused(
        "WITH t(a) AS (SELECT phone FROM residents) SELECT a FROM t",
        "column residents.phone",
        RAW);
  }

  @Test
  void output_incomeTimesOne_isRefused() {
    vault.assertRefused(
        "SELECT income * 1 FROM residents", "column residents.income (IMPORTANT)", RAW);
  }

  @Test
  void output_yearOfBirthDate_isRefused() {
    vault.assertRefused(
        "SELECT EXTRACT(YEAR FROM birth_date) FROM residents",
        "column residents.birth_date (SENSITIVE, BIRTH_DATE)",
        RAW);
  }

  @Test
  void output_lengthOfName_isRefused() {
    vault.assertRefused("SELECT CHAR_LENGTH(name) FROM residents", "column residents.name", RAW);
  }

  @Test
  void output_upperCaseIdCardInSubquery_isRefused() {
    vault.assertRefused(
        "SELECT u FROM (SELECT UPPER(id_card) AS u FROM residents) AS t",
        "column residents.id_card",
        "may not be computed with: it is the subject column");
  }

  @Test
  void output_maskedColumnsBesideGeneralOnes_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, mask_phone(phone) AS phone, mask_name(name) AS name"
                + " FROM residents");

    assertThat(result.rows()).hasSize(AttackFixture.RESIDENTS);
    assertThat(result.rows()).allSatisfy(row -> assertThat((String) row.get(1)).contains("****"));
  }
}
