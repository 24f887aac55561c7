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
 * Differential tests of noise-protected releases: where every row is a different subject, the
 * vectorized executor combines the contributions over Arrow vectors, and what is released equals,
 * exactly (values, scales, noise, suppressed groups), the release of the same rows streamed through
 * Calcite one subject each; on seeded data with NULLs in keys and values, negative numbers,
 * decimals narrow and wide, doubles, filters, empty results and groups near the threshold.
 */
class VectorizedReleaseTest {

  /** Datasets of unique subjects: name, rows, seed. The large one spans two batches. */
  private static final Object[][] UNIQUE = {{"singles", 1500, 21L}, {"singlesmany", 70_000, 22L}};

  private static final List<String> FAMILY =
      List.of(
          "SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM residents GROUP BY district",
          "SELECT district, gender, COUNT(*), SUM(income) FROM residents"
              + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender",
          "SELECT COUNT(*) FROM residents WHERE income > 50000",
          "SELECT gender, SUM(visits), AVG(visits), COUNT(visits) FROM residents GROUP BY gender",
          "SELECT city, SUM(fee), AVG(fee), COUNT(*) FROM residents GROUP BY city",
          "SELECT active, SUM(ratio), AVG(ratio) FROM residents GROUP BY active",
          "SELECT district, SUM(balance), COUNT(balance) FROM residents GROUP BY district",
          "SELECT joined, COUNT(*) FROM residents WHERE joined >= DATE '2020-01-01' GROUP BY joined",
          "SELECT age, COUNT(*), SUM(fee) FROM residents"
              + " WHERE fee >= -100 AND fee <= 100 GROUP BY age",
          "SELECT COUNT(*), SUM(age), AVG(fee) FROM residents WHERE age > 1000",
          "SELECT city, district, gender, active, COUNT(DISTINCT id_card) FROM residents"
              + " GROUP BY city, district, gender, active",
          "SELECT district, COUNT(*) AS n FROM residents GROUP BY district"
              + " HAVING COUNT(*) > 100 ORDER BY district",
          "SELECT visits, COUNT(*) FROM residents GROUP BY visits",
          "SELECT gender, COUNT(*), SUM(fee) FROM residents WHERE district IS NULL GROUP BY gender",
          "SELECT d, COUNT(*) FROM (SELECT district AS d, age AS a FROM residents WHERE age >= 20)"
              + " WHERE a < 60 GROUP BY d");

  /**
   * Queries whose contributions the executor leaves to the rows streamed through Calcite: an IN
   * list's values are each weighed for low effect, which only the rows say.
   */
  private static final List<String> OUTSIDE =
      List.of(
          "SELECT district, COUNT(*) FROM residents WHERE city IN ('a', 'abc', 'Zz') GROUP BY district",
          "SELECT district, STDDEV_POP(age) FROM residents GROUP BY district",
          "SELECT district, VAR_POP(age), COUNT(*) FROM residents GROUP BY district",
          "SELECT district, COUNT(*) FROM residents WHERE city LIKE 'a%' GROUP BY district");

  @TempDir static Path dir;

  private static TestingSandbox testing;

  @BeforeAll
  static void importDatasets() {
    testing = new TestingSandbox(dir);
    for (Object[] dataset : UNIQUE) {
      var unused =
          testing.importCsv(
              (String) dataset[0],
              VectorRows.SCHEMA,
              VectorRows.withUniqueSubjects(
                  VectorRows.csv((Integer) dataset[1], (Long) dataset[2])));
    }
    var unused = testing.importCsv("repeated", VectorRows.SCHEMA, VectorRows.csv(1500, 23L));
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

  /** Each query over each dataset, with a threshold that keeps most groups and one near sizes. */
  private static Stream<Arguments> cases(List<String> queries) {
    List<Arguments> cases = new ArrayList<>();
    for (String query : queries) {
      for (Object[] dataset : UNIQUE) {
        for (int k : new int[] {2, 10, 60}) {
          cases.add(Arguments.of(query, dataset[0], k));
        }
      }
    }
    return cases.stream();
  }

  @Test
  void keptHashesAndCodes_releaseWhatStreamedRowsRelease() {
    // One executor for every query: each keeps the hashes and string codes of the batches it
    // reads, and the later ones (and each query's second run) read them back.
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());
    for (String query : FAMILY) {
      String sql = query.replace("FROM residents", "FROM singlesmany");
      ElementResult expected = testing.run(sql, 10, new CalciteExecutor(), "singlesmany");

      assertThat(testing.run(sql, 10, vectorized, "singlesmany")).isEqualTo(expected);
      assertThat(testing.run(sql, 10, vectorized, "singlesmany")).isEqualTo(expected);
    }
    // Two batches: their subject hashes, and the codes of district, gender and city in each.
    assertThat(vectorized.batches().entries()).isEqualTo(8);
  }

  @Test
  void keptHashesAndCodes_dependOnTheBatchesReadNotOnTheRowsSelected() {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    var unused =
        testing.run(
            "SELECT district, COUNT(*), SUM(age) FROM singlesmany WHERE age > 1000"
                + " GROUP BY district",
            10,
            vectorized,
            "singlesmany");

    assertThat(vectorized.contributionRuns()).isEqualTo(1);
    // No row is selected, yet both batches' subject hashes and district codes are kept.
    assertThat(vectorized.batches().entries()).isEqualTo(4);
  }

  @ParameterizedTest(name = "[{index}] {1} k={2}: {0}")
  @MethodSource("family")
  void uniqueSubjects_combinedOverVectors_releaseWhatStreamedRowsRelease(
      String query, String dataset, int k) {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());
    String sql = query.replace("FROM residents", "FROM " + dataset);

    ElementResult expected = testing.run(sql, k, new CalciteExecutor(), dataset);
    ElementResult actual = testing.run(sql, k, vectorized, dataset);

    assertThat(vectorized.contributionRuns()).isEqualTo(1);
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {1} k={2}: {0}")
  @MethodSource("outside")
  void uniqueSubjects_outsideTheVectorFamily_streamRowsAndReleaseTheSame(
      String query, String dataset, int k) {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());
    String sql = query.replace("FROM residents", "FROM " + dataset);

    ElementResult expected = testing.run(sql, k, new CalciteExecutor(), dataset);
    ElementResult actual = testing.run(sql, k, vectorized, dataset);

    assertThat(vectorized.contributionRuns()).isZero();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void repeatedSubjects_combinePerSubjectFirst_streamRowsAndReleaseTheSame() {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());
    String sql = "SELECT district, COUNT(*), SUM(fee) FROM repeated GROUP BY district";

    ElementResult expected = testing.run(sql, 10, new CalciteExecutor(), "repeated");
    ElementResult actual = testing.run(sql, 10, vectorized, "repeated");

    assertThat(vectorized.contributionRuns()).isZero();
    assertThat(actual).isEqualTo(expected);
  }

  /** Guards the comparison itself: the fast path releases real groups, not two empty results. */
  @Test
  void uniqueSubjects_groupedCounts_releaseEveryLargeGroup() {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    ElementResult result =
        testing.run(
            "SELECT gender, COUNT(*), SUM(visits) FROM singlesmany GROUP BY gender",
            10,
            vectorized,
            "singlesmany");

    assertThat(vectorized.contributionRuns()).isEqualTo(1);
    assertThat(result.rows()).hasSize(3);
  }
}
