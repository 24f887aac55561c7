package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.elementvault.sandbox.TestingSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests: the vectorized executor's results equal Calcite's exactly (column types,
 * values, decimal scales) on seeded data with NULLs, over the plan family it runs and over plans it
 * must hand to Calcite.
 */
class VectorizedExecutorTest {

  /** Datasets: name, rows, seed. The large one spans two batches. */
  private static final Object[][] DATASETS = {
    {"residents", 1500, 11L}, {"few", 300, 12L}, {"many", 70_000, 13L}
  };

  private static final List<String> FAMILY =
      List.of(
          "SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM residents GROUP BY district",
          "SELECT district, gender, COUNT(*), SUM(income) FROM residents"
              + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender",
          "SELECT COUNT(*) FROM residents WHERE income > 50000",
          "SELECT COUNT(*), COUNT(age), COUNT(income), COUNT(district) FROM residents",
          "SELECT gender, SUM(age), AVG(age), COUNT(age) FROM residents GROUP BY gender",
          "SELECT active, SUM(visits), AVG(visits) FROM residents" + " GROUP BY active",
          "SELECT city, AVG(ratio), SUM(ratio) FROM residents GROUP BY city",
          "SELECT district, SUM(fee), AVG(fee) FROM residents GROUP BY district",
          "SELECT age, COUNT(*) FROM residents GROUP BY age",
          "SELECT joined, COUNT(*) FROM residents GROUP BY joined",
          "SELECT visits, COUNT(*) FROM residents GROUP BY visits",
          "SELECT city, district, gender, active, COUNT(DISTINCT id_card) FROM residents"
              + " GROUP BY city, district, gender, active",
          "SELECT COUNT(*), SUM(age), AVG(fee) FROM residents WHERE age > 1000",
          "SELECT district, COUNT(*) FROM residents WHERE age > 1000 GROUP BY district",
          "SELECT city, COUNT(*) FROM residents WHERE city IN ('a', 'abc', 'Zz') GROUP BY city",
          "SELECT city, COUNT(*) FROM residents"
              + " WHERE city <> 'a' AND ratio >= 0.5 AND joined < DATE '2010-01-01' GROUP BY city",
          "SELECT COUNT(*) AS n, district FROM residents"
              + " WHERE district IS NOT NULL AND fee > 1.5 GROUP BY district",
          "SELECT gender, COUNT(*) FROM residents WHERE district IS NULL GROUP BY gender",
          "SELECT active, COUNT(*) FROM residents WHERE active GROUP BY active",
          "SELECT district, COUNT(*) FROM residents WHERE NOT active GROUP BY district",
          "SELECT district, COUNT(city), COUNT(age), COUNT(ratio),"
              + " COUNT(fee), COUNT(joined), COUNT(active)"
              + " FROM residents GROUP BY district",
          "SELECT COUNT(*) FROM residents WHERE age = 40",
          "SELECT district, COUNT(*) FROM residents WHERE age IN (30, 40, 50) GROUP BY district",
          "SELECT district, AVG(visits) FROM residents"
              + " WHERE visits >= 0 AND visits < 2000000000 GROUP BY district",
          "SELECT gender, COUNT(*) FROM residents WHERE fee < 0 AND ratio <> 0.1 GROUP BY gender",
          "SELECT joined, COUNT(*) FROM residents WHERE joined >= DATE '2020-01-01' GROUP BY joined",
          "SELECT district, COUNT(joined) FROM residents GROUP BY district",
          "SELECT SUM(income), AVG(income), COUNT(income) FROM residents WHERE income <= 100000",
          "SELECT d, COUNT(*) FROM (SELECT district AS d, age AS a FROM residents WHERE age >= 20)"
              + " WHERE a < 60 GROUP BY d",
          "SELECT city, COUNT(*) FROM residents WHERE city = 'ab' OR city = 'a' GROUP BY city",
          "SELECT district, gender, COUNT(*) FROM residents WHERE active = false"
              + " GROUP BY gender, district",
          "SELECT SUM(visits), AVG(ratio) FROM residents WHERE visits > 4000000000",
          "SELECT age, AVG(fee), COUNT(DISTINCT id_card) FROM residents"
              + " WHERE fee >= -100 AND fee <= 100 GROUP BY age");

