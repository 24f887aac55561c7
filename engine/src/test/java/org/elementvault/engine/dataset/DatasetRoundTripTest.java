package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.auth.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 200,000 seeded random rows of every column type, with nulls, multibyte UTF-8 and CSV quoting,
 * imported from CSV, an Arrow IPC file and an Arrow IPC stream (written in 30,000-row record
 * batches, so import re-batches them), come back from a scan exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetRoundTripTest {

  private static final long SEED = 20_260_301L;
  private static final int ROWS = 200_000;
  private static final String SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: SENSITIVE}
        - {name: b, type: BOOLEAN, level: GENERAL}
        - {name: i, type: INT, level: GENERAL}
        - {name: l, type: BIGINT, level: GENERAL}
        - {name: d, type: DOUBLE, level: GENERAL}
        - {name: m, type: "DECIMAL(12,2)", level: GENERAL}
        - {name: n, type: "DECIMAL(30,4)", level: GENERAL}
        - {name: s, type: STRING, level: GENERAL}
        - {name: dt, type: DATE, level: GENERAL}
        - {name: ts, type: TIMESTAMP, level: GENERAL}
      """;
  private static final List<String> COLUMNS =
      List.of("id", "b", "i", "l", "d", "m", "n", "s", "dt", "ts");
  private static final int TS = 9;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
  private static final String[] PIECES = {
    "a", "Z", "9", " ", ",", "\"", "\n", "é", "中", "文", "金库", "😀", "𝄞", "ß"
  };

  @TempDir static Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;
  private Object[][] rows;

  @BeforeAll
  void generate() {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(512L << 20);
    SecureRandom random = TestingRandom.seeded(SEED);
    rows = new Object[ROWS][];
    for (int r = 0; r < ROWS; r++) {
      Object[] row = new Object[COLUMNS.size()];
      row[0] = "S" + r;
      row[1] = random.nextBoolean();
      row[2] = random.nextInt();
      row[3] = random.nextLong();
      row[4] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      row[5] = BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000L, 2);
      row[6] =
          new BigDecimal(
              new BigInteger(100, random)
                  .mod(BigInteger.TEN.pow(30))
                  .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
              4);
      StringBuilder text = new StringBuilder();
      for (int k = 1 + random.nextInt(12); k > 0; k--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      row[7] = text.toString();
      row[8] = LocalDate.ofEpochDay(-719_162 + random.nextInt(3_652_059));
      row[9] = random.nextLong() % 4_000_000_000_000_000L;
      for (int c = 1; c < row.length; c++) {
        if (random.nextInt(20) == 0) {
          row[c] = null;
        }
      }
      rows[r] = row;
    }
  }

  @AfterAll
  void close() {
    allocator.close();
    vaults.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {".csv", ".arrow", ".arrows"})
  void import_everyTypeWithNulls_scansBackExactly(String format) throws IOException {
    Path file = vaults.file(format);
    if (format.equals(".csv")) {
      writeCsv(file);
    } else {
      writeArrow(file);
    }
    String name = "all" + format.replace(".", "-");
    Principal alice = vaults.alice();

    DatasetVersion version = vaults.importFile(alice, null, name, file, SCHEMA);

    assertThat(version.batches())
        .extracting(BatchStats::rows)
        .containsExactly(65_536, 65_536, 65_536, ROWS - 3 * 65_536);
    int row = 0;
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(alice, null, name, OptionalInt.empty(), COLUMNS, List.of(), allocator)) {
      while (scan.next()) {
        VectorSchemaRoot batch = scan.batch();
        for (int i = 0; i < batch.getRowCount(); i++, row++) {
          for (int c = 0; c < COLUMNS.size(); c++) {
            Object actual = value(batch.getVector(c), i);
            if (!Objects.equals(actual, rows[row][c])) {
              assertThat(actual)
                  .as("seed %d, row %d, column %s", SEED, row, COLUMNS.get(c))
                  .isEqualTo(rows[row][c]);
            }
          }
        }
      }
    }
    assertThat(row).as("seed %d", SEED).isEqualTo(ROWS);
  }

  private static Object value(FieldVector vector, int i) {
    if (vector.isNull(i)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(i) == 1;
    }
    if (vector instanceof IntVector v) {
      return v.get(i);
    }
    if (vector instanceof BigIntVector v) {
      return v.get(i);
    }
    if (vector instanceof Float8Vector v) {
      return v.get(i);
    }
    if (vector instanceof DecimalVector v) {
      return v.getObject(i);
    }
    if (vector instanceof VarCharVector v) {
      return new String(v.get(i), StandardCharsets.UTF_8);
    }
    if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(i));
    }
    return ((TimeStampMicroTZVector) vector).get(i);
  }

  private void writeCsv(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", COLUMNS));
      out.write("\r\n");
      for (Object[] row : rows) {
        for (int c = 0; c < row.length; c++) {
          if (c > 0) {
            out.write(',');
          }
          out.write(csvText(c, row[c]));
        }
        out.write("\r\n");
      }
    }
  }

  private static String csvText(int column, Object value) {
    if (value == null) {
      return "";
    }
    if (column == TS) {
      long micros = (Long) value;
      return LocalDateTime.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L),
              (int) Math.floorMod(micros, 1_000_000L) * 1_000,
              ZoneOffset.UTC)
          .format(TIMESTAMP);
    }
    if (value instanceof String text) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }

  private void writeArrow(Path file) throws IOException {
    org.apache.arrow.vector.types.pojo.Schema arrowSchema =
        new org.apache.arrow.vector.types.pojo.Schema(
            Schema.parse(SCHEMA.getBytes(StandardCharsets.UTF_8)).columns().stream()
                .map(ArrowColumns::field)
                .toList());
    TestingArrowFiles.write(
        file,
        arrowSchema,
        ROWS,
        30_000,
        allocator,
        (root, first) -> {
          int count = Math.min(30_000, ROWS - first);
          for (int i = 0; i < count; i++) {
            Object[] row = rows[first + i];
            for (int c = 0; c < row.length; c++) {
              set(root.getVector(c), i, row[c]);
            }
          }
        });
  }

  private static void set(FieldVector vector, int i, Object value) {
    if (value == null) {
      vector.setNull(i);
    } else if (vector instanceof BitVector v) {
      v.setSafe(i, (Boolean) value ? 1 : 0);
    } else if (vector instanceof IntVector v) {
      v.setSafe(i, (Integer) value);
    } else if (vector instanceof BigIntVector v) {
      v.setSafe(i, (Long) value);
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(i, (Double) value);
    } else if (vector instanceof DecimalVector v) {
      v.setSafe(i, (BigDecimal) value);
    } else if (vector instanceof VarCharVector v) {
      v.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof DateDayVector v) {
      v.setSafe(i, Math.toIntExact(((LocalDate) value).toEpochDay()));
    } else {
      ((TimeStampMicroTZVector) vector).setSafe(i, (Long) value);
    }
  }
}
