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
 * The report generator on a small canned JMH result (Q1 on the vault at 240 ms, DuckDB encrypted on
 * all cores at 100 ms, and three more DuckDB ways), as CI's check that the harness works without
 * running a benchmark.
 */
class ReportMainTest {

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;

  private List<String> report;

  @BeforeEach
  void writeReport() throws IOException {
    try (InputStream canned = ReportMainTest.class.getResourceAsStream("jmh-canned.json")) {
      Files.copy(canned, dir.resolve("jmh-canned.json"));
    }
    report = Files.readAllLines(ReportMain.write(dir), StandardCharsets.UTF_8);
  }

  @Test
  void summaryRowStartsWithTheQueryAndRatioToEncryptedDuckDbOnAllCores() {
    assertThat(report)
        .filteredOn(line -> line.startsWith("| Q1 |") && line.contains("×"))
        .singleElement()
        .satisfies(row -> assertThat(row).startsWith("| Q1 | 240 ms | 100 ms | 2.4× |"));
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
    for (String chart : List.of("queries.png", "query-split.png", "seal.png")) {
      byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve(chart)), PNG_MAGIC.length);
      assertThat(head).as(chart).isEqualTo(PNG_MAGIC);
    }
    assertThat(report).contains("![queries.png](queries.png)");
  }

  @Test
  void ratiosAreWrittenWithTheMultiplicationSign() {
    assertThat(ReportMain.ratioText(2.4)).isEqualTo("2.4×");
    assertThat(ReportMain.ratioText(123.4)).isEqualTo("123×");
  }
}