  private static final List<String> OUTSIDE =
      List.of(
          "SELECT district, COUNT(*) FROM residents GROUP BY district ORDER BY district",
          "SELECT district FROM residents WHERE age > 200",
          "SELECT district, SUM(age + 1) FROM residents GROUP BY district",
          "SELECT district, COUNT(*) FROM residents WHERE city LIKE 'a%' GROUP BY district",
          "SELECT city, COUNT(*) FROM residents WHERE city > 'a' GROUP BY city",
          "SELECT district, SUM(balance), AVG(balance) FROM residents GROUP BY district",
          "SELECT district, STDDEV_POP(age) FROM residents GROUP BY district",
          "SELECT district, VAR_POP(age) FROM residents GROUP BY district",
          "SELECT district, COUNT(*) FROM residents GROUP BY district HAVING COUNT(*) > 20",
          "SELECT UPPER(city), COUNT(*) FROM residents GROUP BY UPPER(city)",
          "SELECT district, COUNT(*) FROM residents WHERE age > 30 OR ratio > 0 GROUP BY district",
          "SELECT ratio, COUNT(*) FROM residents GROUP BY ratio");

  @TempDir static Path dir;

  private static TestingSandbox testing;

  @BeforeAll
  static void importDatasets() {
    testing = new TestingSandbox(dir);
    for (Object[] dataset : DATASETS) {
      var unused =
          testing.importCsv(
              (String) dataset[0],
              VectorRows.SCHEMA,
              VectorRows.csv((Integer) dataset[1], (Long) dataset[2]));
    }
  }

  @AfterAll
  static void close() {
    testing.close();
  }

  static Stream<Arguments> family() {
    return cases(FAMILY);
  }

  static Stream<Arguments> outside() {
    return cases(OUTSIDE);
  }

  /** Each query over each dataset, with thresholds that drop some, none and all groups. */
  private static Stream<Arguments> cases(List<String> queries) {
    List<Arguments> cases = new ArrayList<>();
    for (String query : queries) {
      for (Object[] dataset : DATASETS) {
        int[] thresholds = dataset[0].equals("many") ? new int[] {10} : new int[] {10, 0, 1, 500};
        for (int k : thresholds) {
          cases.add(Arguments.of(query, dataset[0], k));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] {1} k={2}: {0}")
  @MethodSource("family")
  void family_sameResultAsCalcite_withoutFallback(String query, String dataset, int k) {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());
    String sql = query.replace("FROM residents", "FROM " + dataset);

    ElementResult expected = testing.runExact(sql, k, new CalciteExecutor(), dataset);
    ElementResult actual = testing.runExact(sql, k, vectorized, dataset);

    assertThat(vectorized.fallbacks()).isZero();
    assertThat(actual.columns()).isEqualTo(expected.columns());
    assertThat(actual.rows()).isEqualTo(expected.rows());
  }

  @ParameterizedTest(name = "[{index}] {1} k={2}: {0}")
  @MethodSource("outside")
  void outsideFamily_fallsBackToCalcite(String query, String dataset, int k) {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());
    String sql = query.replace("FROM residents", "FROM " + dataset);

    ElementResult expected = testing.runExact(sql, k, new CalciteExecutor(), dataset);
    ElementResult actual = testing.runExact(sql, k, vectorized, dataset);

    assertThat(vectorized.fallbacks()).isEqualTo(1);
    assertThat(actual).isEqualTo(expected);
  }

  /** A decimal average whose sum outgrows the column's own precision still comes out exact. */
  @Test
  void family_decimalAverageWhoseSumOutgrowsTheColumn_equalsCalcite() {
    String sql = "SELECT AVG(fee) FROM many WHERE fee > 0";
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    ElementResult expected = testing.runExact(sql, 10, new CalciteExecutor(), "many");
    ElementResult actual = testing.runExact(sql, 10, vectorized, "many");

    assertThat(vectorized.fallbacks()).isZero();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void family_emptyGroupsOfAGlobalAggregate_keepCalcitesNulls() {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    ElementResult result =
        testing.runExact(
            "SELECT COUNT(*), SUM(age), AVG(fee), COUNT(joined) FROM few WHERE age > 1000",
            0,
            vectorized,
            "few");

    assertThat(vectorized.fallbacks()).isZero();
    assertThat(result.rows()).containsExactly(java.util.Arrays.asList(0L, null, null, 0L));
  }
}
