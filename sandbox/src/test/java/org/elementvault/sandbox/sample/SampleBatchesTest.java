package org.elementvault.sandbox.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.ArrowColumns;
import org.elementvault.engine.dataset.BatchStats;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnStats;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.OpenCategory;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.engine.dataset.Schema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleBatchesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** One column of every type, the subject first. */
  private static final Schema EVERY_TYPE =
      new Schema(
          "id_card",
          OpenCategory.CONDITIONAL,
          List.of(
              new Column(
                  "id_card", ColumnType.STRING, Level.SENSITIVE, PiiType.ID_CARD, false, true),
              Column.of("flag", ColumnType.BOOLEAN, Level.GENERAL),
              Column.of("age", ColumnType.INT, Level.SENSITIVE),
              Column.of("visits", ColumnType.BIGINT, Level.GENERAL),
              Column.of("ratio", ColumnType.DOUBLE, Level.IMPORTANT),
              Column.of("income", ColumnType.decimal(12, 2), Level.IMPORTANT),
              Column.of("balance", ColumnType.decimal(30, 4), Level.CORE),
              Column.of("note", ColumnType.STRING, Level.GENERAL),
              Column.of("visit_day", ColumnType.DATE, Level.SENSITIVE),
              Column.of("seen_at", ColumnType.TIMESTAMP, Level.SENSITIVE)));

  private static final List<String> EVERY_COLUMN =
      EVERY_TYPE.columns().stream().map(Column::name).toList();

  private static final LocalDate VISIT_MIN = LocalDate.of(2011, 4, 5);
  private static final LocalDate VISIT_MAX = LocalDate.of(2019, 8, 27);
  private static final long SEEN_MIN = micros(LocalDateTime.of(2021, 6, 1, 10, 30));
  private static final long SEEN_MAX = micros(LocalDateTime.of(2023, 2, 3, 4, 5));

  /** Statistics of one stored batch of {@link #EVERY_TYPE}, as an import keeps them. */
  private static final BatchStats STATS =
      new BatchStats(
          1_000,
          List.of(
              new ColumnStats(0, null, null),
              new ColumnStats(10, null, null),
              new ColumnStats(0, 18.0, 65.0),
              new ColumnStats(3, 3.0, 9.0),
              new ColumnStats(0, 0.5, 7.25),
              new ColumnStats(5, Math.nextDown(1234.56), Math.nextUp(98765.43)),
              new ColumnStats(0, Math.nextDown(-250.5), Math.nextUp(12_345.6789)),
              new ColumnStats(0, null, null),
              new ColumnStats(0, (double) VISIT_MIN.toEpochDay(), (double) VISIT_MAX.toEpochDay()),
              new ColumnStats(0, (double) SEEN_MIN, (double) SEEN_MAX)));

  @TempDir Path directory;

  private BufferAllocator allocator;

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator(512L << 20);
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void batch_everyColumnType_hasTheScansArrowField() {
    List<Field> expected = EVERY_TYPE.columns().stream().map(ArrowColumns::field).toList();

    try (SampleBatches sample = sample(EVERY_COLUMN, 10, 1)) {
      assertThat(sample.next()).isTrue();

      assertThat(sample.batch().getSchema().getFields()).containsExactlyElementsOf(expected);
      for (int i = 0; i < expected.size(); i++) {
        FieldVector vector = sample.batch().getVector(i);
        assertThat(vector.getMinorType())
            .isEqualTo(expected.get(i).createVector(allocator).getMinorType());
      }
    }
  }

  @Test
  void batch_requestedColumns_inTheRequestedOrder() {
    try (SampleBatches sample = sample(List.of("seen_at", "id_card", "age"), 10, 1)) {
      assertThat(sample.next()).isTrue();

      assertThat(sample.batch().getSchema().getFields().stream().map(Field::getName))
          .containsExactly("seen_at", "id_card", "age");
    }
  }

  @Test
  void next_rowsOverSeveralBatches_givesFullBatchesThenTheRest() {
    List<Integer> sizes = new ArrayList<>();

    try (SampleBatches sample = sample(List.of("flag"), 2L * SampleBatches.BATCH_ROWS + 5, 1)) {
      while (sample.next()) {
        sizes.add(sample.batch().getRowCount());
      }
    }

    assertThat(sizes).containsExactly(SampleBatches.BATCH_ROWS, SampleBatches.BATCH_ROWS, 5);
  }

  @Test
  void next_zeroRows_givesNoBatch() {
    try (SampleBatches sample = sample(EVERY_COLUMN, 0, 1)) {
      assertThat(sample.next()).isFalse();
    }
  }

  @Test
  void sample_sameSeed_sameValues() {
    assertThat(values(EVERY_COLUMN, 3_000, 42)).isEqualTo(values(EVERY_COLUMN, 3_000, 42));
  }

  @Test
  void sample_otherSeed_otherValues() {
    assertThat(values(EVERY_COLUMN, 3_000, 43)).isNotEqualTo(values(EVERY_COLUMN, 3_000, 42));
  }

  @Test
  void sample_columnValues_doNotDependOnTheOtherColumnsRequested() {
    List<List<Object>> alone = values(List.of("income"), 3_000, 42);
    List<List<Object>> withOthers = values(List.of("age", "income", "note"), 3_000, 42);

    assertThat(withOthers.get(1)).isEqualTo(alone.get(0));
  }

  @Test
  void sample_generalNumbers_fillTheObservedRange() {
    List<Object> visits = values(List.of("visits"), 5_000, 3).get(0);

    assertThat(nonNull(visits)).allSatisfy(v -> assertThat((Long) v).isBetween(3L, 9L));
    assertThat(nonNull(visits)).contains(3L, 9L);
  }

  /** A bound is one person's value: a non-GENERAL sample stays on the grid around it. */
  @Test
  void sample_sensitiveInt_roundsTheRangeOutwardAndAvoidsTheBounds() {
    List<Object> ages = values(List.of("age"), 10_000, 3).get(0);

    // 18 to 65 spans 47: a step of 5 gives 15 to 65, without 18 and 65 themselves.
    assertThat(nonNull(ages)).allSatisfy(v -> assertThat((Integer) v).isBetween(15, 64));
    assertThat(nonNull(ages)).contains(15, 17, 64).doesNotContain(18, 65);
  }

  @Test
  void sample_importantDecimal_staysOnTheGridAndAvoidsTheBounds() {
    List<Object> incomes = values(List.of("income"), 10_000, 3).get(0);

    // 1,234.56 to 98,765.43: a step of 10,000 gives 0 to 100,000.
    assertThat(nonNull(incomes))
        .allSatisfy(
            v -> {
              BigDecimal income = (BigDecimal) v;
              assertThat(income.scale()).isEqualTo(2);
              assertThat(income).isBetween(BigDecimal.ZERO, new BigDecimal("100000.00"));
            })
        .doesNotContain(new BigDecimal("1234.56"), new BigDecimal("98765.43"));
  }

  @Test
  void sample_wideDecimal_staysOnTheGrid() {
    List<Object> balances = values(List.of("balance"), 10_000, 3).get(0);

    // -250.5 to 12,345.6789: a step of 2,000 gives -2,000 to 14,000.
    assertThat(nonNull(balances))
        .allSatisfy(
            v -> {
              BigDecimal balance = (BigDecimal) v;
              assertThat(balance.scale()).isEqualTo(4);
              assertThat(balance).isBetween(new BigDecimal("-2000"), new BigDecimal("14000"));
            })
        .doesNotContain(new BigDecimal("-250.5000"), new BigDecimal("12345.6789"));
  }

  @Test
  void sample_importantDouble_staysOnTheGrid() {
    List<Object> ratios = values(List.of("ratio"), 10_000, 3).get(0);

    // 0.5 to 7.25: a step of 1 gives 0 to 8.
    assertThat(nonNull(ratios))
        .allSatisfy(v -> assertThat((Double) v).isBetween(0.0, 8.0))
        .doesNotContain(0.5, 7.25);
    assertThat(nonNull(ratios)).anySatisfy(v -> assertThat((Double) v).isGreaterThan(7.25));
  }

  @Test
  void sample_sensitiveDate_staysWithinTheWholeYearsAndAvoidsTheBounds() {
    List<Object> days = values(List.of("visit_day"), 20_000, 3).get(0);

    assertThat(nonNull(days))
        .allSatisfy(
            v ->
                assertThat(((LocalDate) v))
                    .isBetween(LocalDate.of(2011, 1, 1), LocalDate.of(2019, 12, 31)))
        .doesNotContain(VISIT_MIN, VISIT_MAX);
    assertThat(nonNull(days))
        .anySatisfy(v -> assertThat(((LocalDate) v)).isBefore(VISIT_MIN))
        .anySatisfy(v -> assertThat(((LocalDate) v)).isAfter(VISIT_MAX));
  }

  @Test
  void sample_sensitiveTimestamp_staysWithinTheWholeYears() {
    List<Object> times = valuesOf(sample(List.of("seen_at"), 10_000, 3), true).get(0);

    long low = LocalDate.of(2021, 1, 1).toEpochDay() * MICROS_PER_DAY;
    long high = LocalDate.of(2024, 1, 1).toEpochDay() * MICROS_PER_DAY - 1;
    assertThat(nonNull(times))
        .allSatisfy(v -> assertThat((Long) v).isBetween(low, high))
        .doesNotContain(SEEN_MIN, SEEN_MAX);
  }

  @Test
  void sample_positiveRangeOverThreeDecades_isDrawnLogUniformly() {
    Schema schema =
        new Schema(
            "amount",
            OpenCategory.NONE,
            List.of(Column.of("amount", ColumnType.BIGINT, Level.IMPORTANT)));
    BatchStats stats = new BatchStats(100, List.of(new ColumnStats(0, 50.0, 5_000_000.0)));

    List<Object> amounts;
    try (SampleBatches sample =
        SampleBatches.create(schema, List.of(stats), List.of("amount"), 10_000, 5, allocator)) {
      amounts = valuesOf(sample, false).get(0);
    }

    assertThat(amounts).allSatisfy(v -> assertThat((Long) v).isBetween(50L, 5_000_000L));
    // Uniform draws would put 1% below 50,000; log-uniform ones put half of them below 15,811.
    long small = amounts.stream().filter(v -> (Long) v < 50_000).count();
    assertThat(small).isGreaterThan(5_000);
  }

  @Test
  void sample_withoutStatistics_usesTheDefaultRanges() {
    List<List<Object>> values;
    try (SampleBatches sample =
        SampleBatches.create(
            EVERY_TYPE, List.of(), List.of("age", "income", "visit_day"), 5_000, 9, allocator)) {
      values = valuesOf(sample, false);
    }

    assertThat(nonNull(values.get(0))).allSatisfy(v -> assertThat((Integer) v).isBetween(0, 1000));
    assertThat(nonNull(values.get(1)))
        .allSatisfy(
            v -> assertThat((BigDecimal) v).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(1000)));
    assertThat(nonNull(values.get(2)))
        .allSatisfy(
            v ->
                assertThat(((LocalDate) v))
                    .isBetween(LocalDate.of(2000, 1, 1), LocalDate.of(2024, 12, 31)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ID_CARD", "PHONE", "BANK_CARD", "EMAIL", "BIRTH_DATE"})
  void sample_checkableStrings_passTheImportsFormatCheck(String type) {
    Column column =
        new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.valueOf(type), false, true);
    List<Object> values = piiValues(column);

    assertThat(nonNull(values)).hasSizeGreaterThan(4_000);
    for (Object value : nonNull(values)) {
      PiiFormats.check(column, value.toString(), TODAY);
    }
  }

  @Test
  void sample_names_areTwoOrThreeChineseCharacters() {
    Column column =
        new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.NAME, false, false);

    assertThat(nonNull(piiValues(column)))
        .allSatisfy(v -> assertThat(v.toString()).matches("\\p{IsHan}{2,3}"));
  }

  @Test
  void sample_addressesAndPlaces_haveTheirShape() {
    Column address =
        new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.ADDRESS, false, false);
    Column geo = new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.GEO, false, false);

    assertThat(nonNull(piiValues(address)))
        .allSatisfy(v -> assertThat(v.toString()).matches("\\p{IsHan}+\\d+号(\\d+栋\\d+室)?"));
    assertThat(nonNull(piiValues(geo)))
        .allSatisfy(v -> assertThat(v.toString()).matches("\\d{2}\\.\\d{6},\\d{2,3}\\.\\d{6}"));
  }

  @Test
  void sample_generalStringWithoutPiiType_drawsFromTheFixedVocabulary() {
    List<Object> notes = values(List.of("note"), 5_000, 3).get(0);

    Set<String> distinct = new HashSet<>();
    nonNull(notes).forEach(v -> distinct.add(v.toString()));
    assertThat(distinct)
        .hasSize(20)
        .allSatisfy(v -> assertThat(v).matches("value_([1-9]|1\\d|20)"));
  }

  @Test
  void sample_subjectWithoutPiiType_numbersItsRows() {
    Schema schema =
        new Schema(
            "customer",
            OpenCategory.NONE,
            List.of(Column.of("customer", ColumnType.STRING, Level.SENSITIVE)));

    List<Object> customers;
    try (SampleBatches sample =
        SampleBatches.create(
            schema, List.of(), List.of("customer"), SampleBatches.BATCH_ROWS + 2, 1, allocator)) {
      customers = valuesOf(sample, false).get(0);
    }

    assertThat(customers.get(0).toString()).isEqualTo("subject_1");
    assertThat(customers.get(customers.size() - 1).toString())
        .isEqualTo("subject_" + (SampleBatches.BATCH_ROWS + 2));
  }

  @Test
  void sample_nulls_onlyWhereTheColumnHasThem() {
    List<List<Object>> values = values(List.of("id_card", "age", "visits", "flag"), 20_000, 3);

    assertThat(values.get(0)).doesNotContainNull();
    assertThat(values.get(1)).doesNotContainNull();
    long visitNulls = values.get(2).stream().filter(v -> v == null).count();
    long flagNulls = values.get(3).stream().filter(v -> v == null).count();
    assertThat(visitNulls).isBetween(100L, 400L);
    assertThat(flagNulls).isBetween(100L, 400L);
  }

  @Test
  void close_afterEveryBatch_releasesAllMemory() {
    try (SampleBatches sample = sample(EVERY_COLUMN, SampleBatches.BATCH_ROWS + 10, 1)) {
      while (sample.next()) {
        assertThat(allocator.getAllocatedMemory()).isPositive();
      }
    }

    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void close_inTheMiddle_releasesAllMemory() {
    SampleBatches sample = sample(EVERY_COLUMN, 3L * SampleBatches.BATCH_ROWS, 1);
    assertThat(sample.next()).isTrue();

    sample.close();

    assertThat(allocator.getAllocatedMemory()).isZero();
    assertThat(sample.next()).isFalse();
  }

  @Test
  void create_unknownColumn_isNotFound() {
    assertThatThrownBy(() -> sample(List.of("age", "salary"), 10, 1))
        .isInstanceOf(VaultException.class)
        .hasMessage("dataset sample has no column salary")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void create_columnTwice_isRefused() {
    assertThatThrownBy(() -> sample(List.of("age", "age"), 10, 1))
        .isInstanceOf(VaultException.class)
        .hasMessage("column age requested twice")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
  }

  @Test
  void create_negativeRows_isRefused() {
    assertThatThrownBy(() -> sample(List.of("age"), -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows must be at least 0, was -1");
  }

  /** Sample data is generated, never copied: no stored value may leak into it (invariant 5). */
  @Test
  void create_fromAnImportedDataset_emitsNoneOfItsValues() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("id_card,name,district,note,income,score,visit_day");
    Set<String> markers = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String id = String.format(Locale.ROOT, "MARKER%012d", i);
      String name = "龘靐" + "齉齾爩鱻".charAt(i % 4);
      String district = "markerville-" + (i % 7);
      String note = "marker note " + i;
      String income = (i == 0 ? "4321.09" : i == 1 ? "87654.32" : (5000 + i) + ".50");
      String score = Integer.toString(i == 0 ? 17 : i == 1 ? 83 : 20 + i % 60);
      String day =
          i == 0
              ? "2011-04-05"
              : i == 1 ? "2019-08-27" : LocalDate.of(2015, 1, 1).plusDays(i).toString();
      lines.add(String.join(",", id, name, district, note, income, score, day));
      markers.addAll(List.of(id, name, district, note));
    }
    Path file = directory.resolve("markers.csv");
    Files.write(file, lines, StandardCharsets.UTF_8);
    String schema =
        """
        subject: id_card
        open_category: CONDITIONAL
        columns:
          - {name: id_card,   type: STRING, level: SENSITIVE, pii: ID_CARD}
          - {name: name,      type: STRING, level: SENSITIVE, pii: NAME}
          - {name: district,  type: STRING, level: GENERAL}
          - {name: note,      type: STRING, level: GENERAL}
          - {name: income,    type: DECIMAL(12,2), level: IMPORTANT}
          - {name: score,     type: INT,    level: SENSITIVE}
          - {name: visit_day, type: DATE,   level: SENSITIVE}
        """;
    Dataset dataset;
    try (TestingTenantVault vault = new TestingTenantVault(directory)) {
      dataset = vault.importFile("markers", file, schema);
    }

    List<List<Object>> values;
    try (SampleBatches sample =
        SampleBatches.create(
            dataset,
            List.of("id_card", "name", "district", "note", "income", "score", "visit_day"),
            20_000,
            5,
            allocator)) {
      values = valuesOf(sample, false);
    }

    for (int column = 0; column < 4; column++) {
      assertThat(nonNull(values.get(column)))
          .allSatisfy(
              v -> {
                assertThat(markers).doesNotContain(v.toString());
                assertThat(v.toString().toLowerCase(Locale.ROOT)).doesNotContain("marker");
                assertThat(v.toString()).doesNotContain("龘", "靐");
              });
    }
    assertThat(nonNull(values.get(4)))
        .doesNotContain(new BigDecimal("4321.09"), new BigDecimal("87654.32"));
    assertThat(nonNull(values.get(5))).doesNotContain(17, 83);
    assertThat(nonNull(values.get(6)))
        .doesNotContain(LocalDate.of(2011, 4, 5), LocalDate.of(2019, 8, 27));
  }

  private SampleBatches sample(List<String> columns, long rows, long seed) {
    return SampleBatches.create(EVERY_TYPE, List.of(STATS), columns, rows, seed, allocator);
  }

  /** Every value of every requested column, one list per column, nulls included. */
  private List<List<Object>> values(List<String> columns, long rows, long seed) {
    try (SampleBatches sample = sample(columns, rows, seed)) {
      return valuesOf(sample, false);
    }
  }

  private List<Object> piiValues(Column column) {
    Schema schema =
        new Schema(
            "id",
            OpenCategory.NONE,
            List.of(Column.of("id", ColumnType.BIGINT, Level.GENERAL), column));
    try (SampleBatches sample =
        SampleBatches.create(schema, List.of(), List.of(column.name()), 5_000, 2, allocator)) {
      return valuesOf(sample, false).get(0);
    }
  }

  /**
   * The values of every batch of {@code sample}, as Arrow's {@code getObject} gives them (a
   * timestamp as its microseconds when {@code rawTimes}).
   */
  private static List<List<Object>> valuesOf(SampleBatches sample, boolean rawTimes) {
    List<List<Object>> columns = new ArrayList<>();
    while (sample.next()) {
      VectorSchemaRoot batch = sample.batch();
      for (int c = 0; c < batch.getFieldVectors().size(); c++) {
        if (columns.size() <= c) {
          columns.add(new ArrayList<>());
        }
        FieldVector vector = batch.getVector(c);
        for (int row = 0; row < batch.getRowCount(); row++) {
          columns.get(c).add(value(vector, row, rawTimes));
        }
      }
    }
    if (rawTimes) {
      sample.close();
    }
    return columns;
  }

  private static @Nullable Object value(FieldVector vector, int row, boolean rawTimes) {
    if (vector.isNull(row)) {
      return null;
    }
    if (rawTimes && vector instanceof TimeStampMicroTZVector times) {
      return times.get(row);
    }
    if (vector instanceof DateDayVector days) {
      return LocalDate.ofEpochDay(days.get(row));
    }
    Object value = vector.getObject(row);
    return value instanceof Text text ? text.toString() : value;
  }

  private static List<Object> nonNull(List<Object> values) {
    return values.stream().filter(v -> v != null).toList();
  }

  private static long micros(LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC).toEpochMilli() * 1000;
  }
}
