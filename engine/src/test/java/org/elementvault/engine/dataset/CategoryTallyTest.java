package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common values an import learns for sample data, through a real import. */
class CategoryTallyTest {

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
  void importCsv_valuesHeldByEnoughSubjects_recordsThemMostRowsFirst() throws IOException {
    List<String> lines = header();
    rows(lines, "金水区", 30);
    rows(lines, "中原区", 12);

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.categories())
        .containsExactly(
            new Categories(
                "district",
                List.of(new Categories.Value("金水区", 30), new Categories.Value("中原区", 12))));
  }

  @Test
  void importCsv_thenReopen_keepsTheCategories() throws IOException {
    List<String> lines = header();
    rows(lines, "金水区", 30);
    DatasetVersion imported = vault.importAsAlice("people", vault.csv(lines));

    vault.reopen();

    Dataset reopened = vault.datasets().describe(vault.alice(), null, "people");
    assertThat(reopened.latest().orElseThrow().categories()).isEqualTo(imported.categories());
  }

  /** A value fewer than ten people hold could name one of them: it is never kept. */
  @Test
  void importCsv_valueHeldByNineSubjects_isNotRecorded() throws IOException {
    List<String> lines = header();
    rows(lines, "金水区", 30);
    rows(lines, "登封市", Categories.MIN_SUBJECTS - 1);

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.categories().get(0).values())
        .extracting(Categories.Value::text)
        .containsExactly("金水区");
  }

  /** Rows are not subjects: one person's many rows do not make a value common. */
  @Test
  void importCsv_valueOfOneSubjectInManyRows_isNotRecorded() throws IOException {
    List<String> lines = header();
    rows(lines, "金水区", 30);
    String id = id();
    for (int i = 0; i < 50; i++) {
      lines.add(id + ",登封市," + i);
    }

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.categories().get(0).values())
        .extracting(Categories.Value::text)
        .containsExactly("金水区");
  }

  @Test
  void importCsv_moreDistinctValuesThanTracked_recordsNothingForTheColumn() throws IOException {
    List<String> lines = header();
    rows(lines, "金水区", 30);
    for (int i = 0; i <= CategoryTally.MAX_VALUES_PER_COLUMN; i++) {
      lines.add(id() + ",street-" + i + ",1");
    }

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.categories()).isEmpty();
  }

  /** Batches are tallied apart: a value is common when the subjects of all batches make it so. */
  @Test
  void importCsv_valueHalfInEachOfTwoBatches_isRecordedWithTheRowsOfBoth() throws IOException {
    int half = Categories.MIN_SUBJECTS / 2;
    List<String> lines = header();
    rows(lines, "登封市", half);
    rows(lines, "金水区", Datasets.BATCH_ROWS - half);
    rows(lines, "登封市", Categories.MIN_SUBJECTS - half);

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.batches()).hasSize(2);
    assertThat(version.categories().get(0).values())
        .containsExactly(
            new Categories.Value("金水区", Datasets.BATCH_ROWS - half),
            new Categories.Value("登封市", Categories.MIN_SUBJECTS));
  }

  @Test
  void importCsv_distinctValuesOverTheLimitOnlyAcrossBatches_recordsNothingForTheColumn()
      throws IOException {
    int first = CategoryTally.MAX_VALUES_PER_COLUMN / 2;
    List<String> lines = header();
    for (int i = 0; i < first; i++) {
      lines.add(id() + ",street-" + i + ",1");
    }
    rows(lines, "金水区", Datasets.BATCH_ROWS - first);
    for (int i = first; i <= CategoryTally.MAX_VALUES_PER_COLUMN; i++) {
      lines.add(id() + ",street-" + i + ",1");
    }

    DatasetVersion version = vault.importAsAlice("people", vault.csv(lines));

    assertThat(version.batches()).hasSize(2);
    assertThat(version.categories()).isEmpty();
  }

  @Test
  void importCsv_sensitiveOrPiiTextColumns_areNotTallied() throws IOException {
    String schema =
        """
        subject: id_card
        open_category: CONDITIONAL
        columns:
          - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
          - {name: note, type: STRING, level: SENSITIVE}
          - {name: city, type: STRING, level: GENERAL, pii: ADDRESS}
        """;
    List<String> lines = new ArrayList<>();
    lines.add("id_card,note,city");
    for (int i = 0; i < 30; i++) {
      lines.add(id() + ",common note,郑州市");
    }

    DatasetVersion version =
        vault.importFile(vault.alice(), null, "people", vault.csv(lines), schema);

    assertThat(version.categories()).isEmpty();
  }

  private static List<String> header() {
    List<String> lines = new ArrayList<>();
    lines.add(TestingDatasetVault.HEADER);
    return lines;
  }

  /** Adds {@code count} rows of {@code district}, each of a different person. */
  private void rows(List<String> lines, String district, int count) {
    for (int i = 0; i < count; i++) {
      lines.add(id() + "," + district + "," + (1000 + i));
    }
  }

  private String id() {
    return String.format(Locale.ROOT, "ID%06d", nextId++);
  }
}
