package org.elementvault.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generator on a small canned JMH result (Q1 on the vault at 240 ms, DuckDB thresholded
 * by hand on its encrypted database on all cores at 100 ms, and three more such ways, no plain
 * query; the server's reads at 1, 16 and 64 clients and an element run over HTTPS and embedded; two
 * model trainings and a scoring job), as CI's check that the harness works without running a
 * benchmark.
 */
class ReportMainTest {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;

  private List<String> report;

  @BeforeEach
  void writeReport() throws IOException {
    copyCanned("jmh-canned.json", dir);
    copyCanned("jmh-canned-server.json", dir);
    copyCanned("jmh-canned-models.json", dir);
    report = Files.readAllLines(ReportMain.write(dir), StandardCharsets.UTF_8);
  }

  private static void copyCanned(String name, Path directory) throws IOException {
    try (InputStream canned = ReportMainTest.class.getResourceAsStream(name)) {
      Files.copy(canned, directory.resolve(name));
    }
  }

  @Test
  void summaryRowWithoutThePlainQueryHasDashesThenTheRatioToThresholdedDuckDb() {
    assertThat(report)
        .filteredOn(line -> line.startsWith("| Q1 |") && line.contains("×"))
        .singleElement()
        .satisfies(row -> assertThat(row).startsWith("| Q1 | 240 ms | – | – | 100 ms | 2.4× |"));
  }

  @Test
  void summaryRowSplitsTheTimeWithExecuteAsTheRemainder() {
    assertThat(report)
        .filteredOn(line -> line.startsWith("| Q1 |") && line.contains("×"))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .endsWith("| 60 ms (25%) | 150 ms (63%) | 20 ms (8%) | 10 ms (4%) |"));
  }

  @Test
  void chartsAreWrittenAsPng() throws IOException {
    for (String chart : List.of("queries.png", "query-split.png", "seal.png", "server.png")) {
      byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve(chart)), PNG_MAGIC.length);
      assertThat(head).as(chart).isEqualTo(PNG_MAGIC);
    }
    assertThat(report).contains("![queries.png](queries.png)");
  }

  @Test
  void serverReadsHaveOneRowPerClientCountWithRequestsPerSecondFromTheMean() {
    assertThat(report)
        .containsSubsequence(
            "## Server request latency",
            "| clients | requests/s | mean | p50 | p99 | samples |",
            "| 1 | 500 | 2.00 ms | 1.50 ms | 8.00 ms | 1 000 |",
            "| 16 | 2 000 | 8.00 ms | 7.00 ms | 30.0 ms | 3 000 |",
            "| 64 | 2 000 | 32.0 ms | 25.0 ms | 200 ms | 4 000 |");
  }

  @Test
  void elementRunOverHttpsStandsBesideEmbedded() {
    assertThat(report)
        .containsSubsequence(
            "| embedded (`EmbeddedApi`) | 100 ms | 95.0 ms | 150 ms | 40 |",
            "| over HTTPS (`HttpApi`) | 120 ms | 114 ms | 180 ms | 35 |",
            "HTTPS / embedded: 1.20× on the mean (+20.0 ms), 1.20× at p50 (+19.0 ms).");
  }

  @Test
  void modelJobsHaveOneRowEachInSeconds() {
    assertThat(report)
        .containsSubsequence(
            "## Model elements (one job each, end to end)",
            "| job | JDK | rows | seconds |",
            "| train logistic_regression | 17.0.15 | 1 000 000 | 14.00 ± 1.50 |",
            "| train decision_tree | 17.0.15 | 1 000 000 | 9.00 ± 0.50 |",
            "| score with a trained model, release AVG per group | 17.0.15 | 1 000 000 | 4.25 ±"
                + " 0.25 |");
  }

  @Test
  void serverSectionSaysNotMeasuredWithoutItsResults(@TempDir Path other) throws IOException {
    copyCanned("jmh-canned.json", other);

    List<String> without = Files.readAllLines(ReportMain.write(other), StandardCharsets.UTF_8);

    assertThat(without)
        .containsSubsequence(
            "## Server request latency",
            "",
            "Not measured in this run: no `ServerBenchmark` results among the JMH files.");
    assertThat(other.resolve("server.png")).doesNotExist();
  }
}
