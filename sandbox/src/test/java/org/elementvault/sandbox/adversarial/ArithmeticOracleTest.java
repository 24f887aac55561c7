package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.VectorizedExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No value in any row can make a job fail or wrap: a division by zero, an overflow or a negative
 * substring length in a row the threshold suppresses would otherwise tell, by an error, that the
 * row exists. Partial operations yield NULL; sums and averages are exact.
 *
 * <p>{@code accounts} holds {@value #EAST} subjects in {@code east} with BIGINT amounts just under
 * {@link Long#MAX_VALUE} and INT values just under {@link Integer#MAX_VALUE}, and one subject in
 * {@code west} (a group the threshold suppresses) with the extreme values: amount {@link
 * Long#MIN_VALUE} and small 0.
 */
class ArithmeticOracleTest extends AttackTestSupport {

  private static final int EAST = 12;

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

  /** The sum of {@code Long.MAX_VALUE - i} for i from 0 to EAST - 1. */
  private static BigDecimal eastTotal() {
    return BigDecimal.valueOf(Long.MAX_VALUE)
        .multiply(BigDecimal.valueOf(EAST))
        .subtract(BigDecimal.valueOf((long) EAST * (EAST - 1) / 2));
  }

  @Test
  void division_zeroDivisorInSuppressedGroup_returnsSameAsWithoutThatRow() {
    String query = "SELECT region, COUNT(*) AS n, SUM(amount / small) AS q FROM accounts";

    ElementResult all = run(query + " GROUP BY region");
    ElementResult withoutWest = run(query + " WHERE region <> 'west' GROUP BY region");

    assertThat(all.rows()).isEqualTo(withoutWest.rows()).hasSize(1);
  }

  @Test
  void division_byDifferenceOfAColumnWithItself_isNullNotAFailure() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n, SUM(age / (age - age)) AS q FROM residents"
                + " GROUP BY district");

    assertThat(result.rows()).hasSize(5).allSatisfy(row -> assertThat(row.get(2)).isNull());
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
  void division_ofNonNullValuesInsideSum_isNull() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, SUM(COALESCE(age, 0) / COALESCE(age - age, 0)) AS s FROM residents"
                + " GROUP BY district");

    assertThat(result.rows()).hasSize(5).allSatisfy(row -> assertThat(row.get(1)).isNull());
  }

  @Test
  void having_zeroDivisor_dropsTheGroupWithoutAFailure() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
                + " HAVING COUNT(*) / (COUNT(*) - COUNT(*)) > 1");

    assertThat(result.rows()).isEmpty();
  }

  /** Clinic north, resident 0's twenty visits, is suppressed: its zero divisors must not show. */
  @Test
  void division_zeroDivisorOnlyInSuppressedClinic_returnsSameAsWithoutThatClinic() {
    String query =
        "SELECT clinic, COUNT(*) AS n,"
            + " SUM(100 / CASE WHEN clinic = 'north' THEN 0 ELSE 1 END) AS s FROM visits";

    ElementResult all = vault.assertReleased(query + " GROUP BY clinic");
    ElementResult withoutNorth =
        vault.assertReleased(query + " WHERE clinic <> 'north' GROUP BY clinic");

    assertThat(all.rows())
        .isEqualTo(withoutNorth.rows())
        .containsExactly(List.of("south", 30L, BigDecimal.valueOf(3000)));
  }

  @Test
  void mod_zeroDivisorInSuppressedGroup_returnsSameAsWithoutThatRow() {
    String query = "SELECT region, SUM(MOD(amount, small)) AS m FROM accounts";

    ElementResult all = run(query + " GROUP BY region");
    ElementResult withoutWest = run(query + " WHERE region <> 'west' GROUP BY region");

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
  void substring_negativeLength_isNullNotAFailure() {
    ElementResult result = run("SELECT region, SUBSTRING(region, 1, small - 1) AS s FROM accounts");

    assertThat(result.rows()).contains(Arrays.asList("west", null)).hasSize(EAST + 1);
  }

  @Test
  void sum_bigintsNearMaxValue_isExact() {
    ElementResult result = run("SELECT region, SUM(amount) AS s FROM accounts GROUP BY region");

    assertThat(result.rows()).containsExactly(List.of("east", eastTotal()));
  }

  @Test
  void sum_bigintsNearMaxValue_vectorizedIsExactToo() {
    String sql = "SELECT region, SUM(amount) AS s FROM accounts GROUP BY region";

    ElementResult result =
        vault
            .sandbox()
            .run(sql, AttackFixture.K, new VectorizedExecutor(new CalciteExecutor()), "accounts");

    assertThat(result.rows()).containsExactly(List.of("east", eastTotal()));
  }

  @Test
  void sum_intsNearMaxValue_isExact() {
    ElementResult result = run("SELECT SUM(small) AS s FROM accounts WHERE region = 'east'");

    BigDecimal expected =
        BigDecimal.valueOf(Integer.MAX_VALUE)
            .multiply(BigDecimal.valueOf(EAST))
            .subtract(BigDecimal.valueOf((long) EAST * (EAST - 1) / 2));
    assertThat(result.rows()).containsExactly(List.of(expected));
  }

  /** The mean of MAX, MAX - 1, … MAX - 11 is MAX - 5.5, truncated toward zero: MAX - 6. */
  @Test
  void average_bigintsNearMaxValue_isExactAndTruncated() {
    ElementResult result = run("SELECT region, AVG(amount) AS a FROM accounts GROUP BY region");

    assertThat(result.rows()).containsExactly(List.of("east", Long.MAX_VALUE - 6));
  }

  @Test
  void average_bigintsNearMaxValue_vectorizedIsExactToo() {
    String sql = "SELECT region, AVG(amount) AS a FROM accounts GROUP BY region";

    ElementResult result =
        vault
            .sandbox()
            .run(sql, AttackFixture.K, new VectorizedExecutor(new CalciteExecutor()), "accounts");

    assertThat(result.rows()).containsExactly(List.of("east", Long.MAX_VALUE - 6));
  }
}
