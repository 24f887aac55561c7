package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** Joins may link datasets only on subjects or same-typed PII, and never multiply a subject. */
class JoinTest extends AttackTestSupport {

  @Test
  void join_crossJoin_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents CROSS JOIN visits", "cross join", "is not allowed");
  }

  /** Refused as a cross join even though the WHERE clause pairs subjects: refusing is safe. */
  @Test
  void join_commaJoinWithSubjectPredicate_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents r, visits v WHERE r.id_card = v.id_card",
        "cross join",
        "is not allowed");
  }

  @Test
  void join_onGeneralColumns_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents r JOIN visits v ON r.district = v.clinic",
        "column residents.district (GENERAL) = column visits.clinic (GENERAL)",
        "is not an allowed join key");
  }

  @Test
  void join_onDifferentPiiTypes_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents r JOIN visits v ON r.phone = v.id_card",
        "column residents.phone (SENSITIVE, PHONE) = column visits.id_card",
        "is not an allowed join key");
  }

  @Test
  void join_extraConditionOnIncome_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents r JOIN visits v"
            + " ON r.id_card = v.id_card AND r.income > 50000",
        "join condition",
        "is not allowed: joins are only on equality of subject columns");
  }

  @Test
  void join_onComputedSubject_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents r JOIN visits v ON UPPER(r.id_card) = v.id_card",
        "join condition",
        "is not allowed");
  }

  /** Resident 0's twenty visits form a group of twenty rows but one subject: suppressed. */
  @Test
  void join_onSubject_countsDistinctSubjectsNotJoinedRows() {
    ElementResult result =
        vault.assertReleased(
            "SELECT v.clinic, COUNT(*) AS n FROM residents r JOIN visits v"
                + " ON r.id_card = v.id_card GROUP BY v.clinic");

    assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("south");
    assertThat((Long) result.rows().get(0).get(1)).isCloseTo(30L, within(10L));
  }

  /** A self-join on the subject squares resident 0's rows (400); the threshold still sees one. */
  @Test
  void join_selfJoinOnSubject_multipliedRowsStillOneSubject() {
    ElementResult result =
        vault.assertReleased(
            "SELECT a.clinic, COUNT(*) AS n, SUM(a.cost) AS total FROM visits a JOIN visits b"
                + " ON a.id_card = b.id_card GROUP BY a.clinic");

    assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("south");
    assertThat((Long) result.rows().get(0).get(1)).isCloseTo(30L, within(10L));
  }

  @Test
  void join_samePiiTypeKeys_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT COUNT(DISTINCT v.id_card) AS people FROM residents r"
                + " JOIN visits v ON r.id_card = v.id_card WHERE v.clinic = 'south'");

    // South's 30 visitors: far above k, their count near its truth (the same margin as the
    // self-join's: the noise differs per vault, and one vault's noise crossed 6).
    assertThat((Long) result.rows().get(0).get(0)).isCloseTo(30L, within(10L));
  }
}
