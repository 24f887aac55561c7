package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/**
 * Family: masking and pseudonym functions on anything but a bare column of their type. A literal
 * argument computes the masked form of a guess to look for; comparing a masked value with a
 * constant picks one person out.
 */
class MaskingArgumentTest extends AttackTestSupport {

  private static final String NOT_BARE =
      "takes one bare column of its type, not a constant, a cast or an expression; apply it"
          + " directly to a column";

  private static final String COMPARED =
      " may not be compared once masked or pseudonymized: compared with a constant it picks out one"
          + " person; output it or group by it instead";

  @Test
  void pseudonym_ofLiteral_isRefused() {
    vault.assertRefusedExactly(
        "SELECT pseudonym('张伟') AS p, COUNT(*) AS n FROM residents", "pseudonym() " + NOT_BARE);
  }

  @Test
  void maskPhone_ofLiteral_isRefused() {
    vault.assertRefusedExactly(
        "SELECT mask_phone('13800001111') AS p FROM residents", "mask_phone() " + NOT_BARE);
  }

  @Test
  void maskPhone_ofExpression_isRefused() {
    vault.assertRefusedExactly(
        "SELECT mask_phone(phone || '') AS p FROM residents", "mask_phone() " + NOT_BARE);
  }

  @Test
  void maskName_ofOtherPiiColumn_isRefused() {
    vault.assertRefused(
        "SELECT mask_name(phone) AS p FROM residents",
        "column residents.phone (SENSITIVE, PHONE)",
        "does not fit mask_name()");
  }

  /** Counts the people whose masked phone matches one person's: a membership test. */
  @Test
  void maskedValue_comparedWithConstant_isRefused() {
    String phone = vault.phone(3);
    String masked = phone.substring(0, 3) + "****" + phone.substring(7);

    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM residents WHERE mask_phone(phone) = '" + masked + "'",
        "column residents.phone (SENSITIVE, PHONE)" + COMPARED);
  }

  @Test
  void pseudonym_comparedWithConstant_isRefused() {
    vault.assertRefusedExactly(
        "SELECT district, COUNT(*) AS n FROM residents WHERE pseudonym(name) = 'abc'"
            + " GROUP BY district",
        "column residents.name (SENSITIVE, NAME)" + COMPARED);
  }

  @Test
  void maskedValue_comparedThroughSubSelect_isRefused() {
    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM (SELECT mask_phone(phone) AS m FROM residents) t"
            + " WHERE m LIKE '138%'",
        "column residents.phone (SENSITIVE, PHONE)" + COMPARED);
  }

  @Test
  void maskedValue_inCaseCondition_isRefused() {
    vault.assertRefused(
        "SELECT SUM(CASE WHEN mask_name(name) = '张*' THEN 1 ELSE 0 END) AS n FROM residents",
        "column residents.name (SENSITIVE, NAME)",
        "may not be compared once masked or pseudonymized");
  }

  @Test
  void join_samePseudonymOnSamePiiType_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT v.clinic, COUNT(*) AS n FROM"
                + " (SELECT pseudonym(id_card) AS p, district FROM residents) r JOIN"
                + " (SELECT pseudonym(id_card) AS p, clinic FROM visits) v ON r.p = v.p"
                + " GROUP BY v.clinic");

    assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("south");
  }

  @Test
  void join_differentMaskingFunctions_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM (SELECT mask_id_card(id_card) AS p FROM residents) r JOIN"
            + " (SELECT pseudonym(id_card) AS p FROM visits) v ON r.p = v.p",
        "join condition",
        "is not allowed");
  }

  @Test
  void groupBy_maskedValue_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT mask_name(name) AS m, COUNT(*) AS n FROM residents GROUP BY mask_name(name)");

    assertThat(result.rows()).isNotEmpty();
  }
}
