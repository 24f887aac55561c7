package org.elementvault.sandbox.adversarial;

import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Test;

/**
 * A condition inside one aggregate: a FILTER or an expression that leaves out the target's rows
 * ({@code COUNT(*) FILTER (WHERE NOT (gender = g AND age = a))}, {@code SUM(CASE WHEN age = a THEN
 * 0 ELSE 1 END)}) changes the contributions, and so the noise, exactly when the target is in the
 * group: comparing it with the same query leaving out nobody reads whether the target is rich.
 * Low-effect detection sees only WHERE, so under noise an aggregate takes columns, without FILTER.
 */
class ConditionalAggregateAttackTest extends AttackTestSupport {

  private static final Resident TARGET = GroundTruth.singledOut(1).get(0);
  private static final String RICH =
      " FROM residents WHERE income > 50000 AND district = '" + TARGET.district() + "'";

  @Test
  void countFilteredByAnIsolatingCondition_isRefused() {
    vault.assertRefusedAtRun(
        "SELECT COUNT(*) FILTER (WHERE NOT (gender = '"
            + TARGET.gender()
            + "' AND age = "
            + TARGET.age()
            + ")) AS n"
            + RICH,
        "filters the rows of one aggregate only");
  }

  @Test
  void sumOfAnIsolatingExpression_isRefused() {
    vault.assertRefusedAtRun(
        "SELECT SUM(CASE WHEN age = " + TARGET.age() + " THEN 0 ELSE 1 END) AS n" + RICH,
        "aggregates an expression");
  }

  @Test
  void sumOfAnExpressionInADerivedTable_isRefused() {
    vault.assertRefusedAtRun(
        "SELECT SUM(x) AS n FROM (SELECT CASE WHEN age = "
            + TARGET.age()
            + " THEN 0 ELSE 1 END AS x"
            + RICH
            + ") t",
        "aggregates an expression");
  }

  @Test
  void aggregatesOfColumns_areReleased() {
    vault.assertReleased(
        "SELECT district, COUNT(*) AS n, AVG(age) AS mean, COUNT(DISTINCT id_card) AS people"
            + " FROM residents GROUP BY district");
  }
}
