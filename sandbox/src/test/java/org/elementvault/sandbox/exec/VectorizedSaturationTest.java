package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.calcite.rel.RelNode;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.exec.VectorPlan.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the threshold's saturating distinct counts and of shared equal calls: the
 * vectorized executor's results still equal Calcite's exactly around the threshold.
 */
class VectorizedSaturationTest {

  /** The distinct subjects of each group of the ladder, one group per age. */
  private static final int[] LADDER = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 299, 300, 301};

  private static final List<String> QUERIES =
      List.of(
          "SELECT age, COUNT(*) FROM ladder GROUP BY age",
          "SELECT age, COUNT(DISTINCT id_card), AVG(income) FROM ladder GROUP BY age",
          "SELECT age, gender, COUNT(*), SUM(income) FROM ladder GROUP BY age, gender",
          "SELECT COUNT(*) FROM ladder WHERE age > 8",
          "SELECT COUNT(*) FROM ladder WHERE age = 300",
          "SELECT district, COUNT(*), COUNT(DISTINCT id_card) FROM ladder GROUP BY district",
          "SELECT age, COUNT(name), COUNT(DISTINCT id_card) FROM ladder"
              + " WHERE income > 50000 GROUP BY age");

  @TempDir static Path dir;

  private static TestingSandbox testing;

  @BeforeAll
  static void importDatasets() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("ladder", ResidentRows.SCHEMA, ladder(21L));
    unused = testing.importCsv("many", VectorRows.SCHEMA, VectorRows.csv(70_000, 13L));
  }

  @AfterAll
  static void close() {
    testing.close();
  }

  /**
   * Rows where group {@code age = n} has exactly {@code n} distinct subjects, each on one to four
   * rows, subjects shared with the neighbouring groups, in a seeded shuffle.
   */
  private static List<String> ladder(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> rows = new ArrayList<>();
    for (int n : LADDER) {
      for (int s = 0; s < n; s++) {
        String id = id(n + s);
        for (int copies = 1 + random.nextInt(4); copies > 0; copies--) {
          String income =
              String.format(
                  Locale.ROOT, "%d.%02d", 20_000 + random.nextInt(60_000), random.nextInt(100));
          rows.add(
              String.join(
                  ",",
                  id,
                  "张" + "伟芳娜秀英".charAt(random.nextInt(5)),
                  random.nextBoolean() ? "男" : "女",
                  "1980-01-01",
                  ResidentRows.DISTRICTS.get(random.nextInt(2)),
                  "13800000000",
                  income,
                  Integer.toString(n),
                  "1"));
        }
      }
    }
    for (int i = rows.size() - 1; i > 0; i--) {
      Collections.swap(rows, i, random.nextInt(i + 1));
    }
    List<String> lines = new ArrayList<>();
    lines.add(ResidentRows.HEADER);
    lines.addAll(rows);
    return lines;
  }

  private static String id(int subject) {
    LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(subject);
    String first17 =
        "410105"
            + birth.toString().replace("-", "")
            + String.format(Locale.ROOT, "%03d", subject % 1000);
    return first17 + PiiFormats.residentIdCheckCharacter(first17);
  }

  static Stream<Arguments> ladderCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String query : QUERIES) {
      for (int k : new int[] {1, 2, 5, 6, 10, 12, 299, 300, 301, 302, 100_000}) {
        cases.add(Arguments.of(query, k));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] k={1}: {0}")
  @MethodSource("ladderCases")
  void ladder_groupsAroundTheThreshold_sameResultAsCalcite(String sql, int k) {
    assertSameAsCalcite(sql, k, "ladder");
  }

  static Stream<Arguments> manyCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String query :
        List.of(
            "SELECT COUNT(*) FROM many WHERE income > 50000",
            "SELECT district, gender, COUNT(*), SUM(income) FROM many"
                + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender",
            "SELECT district, COUNT(DISTINCT id_card), AVG(age) FROM many GROUP BY district",
            "SELECT age, COUNT(*) FROM many GROUP BY age")) {
      for (int k : new int[] {1, 10, 400, 7_000, 60_000}) {
        cases.add(Arguments.of(query, k));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] k={1}: {0}")
  @MethodSource("manyCases")
  void manyBatches_sameResultAsCalcite(String sql, int k) {
    assertSameAsCalcite(sql, k, "many");
  }

  @Test
  void thresholdOnlyCount_saturates_andSkipsSaturatedBatches() {
    String sql = "SELECT COUNT(*) FROM many WHERE income > 50000";
    long before = Accumulator.SATURATED_ROWS.sum();

    VectorPlan plan = plan(sql, "many");
    // One thread: a part of one batch has no later batch to skip.
    var unused =
        testing.runExact(sql, 10, new VectorizedExecutor(new CalciteExecutor(), 1), "many");

    VectorPlan.Call subjects = plan.calls().get(plan.thresholds().get(0).field());
    assertThat(subjects.kind()).isEqualTo(Kind.COUNT_DISTINCT);
    assertThat(subjects.saturation()).isEqualTo(10);
    assertThat(Accumulator.SATURATED_ROWS.sum()).isGreaterThan(before);
  }

  @Test
  void shownDistinctCount_isSharedWithTheThreshold_andStaysExact() {
    VectorPlan plan =
        plan(
            "SELECT district, COUNT(DISTINCT id_card), AVG(age) FROM many GROUP BY district",
            "many");

    assertThat(plan.calls()).hasSize(2);
    assertThat(plan.calls().get(0).kind()).isEqualTo(Kind.COUNT_DISTINCT);
    assertThat(plan.calls().get(0).saturation()).isEqualTo(Long.MAX_VALUE);
    assertThat(plan.thresholds()).extracting(VectorPlan.Threshold::field).containsExactly(1);
    assertThat(plan.outputs()).containsExactly(0, 1, 2);
  }

  private static void assertSameAsCalcite(String sql, int k, String dataset) {
    VectorizedExecutor vectorized = new VectorizedExecutor(new CalciteExecutor());

    ElementResult expected = testing.runExact(sql, k, new CalciteExecutor(), dataset);
    ElementResult actual = testing.runExact(sql, k, vectorized, dataset);

    assertThat(vectorized.fallbacks()).isZero();
    assertThat(actual).isEqualTo(expected);
  }

  /** The vectorized form of the plan {@code sql} compiles to at threshold 10. */
  private static VectorPlan plan(String sql, String dataset) {
    RelNode[] captured = new RelNode[1];
    Executor capturing =
        (plan, catalog, limits) -> {
          captured[0] = plan;
          return new CalciteExecutor().execute(plan, catalog, limits);
        };
    var unused = testing.runExact(sql, 10, capturing, dataset);
    return VectorPlan.match(captured[0]).orElseThrow();
  }
}
