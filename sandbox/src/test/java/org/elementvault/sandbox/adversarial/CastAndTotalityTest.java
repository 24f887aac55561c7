package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.policy.Problem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Family: casts and functions that change what a column is. A cast that can fail is an error oracle
 * (the job fails because of one row the threshold would have suppressed); a cast or string function
 * that reshapes a value is not "the bare column" an aggregate may take; identifiers are counted,
 * never summed.
 */
class CastAndTotalityTest extends AttackTestSupport {

  /** Bank card numbers stored as numbers: an identifier a query could sum to read digits back. */
  private static final String CARDS_SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: SENSITIVE}
        - {name: region, type: STRING, level: GENERAL}
        - {name: card, type: BIGINT, level: SENSITIVE, pii: BANK_CARD}
      """;

  @BeforeAll
  void importCards() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("id,region,card");
    for (int i = 0; i < 30; i++) {
      lines.add("c" + i + ",east," + (6222020000000000000L + i * 7919L));
    }
    var unused = vault.sandbox().importCsv("cards", CARDS_SCHEMA, lines);
  }

  /** Fails on any district that is not a number: whether the job fails says what is there. */
  @Test
  void cast_textToNumber_isRefused() {
    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM residents WHERE CAST(district AS INT) > 5",
        "CAST from VARCHAR to INTEGER is not allowed: it fails on some values, and a job must not"
            + " fail because of a row the threshold suppresses; compare and compute in the column's"
            + " own type");
  }

  @Test
  void cast_textToDate_isRefused() {
    vault.assertRefused(
        "SELECT CAST(district AS DATE) AS d FROM residents",
        "CAST from VARCHAR to DATE",
        "is not allowed: it fails on some values");
  }

  @Test
  void cast_narrowingNumber_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(CAST(income AS DECIMAL(4,0))) AS s FROM residents GROUP BY district",
        "CAST from DECIMAL to DECIMAL",
        "is not allowed: it fails on some values");
  }

  /** {@code CAST(phone AS VARCHAR(3))} is the phone's prefix, not the phone. */
  @Test
  void cast_truncatingText_insideAggregate_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(CAST(phone AS VARCHAR(7))) AS n FROM residents",
        "column residents.phone (SENSITIVE, PHONE)",
        "may be aggregated only as a bare column");
  }

  @Test
  void stringFunction_overSensitiveText_insideAggregate_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(CHAR_LENGTH(name)) AS s FROM residents GROUP BY district",
        "column residents.name (SENSITIVE, NAME)",
        "may be aggregated only as a bare column");
  }

  @Test
  void substring_withComputedLength_isRefused() {
    vault.assertRefusedExactly(
        "SELECT SUBSTRING(district FROM 1 FOR age - 30) AS d FROM residents",
        "SUBSTRING takes constants after its first argument (non-negative positions and lengths,"
            + " a literal pattern): otherwise it can fail on some rows; pass literals");
  }

  @Test
  void substring_withNegativeLength_isRefused() {
    vault.assertRefused(
        "SELECT SUBSTRING(district FROM 1 FOR -1) AS d FROM residents",
        "SUBSTRING",
        "takes constants after its first argument");
  }

  @Test
  void like_withColumnPattern_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents WHERE district LIKE gender",
        "LIKE",
        "takes constants after its first argument");
  }

  @Test
  void unlistedFunction_isRejected() {
    vault.assertRejected(
        "SELECT REVERSE(district) AS d FROM residents", "No match found for function signature");
  }

  /** Counting distinct IDs is fine; summing them as numbers is a trick to read digits back. */
  @Test
  void sum_ofIdentifierVisits_isRefused() {
    vault.assertRefused(
        "SELECT clinic, AVG(CAST(id_card AS DOUBLE)) AS a FROM visits GROUP BY clinic",
        "CAST from VARCHAR to DOUBLE",
        "is not allowed");
  }

  @Test
  void cast_wideningNumber_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, SUM(CAST(income AS DECIMAL(20,2))) AS s FROM residents"
                + " GROUP BY district");

    assertThat(result.rows()).hasSize(5);
  }

  @Test
  void division_byGeneralColumn_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, AVG(income) / COUNT(*) AS r FROM residents GROUP BY district");

    assertThat(result.rows()).hasSize(5);
  }

  /** A text constant that is no number fails in generated code: refused before it runs. */
  @Test
  void cast_constantThatIsNoNumber_isRefused() {
    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM residents WHERE age IN (30, 'x')",
        "CAST of a constant to INTEGER fails: the constant is not a value of that type; write the"
            + " constant in the type it is compared with");
  }

  /** Summing card numbers of a group of k, then of k minus one, gives one card number. */
  @Test
  void sum_ofNumericIdentifier_isRefused() {
    String sql = "SELECT region, SUM(card) AS s FROM cards GROUP BY region";

    assertThat(vault.sandbox().check(sql, "cards").problems())
        .map(Problem::message)
        .contains(
            "column cards.card (SENSITIVE, BANK_CARD) may only be counted: an identifier is not a"
                + " quantity to sum or average; use COUNT(DISTINCT card)");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                VaultException.class, () -> vault.sandbox().run(sql, AttackFixture.K, "cards")))
        .extracting(VaultException::code)
        .isEqualTo(ErrorCode.POLICY_REFUSED);
  }

  @Test
  void count_ofNumericIdentifier_isReleased() {
    String sql = "SELECT region, COUNT(card) AS n FROM cards GROUP BY region";

    assertThat(vault.sandbox().check(sql, "cards").problems()).isEmpty();
  }
}
