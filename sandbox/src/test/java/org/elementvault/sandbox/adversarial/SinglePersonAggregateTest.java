package org.elementvault.sandbox.adversarial;

import org.junit.jupiter.api.Test;

/**
 * Aggregates that return, select or weight one person's value inside a group large enough to pass
 * the threshold.
 */
class SinglePersonAggregateTest extends AttackTestSupport {

  private static final String ONE_PERSON = "it returns one person's value";
  private static final String BARE = "may be aggregated only as a bare column";
  private static final String CONDITIONAL = "may not be aggregated conditionally";

  @Test
  void aggregate_minOfIncome_isRefused() {
    vault.assertRefused(
        "SELECT district, MIN(income) AS m FROM residents GROUP BY district",
        "column residents.income (IMPORTANT)",
        ONE_PERSON);
  }

  @Test
  void aggregate_maxOfBirthDate_isRefused() {
    vault.assertRefused(
        "SELECT district, MAX(birth_date) AS m FROM residents GROUP BY district",
        "column residents.birth_date",
        ONE_PERSON);
  }

  @Test
  void aggregate_minOfName_isRefused() {
    vault.assertRefused(
        "SELECT district, MIN(name) AS m FROM residents GROUP BY district",
        "column residents.name",
        ONE_PERSON);
  }

  @Test
  void aggregate_anyValueOfPhone_isRejected() {
    vault.assertRejected(
        "SELECT district, ANY_VALUE(phone) AS p FROM residents GROUP BY district", "ANY_VALUE");
  }

  @Test
  void aggregate_listaggOfNames_isRejected() {
    vault.assertRejected(
        "SELECT district, LISTAGG(name) AS p FROM residents GROUP BY district", "LISTAGG");
  }

  @Test
  void aggregate_medianIncome_isRejected() {
    vault.assertRejected(
        "SELECT district, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY income) AS m"
            + " FROM residents GROUP BY district",
        "within group is not allowed");
  }

  /** SUM ... FILTER over a large group once released the income of the one 37-year-old man. */
  @Test
  void aggregate_sumFilteredToOnePerson_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(income) FILTER (WHERE age = 37 AND gender = '男') AS s"
            + " FROM residents GROUP BY district",
        "column residents.income (IMPORTANT)",
        CONDITIONAL);
  }

  /** COUNT ... FILTER with a condition on income once released one bit of one person's income. */
  @Test
  void aggregate_countFilteredOnIncomeOfOnePerson_isRefused() {
    vault.assertRefused(
        "SELECT district, COUNT(*) FILTER (WHERE income > 100000 AND age = 37) AS n"
            + " FROM residents GROUP BY district",
        "column residents.income",
        CONDITIONAL);
  }

  /** The CASE form of the same attack: the threshold counts the group, not the selected rows. */
  @Test
  void aggregate_sumOfCaseSelectingOnePerson_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(CASE WHEN age = 37 AND gender = '男' THEN income ELSE 0 END) AS s"
            + " FROM residents GROUP BY district",
        "column residents.income (IMPORTANT)",
        BARE);
  }

  /** Weighting one person by 10⁹ makes their income readable from the group's sum. */
  @Test
  void aggregate_sumWeightingOnePerson_isRefused() {
    vault.assertRefused(
        "SELECT district, SUM(income * CASE WHEN age = 37 THEN 1000000000 ELSE 1 END) AS s"
            + " FROM residents GROUP BY district",
        "column residents.income",
        BARE);
  }

  @Test
  void aggregate_countOfCaseOnIncome_isRefused() {
    vault.assertRefused(
        "SELECT district, COUNT(CASE WHEN income > 100000 AND age = 37 THEN 1 END) AS n"
            + " FROM residents GROUP BY district",
        "column residents.income",
        BARE);
  }

  @Test
  void aggregate_maxOfGeneralColumn_isRefused() {
    // With a condition on income, MAX(age) moves exactly when the oldest person is admitted:
    // bisecting the condition reads their income to the bucket.
    vault.assertRefused(
        "SELECT district, MAX(age) AS oldest FROM residents"
            + " WHERE bucket(income, 100) >= 50000 GROUP BY district",
        "column residents.age (GENERAL)",
        ONE_PERSON);
  }

  /** Under noise a FILTER is refused whatever it reads (ConditionalAggregateAttackTest). */
  @Test
  void aggregate_countFilteredOnGeneralColumns_isRefusedUnderNoise() {
    vault.assertRefusedAtRun(
        "SELECT district, COUNT(*) FILTER (WHERE age > 50) AS older, AVG(income) AS mean"
            + " FROM residents GROUP BY district",
        "filters the rows of one aggregate only");
  }
}
