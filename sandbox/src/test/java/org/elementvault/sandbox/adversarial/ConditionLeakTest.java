package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** Conditions are outputs too: one bit per row, through WHERE, HAVING, CASE WHEN and IN. */
class ConditionLeakTest extends AttackTestSupport {

  private static final String ONLY_GENERALIZED =
      "may be filtered on only through a generalization function";
  private static final String GRID = "may be compared only with constants on the grid";
  private static final String SUBJECT = "may not be filtered on: it is the subject column";

  /** The refusal never echoes the imported phone number the attacker guessed. */
  @Test
  void filter_equalityOnRealPhoneNumber_isRefusedWithoutEchoingIt() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE phone = '" + vault.phone(3) + "'",
        "column residents.phone (SENSITIVE, PHONE)",
        ONLY_GENERALIZED);
  }

  @Test
  void filter_likeOnName_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE name LIKE '张%'",
        "column residents.name (SENSITIVE, NAME)", ONLY_GENERALIZED);
  }

  @Test
  void filter_isNullOnName_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE name IS NULL",
        "column residents.name",
        "SENSITIVE text is never a condition");
  }

  @Test
  void filter_offGridIncomeRange_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE income BETWEEN 123000 AND 124000",
        "column residents.income (IMPORTANT)",
        GRID);
  }

  @Test
  void filter_gridBoundInAggregate_isReleased() {
    ElementResult result =
        vault.assertReleased("SELECT COUNT(*) AS n FROM residents WHERE income > 50000");

    assertThat(result.rows()).hasSize(1);
  }

  @Test
  void filter_gridBoundInRowLevelQuery_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents WHERE income > 50000",
        "column residents.income",
        "may be filtered on only in aggregate queries");
  }

  @Test
  void filter_computedIncome_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE income - 123000 > 0",
        "column residents.income",
        ONLY_GENERALIZED);
  }

  @Test
  void filter_incomeInList_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE income IN (50000, 100000)",
        "column residents.income",
        ONLY_GENERALIZED);
  }

  @Test
  void filter_incomeEquality_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE income = 123456.78",
        "column residents.income",
        ONLY_GENERALIZED);
  }

  @Test
  void filter_birthDateMidMonth_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE birth_date >= DATE '1980-03-15'",
        "column residents.birth_date (SENSITIVE, BIRTH_DATE)",
        GRID);
  }

  @Test
  void filter_birthDateOnMonthBoundary_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT COUNT(*) AS n FROM residents WHERE birth_date >= DATE '1980-03-01'");

    assertThat(result.rows()).hasSize(1);
  }

  @Test
  void filter_incomeIsNullInAggregate_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents WHERE income IS NOT NULL"
                + " GROUP BY district");

    assertThat(result.rows()).hasSize(5);
  }

  /**
   * Chinese literals once failed to encode in Calcite's default charset, with the literal echoed.
   */
  @Test
  void filter_chineseGeneralLiterals_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT COUNT(*) AS n FROM residents WHERE district = '金水区' AND gender = '男'");

    assertThat(result.rows()).hasSize(1);
  }

  @Test
  void filter_caseWhenOnName_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(CASE WHEN name = '张伟' THEN 1 ELSE 0 END) AS n FROM residents"
            + " GROUP BY district",
        "column residents.name (SENSITIVE, NAME)",
        ONLY_GENERALIZED);
  }

  @Test
  void filter_caseWhenOffGridIncomeInOutput_isRefused() {
    vault.assertRefused(
        "SELECT district, CASE WHEN income > 123456 THEN 'rich' ELSE 'poor' END AS c"
            + " FROM residents",
        "column residents.income",
        "may be filtered on only in aggregate queries");
  }

  @Test
  void filter_havingOnMinimumIncome_isRefused() {
    vault.assertRefused(
        "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
            + " HAVING MIN(income) > 100000",
        "column residents.income (IMPORTANT)",
        "may not be aggregated with MIN");
  }

  @Test
  void filter_subjectEquality_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE id_card = '" + vault.idCard(5) + "'",
        "column residents.id_card (SENSITIVE, ID_CARD)",
        SUBJECT);
  }

  @Test
  void filter_subjectThroughRegion_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) FROM residents WHERE id_region(id_card) = '410105'",
        "column residents.id_card",
        SUBJECT);
  }
}
