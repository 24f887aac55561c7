package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.JobScope;
import org.elementvault.sandbox.catalog.VaultSource;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A query's batches split between threads release exactly what one thread over every batch in order
 * releases: the same groups in the same order, the same exact aggregates, the same sticky noise and
 * suppressions (noise is seeded by exact totals and top shares). Seeded data of four batches, so
 * most groups span batches read by different threads, and three threads, so one thread reads two
 * batches and the others one.
 */
class VectorizedThreadsTest {

  /** Four batches of unique subjects. */
  private static final int ROWS = 3 * 65_536 + 5_000;

  private static final List<String> QUERIES =
      List.of(
          "SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM spread GROUP BY district",
          "SELECT district, gender, COUNT(*), SUM(income) FROM spread"
              + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender",
          "SELECT COUNT(*) FROM spread WHERE income > 50000",
          "SELECT city, SUM(fee), AVG(fee), COUNT(*) FROM spread GROUP BY city",
          "SELECT active, SUM(ratio), AVG(ratio) FROM spread GROUP BY active",
          "SELECT district, SUM(balance), COUNT(balance) FROM spread GROUP BY district",
          "SELECT joined, COUNT(*) FROM spread WHERE joined >= DATE '2020-01-01' GROUP BY joined",
          "SELECT age, COUNT(*), SUM(visits) FROM spread GROUP BY age",
          "SELECT city, district, gender, active, COUNT(DISTINCT id_card) FROM spread"
              + " GROUP BY city, district, gender, active",
          "SELECT gender, COUNT(*), SUM(fee) FROM spread WHERE district IS NULL GROUP BY gender",
          "SELECT COUNT(*), SUM(age) FROM spread WHERE age > 1000");

  @TempDir static Path dir;

  private static TestingSandbox testing;

  @BeforeAll
  static void importDataset() {
    testing = new TestingSandbox(dir);
    var unused =
        testing.importCsv(
            "spread", VectorRows.SCHEMA, VectorRows.withUniqueSubjects(VectorRows.csv(ROWS, 31L)));
  }

  @AfterAll
  static void close() {
    testing.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String query : QUERIES) {
      for (int k : new int[] {2, 10, 300}) {
        cases.add(Arguments.of(query, k));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] k={1}: {0}")
  @MethodSource("cases")
  void noisyRelease_threeThreads_releasesWhatOneThreadReleases(String sql, int k) {
    VectorizedExecutor split = new VectorizedExecutor(new CalciteExecutor(), 3);

    ElementResult expected =
        testing.run(sql, k, new VectorizedExecutor(new CalciteExecutor(), 1), "spread");
    ElementResult actual = testing.run(sql, k, split, "spread");

    assertThat(split.contributionRuns()).isEqualTo(1);
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] k={1}: {0}")
  @MethodSource("cases")
  void exactResult_threeThreads_returnsWhatOneThreadReturns(String sql, int k) {
    VectorizedExecutor split = new VectorizedExecutor(new CalciteExecutor(), 3);

    ElementResult expected =
        testing.runExact(sql, k, new VectorizedExecutor(new CalciteExecutor(), 1), "spread");
    ElementResult actual = testing.runExact(sql, k, split, "spread");

    assertThat(actual).isEqualTo(expected);
  }

  /** Guards the comparison itself: the split run releases real groups, not two empty results. */
  @Test
  void exactResult_threeThreads_keepsGroupsInOrderOfFirstAppearance() {
    String sql = "SELECT district, COUNT(*) FROM spread GROUP BY district";

    ElementResult calcite = testing.runExact(sql, 10, new CalciteExecutor(), "spread");
    ElementResult split =
        testing.runExact(sql, 10, new VectorizedExecutor(new CalciteExecutor(), 3), "spread");

    assertThat(split.rows()).hasSizeGreaterThan(3).isEqualTo(calcite.rows());
  }

  /** A limit reached in one thread stops the run, and no thread keeps a batch allocated. */
  @Test
  void rowsScannedLimit_reachedInOneThread_stopsTheRunAndFreesEveryBatch() {
    JobLimits limits = new JobLimits(testing.clock(), Duration.ofMinutes(5), 2 * 65_536, 1_000_000);
    VectorizedExecutor split = new VectorizedExecutor(new CalciteExecutor(), 3);

    try (BufferAllocator allocator = new RootAllocator()) {
      assertThatThrownBy(
              () ->
                  runExact(
                      "SELECT district, COUNT(*) FROM spread GROUP BY district",
                      split,
                      limits,
                      allocator))
          .isInstanceOf(VaultException.class)
          .hasMessage("job stopped: it read more than its limit of 131072 rows")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.RESOURCE_LIMIT);
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }

  private static ElementResult runExact(
      String sql, Executor executor, JobLimits limits, BufferAllocator allocator) {
    var dataset = testing.vault().datasets().describe(testing.dev(), null, "spread");
    try (Compilation compilation =
        ElementCompiler.compile(
            sql,
            ElementSchema.of(
                List.of(dataset),
                null,
                new VaultSource(testing.vault(), testing.dev(), allocator),
                limits))) {
      return new JobScope(java.time.LocalDate.of(2025, 1, 1), new byte[32])
          .run(() -> compilation.runExactForDifferentialTests(10, executor, limits));
    }
  }
}
