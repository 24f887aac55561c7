package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The coarse shapes of number columns an import learns for sample data, through real imports. */
class HistogramTallyTest {

  @TempDir Path directory;

  private TestingDatasetVault vault;
  private int nextId;

  @BeforeEach
  void openVault() {
    vault = new TestingDatasetVault(directory);
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  @Test
  void importCsv_incomes_recordsTheirGridBucketsInOrder() throws IOException {
    List<String> lines = header();
    rows(lines, "-300", 10);
    rows(lines, "0", 10);
    rows(lines, "1500", 12);
    rows(lines, "4999", 20);

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.histograms())
        .containsExactly(
            new Histogram(
                "income",
                List.of(
                    new Histogram.Bucket(-1, bucket("2E+2"), bucket("5E+2"), 10),
                    new Histogram.Bucket(0, BigDecimal.ZERO, BigDecimal.ZERO, 10),
                    new Histogram.Bucket(1, bucket("1E+3"), bucket("2E+3"), 12),
                    new Histogram.Bucket(1, bucket("2E+3"), bucket("5E+3"), 20))));
  }

  /** One person's extreme value is an outlier that could name them: it is never recorded. */
  @Test
  void importCsv_bucketOfFewerThanTenSubjects_isNotRecorded() throws IOException {
    List<String> lines = header();
    rows(lines, "1500", 30);
    rows(lines, "98765432", Categories.MIN_SUBJECTS - 1);

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.histograms().get(0).buckets())
        .extracting(Histogram.Bucket::low)
        .containsExactly(bucket("1E+3"));
  }

  /** Batches are tallied apart: a bucket is common when the subjects of all batches make it so. */
  @Test
  void importCsv_bucketHalfInEachOfTwoBatches_isRecordedWithTheRowsOfBoth() throws IOException {
    int half = Categories.MIN_SUBJECTS / 2;
    List<String> lines = header();
    rows(lines, "98765432", half);
    rows(lines, "1500", Datasets.BATCH_ROWS - half);
    rows(lines, "98765432", Categories.MIN_SUBJECTS - half);

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.batches()).hasSize(2);
    assertThat(version.histograms().get(0).buckets())
        .extracting(Histogram.Bucket::low, Histogram.Bucket::rows)
        .containsExactly(
            tuple(bucket("1E+3"), (long) Datasets.BATCH_ROWS - half),
            tuple(bucket("5E+7"), (long) Categories.MIN_SUBJECTS));
  }

  @Test
  void importCsv_thenReopen_keepsTheHistograms() throws IOException {
    List<String> lines = header();
    rows(lines, "1500", 30);
    DatasetVersion imported = vault.importAsAlice("people", vault.csv(lines));

    vault.reopen();

    Dataset reopened = vault.datasets().describe(vault.alice(), null, "people");
    assertThat(reopened.latest().orElseThrow().histograms()).isEqualTo(imported.histograms());
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1, 2",
    "1.999, 1, 2",
    "2, 2, 5",
    "4.5, 2, 5",
    "5, 5, 10",
    "9.99, 5, 10",
    "10, 10, 20",
    "1000, 1000, 2000",
    "0.3, 0.2, 0.5",
    "123456789, 100000000, 200000000"
  })
  void slot_value_fallsInItsGridBucket(double value, String low, String high) {
    Histogram.Bucket bucket = bucketOf(value);

    assertThat(bucket.low()).isEqualByComparingTo(low);
    assertThat(bucket.high()).isEqualByComparingTo(high);
    assertThat(bucket.signum()).isEqualTo(1);
  }

  @Test
  void slot_negativeValue_fallsInTheMirroredBucket() {
    Histogram.Bucket bucket = bucketOf(-4.5);

    assertThat(bucket.signum()).isEqualTo(-1);
    assertThat(bucket.low()).isEqualByComparingTo("2");
    assertThat(bucket.high()).isEqualByComparingTo("5");
  }

  @Test
  void slot_valuesInOrder_haveSlotsInOrder() {
    double[] values = {-1e300, -5, -4.9, -0.01, 0, Double.MIN_VALUE, 0.01, 1, 2, 1e300};

    for (int i = 1; i < values.length; i++) {
      assertThat(HistogramTally.slot(values[i]))
          .as("%s after %s", values[i], values[i - 1])
          .isGreaterThan(HistogramTally.slot(values[i - 1]));
    }
  }

  /** The bucket a value falls in, as an import of ten people with that value records it. */
  private Histogram.Bucket bucketOf(double value) {
    try {
      List<String> lines = new ArrayList<>();
      lines.add("id_card,amount");
      for (int i = 0; i < Categories.MIN_SUBJECTS; i++) {
        lines.add(id() + "," + value);
      }
      String schema =
          """
          subject: id_card
          open_category: CONDITIONAL
          columns:
            - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
            - {name: amount, type: DOUBLE, level: IMPORTANT}
          """;
      DatasetVersion version =
          vault.importFile(vault.alice(), null, "amounts" + nextId, vault.csv(lines), schema);
      return version.histograms().get(0).buckets().get(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BigDecimal bucket(String value) {
    return new BigDecimal(value);
  }

  private static List<String> header() {
    List<String> lines = new ArrayList<>();
    lines.add(TestingDatasetVault.HEADER);
    return lines;
  }

  /** Adds {@code count} rows of income {@code income}, each of a different person. */
  private void rows(List<String> lines, String income, int count) {
    for (int i = 0; i < count; i++) {
      lines.add(id() + ",金水区," + income);
    }
  }

  private String id() {
    return String.format(Locale.ROOT, "ID%06d", nextId++);
  }
}
