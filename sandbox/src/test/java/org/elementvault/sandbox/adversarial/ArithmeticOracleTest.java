package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.VectorizedExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No value in any row can make a job fail or wrap: a division by zero or an overflow in a row the
 * threshold suppresses would otherwise tell, by an error, that the row exists. Partial operations
 * yield NULL; sums and averages are exact. Aggregates are released under sticky noise, so their
 * exactness is asserted on the exact thresholded results both executors compute before the noise
 * ({@code runExact}), and their release on the groups that come out.
 *
 * <p>{@code accounts} holds {@value #EAST} subjects in {@code east} with BIGINT amounts just under
 * {@link Long#MAX_VALUE} and INT values just under {@link Integer#MAX_VALUE}, and one subject in
 * {@code west} (a group the threshold suppresses) with the extreme values: amount {@link
 * Long#MIN_VALUE} and small 0.
 */
class ArithmeticOracleTest extends AttackTestSupport {

  /**
   * Well above k plus the low-count filter's noise, so whether east is released is never in doubt.
   */
  private static final int EAST = 30;

  private static final String ACCOUNTS_SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: SENSITIVE}
        - {name: region, type: STRING, level: GENERAL}
        - {name: amount, type: BIGINT, level: GENERAL}
        - {name: small, type: INT, level: GENERAL}
      """;

  @BeforeAll
  void importAccounts() {
    List<String> lines = new ArrayList<>();
    lines.add("id,region,amount,small");
    for (int i = 0; i < EAST; i++) {
      lines.add("a" + i + ",east," + (Long.MAX_VALUE - i) + "," + (Integer.MAX_VALUE - i));
    }
    lines.add("w0,west," + Long.MIN_VALUE + ",0");
    var unused = vault.sandbox().importCsv("accounts", ACCOUNTS_SCHEMA, lines);
  }

  private ElementResult run(String sql) {
    assertThat(vault.sandbox().check(sql, "accounts").problems())
        .as("problems of %s", sql)
        .isEmpty();
    return vault.sandbox().run(sql, AttackFixture.K, "accounts");
  }

  /** The exact thresholded result of {@code sql} over {@code accounts}, before any noise. */
  private ElementResult exact(String sql, Executor executor) {
    return vault.sandbox().runExact(sql, AttackFixture.K, executor, "accounts");
  }

  private static List<@Nullable Object> groups(ElementResult result) {
    return result.rows().stream().map(row -> row.get(0)).toList();
  }

  /** The sum of {@code Long.MAX_VALUE - i} for i from 0 to EAST - 1. */
  private static BigDecimal eastTotal() {
    return BigDecimal.valueOf(Long.MAX_VALUE)
        .multiply(BigDecimal.valueOf(EAST))
        .subtract(BigDecimal.valueOf((long) EAST * (EAST - 1) / 2));
  }

  @Test
  void division_zeroDivisorInSuppressedGroup_exactResultSameAsWithoutThatRow() {
    String query = "SELECT region, COUNT(*) AS n, SUM(amount / small) AS q FROM accounts";

    ElementResult all = exact(query + " GROUP BY region", new CalciteExecutor());
    ElementResult withoutWest =
        exact(query + " WHERE region <> 'west' GROUP BY region", new CalciteExecutor());

    assertThat(all.rows()).isEqualTo(withoutWest.rows()).hasSize(1);
  }

  /** Under noise an aggregate takes columns, so a row's division lives in WHERE. */
  @Test
  void division_byDifferenceOfAColumnWithItself_isNullNotAFailure() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents WHERE age / (age - age) IS NULL"
                + " GROUP BY district");

    assertThat(result.rows()).hasSize(5);
  }

  /** Counts are never NULL, so the division of two is typed NOT NULL until it is made total. */
  @Test
  void division_ofNonNullCountsByZero_isNull() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) / (COUNT(*) - COUNT(*)) AS r FROM residents"
                + " GROUP BY district");

    assertThat(result.rows()).hasSize(5).allSatisfy(row -> assertThat(row.get(1)).isNull());
  }

  @Test
  void division_ofNonNullValuesInWhere_isNull() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents"
                + " WHERE COALESCE(age, 0) / COALESCE(age - age, 0) IS NULL GROUP BY district");

    assertThat(result.rows()).hasSize(5);
  }

  @Test
  void having_zeroDivisor_dropsTheGroupWithoutAFailure() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
                + " HAVING COUNT(*) / (COUNT(*) - COUNT(*)) > 1");

    assertThat(result.rows()).isEmpty();
  }

  @Test
  void division_zeroDivisorOnlyInSuppressedClinic_exactResultSameAsWithoutThatClinic() {
    String query =
        "SELECT clinic, COUNT(*) AS n,"
            + " SUM(100 / CASE WHEN clinic = 'north' THEN 0 ELSE 1 END) AS s FROM visits";

    ElementResult all =
        vault
            .sandbox()
            .runExact(query + " GROUP BY clinic", AttackFixture.K, new CalciteExecutor(), "visits");
    ElementResult withoutNorth =
        vault
            .sandbox()
            .runExact(
                query + " WHERE clinic <> 'north' GROUP BY clinic",
                AttackFixture.K,
                new CalciteExecutor(),
                "visits");

    assertThat(all.rows())
        .isEqualTo(withoutNorth.rows())
        .containsExactly(List.of("south", 30L, BigDecimal.valueOf(3000)));
  }

  @Test
  void mod_zeroDivisorInSuppressedGroup_exactResultSameAsWithoutThatRow() {
    String query = "SELECT region, SUM(MOD(amount, small)) AS m FROM accounts";

    ElementResult all = exact(query + " GROUP BY region", new CalciteExecutor());
    ElementResult withoutWest =
        exact(query + " WHERE region <> 'west' GROUP BY region", new CalciteExecutor());

    assertThat(all.rows()).isEqualTo(withoutWest.rows()).hasSize(1);
  }

  @Test
  void division_rowLevelZeroDivisor_isNull() {
    ElementResult result = run("SELECT region, amount / small AS q FROM accounts");

    assertThat(result.rows()).contains(Arrays.asList("west", null)).hasSize(EAST + 1);
  }

  /** Long.MIN_VALUE / -1 is the one quotient that does not fit: Java wraps it to itself. */
  @Test
  void division_minimumByMinusOne_isNull() {
    ElementResult result = run("SELECT amount / -1 AS q FROM accounts WHERE region = 'west'");

    assertThat(result.rows()).containsExactly(Arrays.asList((Object) null));
  }

  @Test
  void plus_bigintOverflow_isNullNotWrapped() {
    ElementResult result =
        run("SELECT amount + 1 AS successor FROM accounts WHERE region = 'east'");

    assertThat(result.rows())
        .hasSize(EAST)
        .contains(Arrays.asList((Object) null))
        .contains(List.of(Long.MAX_VALUE))
        .noneMatch(row -> row.get(0) instanceof Long value && value < 0);
  }

  @Test
  void times_intOverflow_isNullNotWrapped() {
    ElementResult result = run("SELECT small * 2 AS twice FROM accounts WHERE region = 'east'");

    assertThat(result.rows()).hasSize(EAST).allSatisfy(row -> assertThat(row.get(0)).isNull());
  }

  @Test
  void minus_unaryOfMinimum_isNullNotWrapped() {
    ElementResult result = run("SELECT -amount AS negated FROM accounts WHERE region = 'west'");

    assertThat(result.rows()).containsExactly(Arrays.asList((Object) null));
  }

  @Test
  void sum_bigintsNearMaxValue_isExact() {
    ElementResult result =
        exact(
            "SELECT region, SUM(amount) AS s FROM accounts GROUP BY region", new CalciteExecutor());

    assertThat(result.rows()).containsExactly(List.of("east", eastTotal()));
  }

  @Test
  void sum_bigintsNearMaxValue_vectorizedIsExactToo() {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    ElementResult result =
        exact("SELECT region, SUM(amount) AS s FROM accounts GROUP BY region", vectorized);

    assertThat(result.rows()).containsExactly(List.of("east", eastTotal()));
  }

  /** Noise is scaled to the largest contributions, but the sum it noises did not wrap. */
  @Test
  void sum_bigintsNearMaxValue_isReleasedWithoutWrapping() {
    ElementResult result = run("SELECT region, SUM(amount) AS s FROM accounts GROUP BY region");

    assertThat(groups(result)).containsExactly("east");
    assertThat((BigDecimal) result.rows().get(0).get(1))
        .isGreaterThan(BigDecimal.valueOf(Long.MAX_VALUE));
  }

  @Test
  void sum_intsNearMaxValue_isExact() {
    ElementResult result =
        exact("SELECT SUM(small) AS s FROM accounts WHERE region = 'east'", new CalciteExecutor());

    BigDecimal expected =
        BigDecimal.valueOf(Integer.MAX_VALUE)
            .multiply(BigDecimal.valueOf(EAST))
            .subtract(BigDecimal.valueOf((long) EAST * (EAST - 1) / 2));
    assertThat(result.rows()).containsExactly(List.of(expected));
  }

  @Test
  void average_bigintsNearMaxValue_isExactAndTruncated() {
    ElementResult result =
        exact(
            "SELECT region, AVG(amount) AS a FROM accounts GROUP BY region", new CalciteExecutor());

    assertThat(result.rows()).containsExactly(List.of("east", Long.MAX_VALUE - EAST / 2));
  }

  @Test
  void average_bigintsNearMaxValue_vectorizedIsExactToo() {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    ElementResult result =
        exact("SELECT region, AVG(amount) AS a FROM accounts GROUP BY region", vectorized);

    assertThat(result.rows()).containsExactly(List.of("east", Long.MAX_VALUE - EAST / 2));
  }

  /** A CASE whose condition the planner folds away once tripped an assertion in the rewrite. */
  @Test
  void foldedCase_insideAggregate_runsOrIsRefusedCleanly() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                vault.run(
                    "SELECT district, MIN(CASE WHEN secret_score BETWEEN 10 AND 0 THEN income"
                        + " ELSE 0 END) AS a0, COUNT(*) AS a1 FROM residents GROUP BY district"));

    assertThat(thrown == null || thrown instanceof org.elementvault.engine.VaultException)
        .as("outcome %s", thrown)
        .isTrue();
  }
}
