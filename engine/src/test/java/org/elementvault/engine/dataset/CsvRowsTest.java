package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel CSV reader against FastCSV reading the same file whole, on one thread: seeded files
 * of three blocks with a UTF-8 BOM, quoted fields holding separators, quotes, CR, LF and CRLF, LF,
 * CRLF and CR line ends, empty lines and empty values.
 */
class CsvRowsTest {

  private static final long SEED = 20_261_205L;
  private static final int ROWS = 2 * Datasets.BATCH_ROWS + 18_928;
  private static final String SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: SENSITIVE}
        - {name: note, type: STRING, level: GENERAL}
        - {name: n, type: BIGINT, level: GENERAL}
      """;
  private static final String[] PIECES = {
    "a", "Z", "9", " ", ",", "\"", "\n", "\r", "\r\n", "é", "中", "金库", "😀"
  };
  private static final String[] LINE_ENDS = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};

  @TempDir Path temp;

  private BufferAllocator allocator;
  private Schema schema;

  @BeforeEach
  void allocate() {
    allocator = new RootAllocator(1L << 30);
    schema = Schema.parse(SCHEMA.getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void release() {
    allocator.close();
  }

  @Test
  void next_seededFileOfThreeBlocks_yieldsTheRowsOfASerialRead() throws IOException {
    Path file = generate(-1);
    List<String[]> expected = serialRead(file);

    List<String[]> actual = new ArrayList<>();
    List<Integer> batchRows = new ArrayList<>();
    try (CsvRows rows = open(file)) {
      for (BatchSource.Filled next = rows.next(); next != null; next = rows.next()) {
        try (BatchSource.Filled batch = next) {
          batchRows.add(batch.rows());
          collect(batch, actual);
        }
      }
    }

    assertThat(batchRows)
        .as("seed %d", SEED)
        .containsExactly(Datasets.BATCH_ROWS, Datasets.BATCH_ROWS, ROWS - 2 * Datasets.BATCH_ROWS);
    assertThat(actual).as("seed %d", SEED).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("seed %d, row %d", SEED, i).containsExactly(expected.get(i));
    }
  }

  @Test
  void next_badValueInTheLastBlock_isRefusedNamingTheLineASerialReadGives() throws IOException {
    int bad = ROWS - 7;
    Path file = generate(bad);
    long line = serialStartingLine(file, bad);

    assertThatThrownBy(() -> drain(open(file)))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("import refused: line " + line + ": column n: not a BIGINT")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
  }

  @Test
  void next_quoteLeftOpenInTheLastBlock_isRefusedAsASerialReadRefusesIt() throws IOException {
    Path file = generate(-1);
    Files.write(
        file, "\"never closed,x,1\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    long line = serialStartingLine(file, ROWS);

    assertThatThrownBy(() -> drain(open(file)))
        .isInstanceOf(VaultException.class)
        .hasMessage("import refused: line " + line + " has 1 fields; the header has 3");
  }

  /** Spreadsheet exports write a BOM before a quoted header; the BOM is not part of a name. */
  @Test
  void next_bomBeforeAQuotedHeader_readsTheNames() throws IOException {
    Path file = temp.resolve("quoted-header.csv");
    Files.writeString(file, "\uFEFF\"n\",\"id\",note\n5,S1,x\n", StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();

    try (CsvRows reader = open(file);
        BatchSource.Filled batch = reader.next()) {
      collect(batch, rows);
    }

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).containsExactly("S1", "x", "5");
  }

  @Test
  void next_rowOverTheRecordLimit_isRefusedAsTooLarge() throws IOException {
    Path file = withOverlongRowAfter(70_000, -1);

    assertThatThrownBy(() -> drain(open(file)))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "import refused: line 70002 starts a row of more than "
                + CsvBlocks.MAX_RECORD_BYTES
                + " bytes")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.RESOURCE_LIMIT);
  }

  /**
   * The reader runs blocks ahead of the parsers: a refusal earlier in the file still comes first.
   */
  @Test
  void next_badValueBeforeAnOverlongRow_isTheRefusalReported() throws IOException {
    Path file = withOverlongRowAfter(70_000, 10);

    assertThatThrownBy(() -> drain(open(file)))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("import refused: line 12: column n: not a BIGINT");
  }

  @Test
  void importFile_badValueInTheLastBlock_importsNothing() throws IOException {
    Path file = generate(ROWS - 1);
    try (TestingDatasetVault vaults = new TestingDatasetVault(temp.resolve("vault"))) {

      assertThatThrownBy(() -> vaults.importFile(vaults.alice(), null, "notes", file, SCHEMA))
          .isInstanceOf(VaultException.class)
          .hasMessageContaining("column n: not a BIGINT");

      assertThat(vaults.datasets().list(vaults.alice(), null)).isEmpty();
      assertThat(vaults.dataKeys()).isEmpty();
    }
  }

  @Test
  void importFile_reportsProgressAfterEveryBatchUpToTheWholeFile() throws IOException {
    Path file = generate(-1);
    List<Long> rows = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    try (TestingDatasetVault vaults = new TestingDatasetVault(temp.resolve("vault"))) {

      var unused =
          vaults
              .datasets()
              .importFile(
                  vaults.alice(),
                  null,
                  "notes",
                  file,
                  SCHEMA.getBytes(StandardCharsets.UTF_8),
                  (rowsDone, bytesRead) -> {
                    rows.add(rowsDone);
                    bytes.add(bytesRead);
                  });
    }

    assertThat(rows).containsExactly(65_536L, 131_072L, (long) ROWS);
    assertThat(bytes).isSorted().last().isEqualTo(Files.size(file));
  }

  private CsvRows open(Path file) {
    return CsvRows.open(
        file,
        schema,
        () -> new ArrowColumns.BatchWriter(schema, allocator, LocalDate.of(2026, 12, 5), 65_536));
  }

  private static void drain(CsvRows rows) {
    try (rows) {
      BatchSource.Filled batch;
      while ((batch = rows.next()) != null) {
        batch.close();
      }
    }
  }

  private static void collect(BatchSource.Filled batch, List<String[]> into) {
    VarCharVector ids = (VarCharVector) batch.writer().vector(0);
    VarCharVector notes = (VarCharVector) batch.writer().vector(1);
    BigIntVector numbers = (BigIntVector) batch.writer().vector(2);
    for (int i = 0; i < batch.rows(); i++) {
      into.add(
          new String[] {
            new String(ids.get(i), StandardCharsets.UTF_8),
            notes.isNull(i) ? "" : new String(notes.get(i), StandardCharsets.UTF_8),
            numbers.isNull(i) ? "" : Long.toString(numbers.get(i))
          });
    }
  }

  /** Writes the seeded file; row {@code bad} (if not negative) has a number that is not one. */
  private Path generate(int bad) throws IOException {
    SecureRandom random = TestingRandom.seeded(SEED);
    StringBuilder text = new StringBuilder("\uFEFFid,note,n\r\n");
    for (int r = 0; r < ROWS; r++) {
      text.append(quoted(random, "S" + r)).append(',');
      StringBuilder note = new StringBuilder();
      for (int k = random.nextInt(6); k > 0; k--) {
        note.append(PIECES[random.nextInt(PIECES.length)]);
      }
      text.append(note.length() == 0 ? "" : quoted(random, note.toString())).append(',');
      if (r == bad) {
        text.append("4x2");
      } else if (random.nextInt(10) > 0) {
        text.append(random.nextLong());
      }
      text.append(LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
    }
    Path file = temp.resolve("rows-" + bad + ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Plain rows, then one row longer than a block may hold; row {@code bad} has a bad number. */
  private Path withOverlongRowAfter(int rows, int bad) throws IOException {
    Path file = temp.resolve("overlong.csv");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,note,n\n");
      for (int r = 0; r < rows; r++) {
        out.write("S" + r + ",x," + (r == bad ? "4x2" : r) + "\n");
      }
      out.write("L,\"");
      char[] chunk = new char[1 << 20];
      Arrays.fill(chunk, 'x');
      for (int i = 0; i <= CsvBlocks.MAX_RECORD_BYTES >> 20; i++) {
        out.write(chunk);
      }
      out.write("\",1\n");
    }
    return file;
  }

  /** The text as a field: quoted whenever it must be, and sometimes when it need not. */
  private static String quoted(SecureRandom random, String text) {
    boolean needs =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return needs || random.nextBoolean() ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  private static List<String[]> serialRead(Path file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = serialReader(file)) {
      for (CsvRecord record : reader) {
        if (record.getStartingLineNumber() > 1) {
          rows.add(record.getFields().toArray(String[]::new));
        }
      }
    }
    return rows;
  }

  private static long serialStartingLine(Path file, int row) throws IOException {
    try (CsvReader<CsvRecord> reader = serialReader(file)) {
      return reader.stream().skip(row + 1L).findFirst().orElseThrow().getStartingLineNumber();
    }
  }

  private static CsvReader<CsvRecord> serialReader(Path file) throws IOException {
    Reader text = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    return CsvReader.builder()
        .allowExtraFields(true)
        .allowMissingFields(true)
        .skipEmptyLines(true)
        .ofCsvRecord(text);
  }
}
