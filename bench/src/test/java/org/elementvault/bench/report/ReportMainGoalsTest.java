package org.elementvault.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's plain-query column and issue 14's goals on small synthetic JMH results, one temp
 * directory per test: each test writes only the results its goal reads.
 */
class ReportMainGoalsTest {

  private static final String ROWS = "10000000";

  /** The directory JMH's JFR profiler writes Q2's profile into (its benchmark id). */
  private static final String Q2_PROFILE =
      "org.elementvault.bench.ElementQueryBenchmark.vault-AverageTime-chunkCacheMiB-256-query-Q2"
          + "-rows-"
          + ROWS
          + "-suite-INTL";

  private static final String Q2_ANCHOR = "time-elementquerybenchmark-vault-256-q2-10000000-intl";

  @TempDir Path dir;

  private final TestingJmhJson jmh = new TestingJmhJson();

  @Test
  void summary_plainQuery_isTheFirstDuckDbColumnWithTheHeadlineRatio() throws IOException {
    vault("INTL", "Q1", 900, "-Xmx1g");
    duckDb("duckDbPlain", "Q1", 1000);
    duckDb("duckDb", "Q1", 1200);

    List<String> report = report();

    assertThat(report)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "| query | ElementVault (all cores) | DuckDB encrypted, plain query, all"
                            + " cores | × | DuckDB encrypted, threshold by hand, all cores | × |"));
    assertThat(report)
        .filteredOn(line -> line.startsWith("| Q1 |") && line.contains("×"))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row).startsWith("| Q1 | 900 ms | 1000 ms | 0.90× | 1200 ms | 0.75× |"));
  }

  @Test
  void goals_queryAtOrBelowThePlainQuery_isMet() throws IOException {
    vault("INTL", "Q1", 900, "-Xmx1g");
    duckDb("duckDbPlain", "Q1", 1000);

    assertThat(goal(report(), "Q1, INTL"))
        .isEqualTo(
            "| Q1, INTL: at or below DuckDB's plain query (encrypted, all cores) | 0.90× (900 ms vs"
                + " 1000 ms, 10 000 000 rows) | met | not profiled |");
  }

  @Test
  void goals_queryAboveThePlainQuery_isNotMet() throws IOException {
    vault("INTL", "Q2", 120, "-Xmx1g");
    duckDb("duckDbPlain", "Q2", 52);

    assertThat(goal(report(), "Q2, INTL"))
        .isEqualTo(
            "| Q2, INTL: at or below DuckDB's plain query (encrypted, all cores) | 2.3× (120 ms vs"
                + " 52 ms, 10 000 000 rows) | not met | not profiled |");
  }

  @Test
  void goals_notMet_listTheirNextStepAndMetOnesDoNot() throws IOException {
    vault("INTL", "Q1", 900, "-Xmx1g");
    duckDb("duckDbPlain", "Q1", 1000);
    vault("INTL", "Q2", 120, "-Xmx1g");
    duckDb("duckDbPlain", "Q2", 52);

    List<String> steps = report().stream().filter(line -> line.startsWith("- Q")).toList();

    assertThat(steps).hasSize(1);
    assertThat(steps.get(0))
        .startsWith("- Q2, INTL: at or below DuckDB's plain query (encrypted, all cores): ")
        .contains("zstd");
  }

  @Test
  void goals_queryWithoutThePlainQuery_isNotMeasured() throws IOException {
    vault("INTL", "Q3", 500, "-Xmx1g");
    duckDb("duckDb", "Q3", 800);

    assertThat(goal(report(), "Q3, INTL"))
        .endsWith("| not measured in this run | not measured | not profiled |");
  }

  @Test
  void goals_sealAtLeastNinetyPercentOfRawJca_isMet() throws IOException {
    seal("seal", 9500);
    seal("jca", 10000);

    assertThat(goal(report(), "AES-GCM seal"))
        .isEqualTo(
            "| AES-GCM seal ≥ 90% of raw JCA (64 KiB values) | 95% (623 vs 655 MB/s) | met | not profiled |");
  }

  @Test
  void goals_sealBelowNinetyPercentOfRawJca_isNotMet() throws IOException {
    seal("seal", 8000);
    seal("jca", 10000);

    assertThat(goal(report(), "AES-GCM seal"))
        .endsWith("| 80% (524 vs 655 MB/s) | not met | not profiled |");
  }

  @Test
  void goals_fixedCostMedianAboveTwoMilliseconds_isNotMet() throws IOException {
    jmh.result("ElementRunOverheadBenchmark.run", 2500, "us/op").param("rows", "1000").add();

    assertThat(goal(report(), "Per-run fixed cost"))
        .endsWith(
            "| 2.50 ms (a 1 000-row dataset: the fixed cost alone) | not met | not profiled |");
  }

  @Test
  void fixedCost_eachPart_hasARowInMilliseconds() throws IOException {
    jmh.result("ElementRunOverheadBenchmark.compile", 700, "us/op").param("rows", "1000").add();

    assertThat(report())
        .containsSubsequence(
            "## Per-run fixed cost",
            "| part | JDK | p50 | p99 | samples |",
            "| compile | 17.0.15 | 0.70 ms | 0.70 ms | 1 |");
  }

  @Test
  void goals_gmWarmWithinOneAndAHalfTimesIntl_isMet() throws IOException {
    vault("INTL", "Q1", 900, "-Xmx1g");
    vault("GM", "Q1", 1200, "-Xmx1g");

    assertThat(goal(report(), "GM warm")).endsWith("| Q1 1.33× | met | not profiled |");
  }

  @Test
  void goals_coldPathMoreThanThreeTimesWarm_isNotMet() throws IOException {
    vault("INTL", "Q1", 900, "-Xmx1g");
    Files.writeString(
        dir.resolve(ColdPath.FILE),
        String.join(
            "\n",
            TestingJmhJson.JDK + "\tINTL\t" + ROWS + "\t2.500",
            TestingJmhJson.JDK + "\tINTL\t" + ROWS + "\t3.000",
            TestingJmhJson.JDK + "\tINTL\t" + ROWS + "\t3.500"),
        StandardCharsets.UTF_8);

    assertThat(goal(report(), "Cold `element run`"))
        .endsWith(
            "| 3.3× (3.00 s cold, median of 3, vs 0.900 s warm, 10 000 000 rows) | not met | not profiled |");
  }

  @Test
  void goals_scanWithoutItsBenchmark_isNotMeasured() throws IOException {
    vault("INTL", "Q1", 900, "-Xmx1g");

    assertThat(goal(report(), "Scan ≥ 250 M values/s"))
        .endsWith("| not measured in this run | not measured | not profiled |");
  }

  @Test
  void goals_importAndQueriesInForksCappedAtOneGibibyte_meetTheMemoryGoal() throws IOException {
    importAndQueries("-Xmx1g");

    assertThat(goal(report(), "Memory"))
        .isEqualTo(
            "| Memory: import and Q1–Q3 within `-Xmx1g` | completed in forks with `-Xmx1g`, 10 000"
                + " 000 rows; queries' peak heap 700 MB | met | not profiled |");
  }

  @Test
  void goals_forksWithoutAHeapCap_leaveTheMemoryGoalNotMeasured() throws IOException {
    importAndQueries("-Dunrelated=true");

    assertThat(goal(report(), "Memory"))
        .endsWith(
            "| not measured in this run: the forks' heap was not capped at 1 GiB | not measured | not profiled |");
  }

  @Test
  void goals_notMetWithAProfile_linkItsSubsectionAndNameItsTopFrames() throws IOException {
    vault("INTL", "Q2", 120, "-Xmx1g");
    duckDb("duckDbPlain", "Q2", 52);
    TestingRecording.record(
        dir.resolve(Profile.DIRECTORY).resolve(Q2_PROFILE).resolve("profile.jfr"));

    assertThat(goal(report(), "Q2, INTL"))
        .contains(
            "| not met | [profile](#" + Q2_ANCHOR + "): `" + TestingRecording.BUSY_FRAME + "` ");
  }

  @Test
  void whereTheTimeGoes_profiledGoal_hasASubsectionHeadedByTheGoalWithItsTopFrameFirst()
      throws IOException {
    vault("INTL", "Q2", 120, "-Xmx1g");
    duckDb("duckDbPlain", "Q2", 52);
    TestingRecording.record(
        dir.resolve(Profile.DIRECTORY).resolve(Q2_PROFILE).resolve("profile.jfr"));

    List<String> report = report();

    assertThat(report)
        .containsSubsequence(
            "## Goals (issue 14)",
            WhereTheTimeGoes.HEADING,
            "<a id=\"" + Q2_ANCHOR + "\"></a>",
            "### Q2, INTL: at or below DuckDB's plain query (encrypted, all cores) (not met)",
            "| first project frame | samples |");
    assertThat(report.get(report.indexOf("| first project frame | samples |") + 2))
        .startsWith("| `" + TestingRecording.BUSY_FRAME + "` |");
  }

  @Test
  void goals_withoutProfiles_sayNotProfiledAndTheReportHasNoProfileSection() throws IOException {
    vault("INTL", "Q2", 120, "-Xmx1g");
    duckDb("duckDbPlain", "Q2", 52);

    List<String> report = report();

    assertThat(goal(report, "Q2, INTL")).endsWith("| not met | not profiled |");
    assertThat(report).doesNotContain(WhereTheTimeGoes.HEADING);
  }

  private void vault(String suite, String query, double millis, String jvmArg) {
    jmh.result("ElementQueryBenchmark.vault", millis, "ms/op")
        .param("query", query)
        .param("suite", suite)
        .param("rows", ROWS)
        .param("chunkCacheMiB", "256")
        .secondary("mem.heap.peak", 700, "MB")
        .jvmArg(jvmArg)
        .add();
  }

  private void duckDb(String method, String query, double millis) {
    jmh.result("ElementQueryBenchmark." + method, millis, "ms/op")
        .param("query", query)
        .param("rows", ROWS)
        .param("storage", "encrypted")
        .param("threads", "all")
        .add();
  }

  private void seal(String method, double opsPerSecond) {
    jmh.result("SealBenchmark." + method, opsPerSecond, "ops/s")
        .param("suite", "INTL")
        .param("valueBytes", "65536")
        .add();
  }

  private void importAndQueries(String jvmArg) {
    jmh.result("DatasetImportBenchmark.importCsv", 12000, "ms/op")
        .param("suite", "INTL")
        .param("rows", ROWS)
        .jvmArg(jvmArg)
        .add();
    for (String query : List.of("Q1", "Q2", "Q3")) {
      vault("INTL", query, 900, jvmArg);
    }
  }

  private List<String> report() throws IOException {
    jmh.write(dir.resolve("jmh-synthetic.json"));
    return Files.readAllLines(ReportMain.write(dir), StandardCharsets.UTF_8);
  }

  /** The goals table's row that starts with {@code goal}. */
  private static String goal(List<String> report, String goal) {
    List<String> section =
        report.subList(report.indexOf("## Goals (issue 14)"), report.size()).stream()
            .filter(line -> line.startsWith("| " + goal))
            .toList();
    assertThat(section).hasSize(1);
    return section.get(0);
  }
}
