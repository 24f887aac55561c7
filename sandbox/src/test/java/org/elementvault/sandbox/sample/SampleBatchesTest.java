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
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
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
import org.elementvault.engine.dataset.Categories;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnStats;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Histogram;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.OpenCategory;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.engine.dataset.Schema;
import org.elementvault.sandbox.sample.SampleBatches.Statistics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SampleBatchesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

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
  void next_theMostRows_givesThemAll() {
    long rows = 0;

    try (SampleBatches sample = sample(List.of("flag"), SampleBatches.MAX_ROWS, 1)) {
      while (sample.next()) {
        rows += sample.batch().getRowCount();
      }
    }

    assertThat(rows).isEqualTo(SampleBatches.MAX_ROWS);
  }

  /** A sample is for developing against, never a bulk copy: its size has a hard cap. */
  @Test
  void create_moreRowsThanTheCap_isRefused() {
    assertThatThrownBy(() -> sample(List.of("flag"), SampleBatches.MAX_ROWS + 1L, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows must be from 0 to 10000, was 10001");
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

  /** Even a GENERAL column's bounds are one person's values: the sample stays inside them. */
  @Test
  void sample_generalBigint_staysStrictlyInsideTheBounds() {
    List<Object> visits = values(List.of("visits"), 5_000, 3).get(0);

    // 3 to 9 spans 6: a step of 2 (never one unit) gives 4 to 8.
    assertThat(nonNull(visits))
        .allSatisfy(v -> assertThat((Long) v).isBetween(4L, 8L))
        .contains(4L, 8L);
  }

  @Test
  void sample_sensitiveInt_liesBetweenGridMultiplesStrictlyInsideTheBounds() {
    List<Object> ages = values(List.of("age"), 10_000, 3).get(0);

    // 18 to 65 spans 47: a step of 5 gives 20 to 60.
    assertThat(nonNull(ages))
        .allSatisfy(v -> assertThat((Integer) v).isBetween(20, 60))
        .contains(20, 60);
  }

  /**
   * A value the sample skips inside its range would point at a bound as surely as the bound itself:
   * every value between the sample's least and greatest appears.
   */
  @Test
  void sample_sensitiveInt_leavesNoGapWhereABoundWouldBe() {
    List<Object> ages = values(List.of("age"), 10_000, 3).get(0);

    Set<Object> distinct = new HashSet<>(nonNull(ages));
    assertThat(distinct).hasSize(41);
  }

  @Test
  void sample_sensitiveInt_crowdsTheMiddleOfItsRange() {
    List<Object> ages = values(List.of("age"), 10_000, 3).get(0);

    long middle = nonNull(ages).stream().filter(v -> Math.abs((Integer) v - 40) <= 5).count();
    long edge = nonNull(ages).stream().filter(v -> (Integer) v <= 25).count();
    assertThat(middle).isGreaterThan(2 * edge);
  }

  @Test
  void sample_importantDecimal_liesBetweenGridMultiplesStrictlyInsideTheBounds() {
    List<Object> incomes = values(List.of("income"), 10_000, 3).get(0);

    // 1,234.56 to 98,765.43: a step of 10,000 gives 10,000 to 90,000.
    assertThat(nonNull(incomes))
        .allSatisfy(
            v -> {
              BigDecimal income = (BigDecimal) v;
              assertThat(income.scale()).isEqualTo(2);
              assertThat(income).isBetween(new BigDecimal("10000"), new BigDecimal("90000"));
            });
  }

  @Test
  void sample_wideDecimal_liesBetweenGridMultiplesStrictlyInsideTheBounds() {
    List<Object> balances = values(List.of("balance"), 10_000, 3).get(0);

    // -250.5 to 12,345.6789: a step of 2,000 gives 0 to 12,000.
    assertThat(nonNull(balances))
        .allSatisfy(
            v -> {
              BigDecimal balance = (BigDecimal) v;
              assertThat(balance.scale()).isEqualTo(4);
              assertThat(balance).isBetween(BigDecimal.ZERO, new BigDecimal("12000"));
            });
  }

  @Test
  void sample_importantDouble_liesBetweenGridMultiplesStrictlyInsideTheBounds() {
    List<Object> ratios = values(List.of("ratio"), 10_000, 3).get(0);

    // 0.5 to 7.25: a step of 1 gives 1 to 7.
    assertThat(nonNull(ratios)).allSatisfy(v -> assertThat((Double) v).isBetween(1.0, 7.0));
    assertThat(nonNull(ratios)).anySatisfy(v -> assertThat((Double) v).isGreaterThan(6.5));
  }

  @Test
  void sample_sensitiveDate_liesInTheWholeYearsStrictlyInsideTheBounds() {
    List<Object> days = values(List.of("visit_day"), 10_000, 3).get(0);

    assertThat(nonNull(days))
        .allSatisfy(
            v ->
                assertThat(((LocalDate) v))
                    .isBetween(LocalDate.of(2012, 1, 1), LocalDate.of(2018, 12, 31)));
    assertThat(nonNull(days))
        .anySatisfy(v -> assertThat(((LocalDate) v)).isBefore(LocalDate.of(2012, 2, 1)))
        .anySatisfy(v -> assertThat(((LocalDate) v)).isAfter(LocalDate.of(2018, 12, 1)));
  }

  @Test
  void sample_sensitiveTimestamp_liesInTheWholeYearsStrictlyInsideTheBounds() {
    List<Object> times = valuesOf(sample(List.of("seen_at"), 10_000, 3), true).get(0);

    long low = LocalDate.of(2022, 1, 1).toEpochDay() * MICROS_PER_DAY;
    long high = LocalDate.of(2023, 1, 1).toEpochDay() * MICROS_PER_DAY - 1;
    assertThat(nonNull(times)).allSatisfy(v -> assertThat((Long) v).isBetween(low, high));
  }

  @Test
  void sample_datesWithinOneYear_lieInTheWholeMonthsStrictlyInsideTheBounds() {
    List<Object> days =
        single(
            Column.of("day", ColumnType.DATE, Level.SENSITIVE),
            (double) LocalDate.of(2020, 3, 14).toEpochDay(),
            (double) LocalDate.of(2020, 9, 2).toEpochDay());

    assertThat(days)
        .allSatisfy(
            v ->
                assertThat(((LocalDate) v))
                    .isBetween(LocalDate.of(2020, 4, 1), LocalDate.of(2020, 8, 31)));
  }

  @Test
  void sample_datesOfOneMonth_lieInTheMonthsBeforeAndAfter() {
    List<Object> days =
        single(
            Column.of("day", ColumnType.DATE, Level.SENSITIVE),
            (double) LocalDate.of(2020, 3, 14).toEpochDay(),
            (double) LocalDate.of(2020, 3, 20).toEpochDay());

    assertThat(days)
        .allSatisfy(
            v ->
                assertThat(YearMonth.from((LocalDate) v))
                    .isIn(YearMonth.of(2020, 2), YearMonth.of(2020, 4)))
        .anySatisfy(v -> assertThat(YearMonth.from((LocalDate) v)).isEqualTo(YearMonth.of(2020, 2)))
        .anySatisfy(
            v -> assertThat(YearMonth.from((LocalDate) v)).isEqualTo(YearMonth.of(2020, 4)));
  }

  /** A constant column's one value is everyone's: the sample lies a step beside it. */
  @Test
  void sample_constantColumn_liesOneStepEitherSideOfIt() {
    List<Object> scores = single(Column.of("score", ColumnType.INT, Level.IMPORTANT), 40.0, 40.0);

    // A step of 5 (a tenth of 40, rounded up to the grid): 30 to 35 and 45 to 50.
    assertThat(scores)
        .allSatisfy(v -> assertThat((Integer) v).isBetween(30, 50).matches(x -> x <= 35 || x >= 45))
        .contains(30, 35, 45, 50);
  }

  /**
   * Bounds at the ends of a type, constants and tiny or huge magnitudes: the sample neither fails
   * nor takes a bound.
   */
  @ParameterizedTest
  @MethodSource("extremeBounds")
  void sample_extremeBounds_neverTakeThem(ColumnType type, double min, double max) {
    List<Object> values = single(Column.of("x", type, Level.SENSITIVE), min, max);

    assertThat(values)
        .hasSize(10_000)
        .allSatisfy(
            v ->
                assertThat(exact(v))
                    .isNotEqualByComparingTo(new BigDecimal(min))
                    .isNotEqualByComparingTo(new BigDecimal(max)));
  }

  static Stream<Arguments> extremeBounds() {
    double firstDay = LocalDate.of(1, 1, 1).toEpochDay();
    double lastDay = LocalDate.of(9999, 12, 31).toEpochDay();
    return Stream.of(
        Arguments.of(ColumnType.INT, Integer.MIN_VALUE, Integer.MAX_VALUE),
        Arguments.of(ColumnType.INT, Integer.MAX_VALUE, Integer.MAX_VALUE),
        Arguments.of(ColumnType.INT, Integer.MIN_VALUE, Integer.MIN_VALUE),
        Arguments.of(ColumnType.INT, 0, 0),
        Arguments.of(ColumnType.INT, 0, 1),
        Arguments.of(ColumnType.BIGINT, Math.nextDown(-0x1p63), Math.nextUp(0x1p63)),
        Arguments.of(ColumnType.BIGINT, 9e18, 9e18),
        Arguments.of(ColumnType.DOUBLE, -Double.MAX_VALUE, Double.MAX_VALUE),
        Arguments.of(ColumnType.DOUBLE, Double.MAX_VALUE, Double.MAX_VALUE),
        Arguments.of(ColumnType.DOUBLE, Double.MIN_VALUE, Double.MIN_VALUE),
        Arguments.of(ColumnType.DOUBLE, 1e-300, 1e300),
        Arguments.of(ColumnType.DOUBLE, -5.5, -5.5),
        Arguments.of(ColumnType.decimal(12, 2), Math.nextDown(0.01), Math.nextUp(0.01)),
        Arguments.of(
            ColumnType.decimal(12, 2),
            Math.nextDown(-9_999_999_999.99),
            Math.nextUp(9_999_999_999.99)),
        Arguments.of(ColumnType.decimal(30, 4), -1e25, 1e25),
        Arguments.of(ColumnType.decimal(30, 4), 7.5, 7.5),
        Arguments.of(ColumnType.DATE, firstDay, lastDay),
        Arguments.of(ColumnType.DATE, lastDay, lastDay),
        Arguments.of(ColumnType.DATE, firstDay, firstDay));
  }

  /** A sample value as an exact decimal: a date as its epoch day. */
  private static BigDecimal exact(Object value) {
    if (value instanceof Integer i) {
      return BigDecimal.valueOf(i);
    }
    if (value instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (value instanceof Double d) {
      return new BigDecimal(d);
    }
    if (value instanceof LocalDate d) {
      return BigDecimal.valueOf(d.toEpochDay());
    }
    return (BigDecimal) value;
  }

  /** One batch's outlier (a single person's) does not stretch the range of the whole sample. */
  @Test
  void sample_severalBatches_ignoreOneBatchsExtremes() {
    Schema schema =
        new Schema(
            "amount",
            OpenCategory.NONE,
            List.of(Column.of("amount", ColumnType.BIGINT, Level.IMPORTANT)));
    List<BatchStats> batches =
        List.of(
            new BatchStats(1_000, List.of(new ColumnStats(0, 210.0, 880.0))),
            new BatchStats(1_000, List.of(new ColumnStats(0, 3.0, 7_654_321.0))),
            new BatchStats(1_000, List.of(new ColumnStats(0, 190.0, 910.0))));

    List<Object> amounts;
    try (SampleBatches sample =
        SampleBatches.create(
            schema,
            new Statistics(batches, List.of(), List.of()),
            List.of("amount"),
            10_000,
            5,
            allocator)) {
      amounts = valuesOf(sample, false).get(0);
    }

    // 190 to 910 (the second-lowest minimum and second-highest maximum): 200 to 900.
    assertThat(amounts).allSatisfy(v -> assertThat((Long) v).isBetween(200L, 900L));
  }

  @Test
  void sample_positiveRangeOverThreeDecades_isDrawnOnALogScaleBetweenGridValues() {
    Schema schema =
        new Schema(
            "amount",
            OpenCategory.NONE,
            List.of(Column.of("amount", ColumnType.BIGINT, Level.IMPORTANT)));
    BatchStats stats = new BatchStats(100, List.of(new ColumnStats(0, 50.0, 5_000_000.0)));

    List<Object> amounts;
    try (SampleBatches sample =
        SampleBatches.create(schema, stats(stats), List.of("amount"), 10_000, 5, allocator)) {
      amounts = valuesOf(sample, false).get(0);
    }

    // The grid values strictly inside 50 and 5,000,000: 100 and 2,000,000.
    assertThat(amounts).allSatisfy(v -> assertThat((Long) v).isBetween(100L, 2_000_000L));
    // Uniform draws would put 2.5% below 50,000; on a log scale most of them are.
    long small = amounts.stream().filter(v -> (Long) v < 50_000).count();
    assertThat(small).isGreaterThan(5_000);
  }

  @Test
  void sample_numberWithAHistogram_followsItsBuckets() {
    List<Object> incomes =
        shaped(
            Level.IMPORTANT,
            new ColumnStats(0, 1_234.0, 9_876.0),
            bucket(1_000, 2_000, 300),
            bucket(2_000, 5_000, 3_000),
            bucket(5_000, 10_000, 1_000));

    // Bounds pulled inside to a step of 200 and 1,000: 1,400 to 9,000; buckets cut to fit.
    assertThat(incomes).allSatisfy(v -> assertThat((Long) v).isBetween(1_400L, 9_000L));
    long middle = incomes.stream().filter(v -> (Long) v >= 2_000 && (Long) v < 5_000).count();
    // 3,000 of 300 × 0.6 + 3,000 + 1,000 × 0.8 = 3,980 rows' weight: about 75%.
    assertThat(middle).isBetween(7_200L, 7_900L);
  }

  /**
   * One person's extreme lies in a bucket too few share: the sample stops where the common ones do.
   */
  @Test
  void sample_numberWithAHistogram_neverReachesAnOutlier() {
    List<Object> incomes =
        shaped(
            Level.IMPORTANT,
            new ColumnStats(0, 1_234.0, 98_765_432.0),
            bucket(1_000, 2_000, 300),
            bucket(2_000, 5_000, 3_000));

    assertThat(incomes).allSatisfy(v -> assertThat((Long) v).isBetween(1_400L, 5_000L));
  }

  /** Zero held by ten people or more is nobody's own: unlike another bound, it may show. */
  @Test
  void sample_commonZeroAtTheBound_appears() {
    List<Object> counts =
        shaped(
            Level.SENSITIVE,
            new ColumnStats(0, 0.0, 37.0),
            new Histogram.Bucket(0, BigDecimal.ZERO, BigDecimal.ZERO, 600),
            bucket(1, 2, 200),
            bucket(2, 5, 150),
            bucket(5, 10, 40),
            bucket(10, 20, 10));

    // 37 is pulled inside to a step of 5: at most 35.
    assertThat(counts).allSatisfy(v -> assertThat((Long) v).isBetween(0L, 35L)).contains(0L);
    assertThat(counts.stream().filter(v -> (Long) v == 0).count()).isBetween(5_000L, 6_200L);
  }

  /** A CORE column's shape leaves nothing without a grant: its sample ignores the histogram. */
  @Test
  void sample_coreNumberWithAHistogram_ignoresIt() {
    List<Object> amounts =
        shaped(
            Level.CORE,
            new ColumnStats(0, 1_234.0, 98_765_432.0),
            bucket(1_000, 2_000, 300),
            bucket(2_000, 5_000, 3_000));

    // Without the histogram: grid values strictly inside, on a log scale.
    assertThat(amounts).anySatisfy(v -> assertThat((Long) v).isGreaterThan(5_000_000L));
  }

  @Test
  void sample_withoutStatistics_usesTheDefaultRanges() {
    List<List<Object>> values;
    try (SampleBatches sample =
        SampleBatches.create(
            EVERY_TYPE,
            Statistics.NONE,
            List.of("age", "income", "visit_day"),
            5_000,
            9,
            allocator)) {
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
  void sample_idCards_areBornFrom1940To2006InAListedRegion() {
    Column column =
        new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.ID_CARD, false, true);

    assertThat(nonNull(piiValues(column)))
        .allSatisfy(
            v -> {
              String id = v.toString();
              assertThat(id).matches("[1-6]\\d{16}[\\dX]");
              LocalDate birth = LocalDate.parse(id.substring(6, 14), BASIC_DATE);
              assertThat(birth).isBetween(LocalDate.of(1940, 1, 1), LocalDate.of(2006, 12, 31));
            });
  }

  @Test
  void sample_phones_areMobileNumbers() {
    Column column =
        new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.PHONE, false, true);

    assertThat(nonNull(piiValues(column)))
        .allSatisfy(v -> assertThat(v.toString()).matches("1[3-9]\\d{9}"));
  }

  @Test
  void sample_bankCards_areUnionPayNumbersOf16Or19Digits() {
    Column column =
        new Column("pii", ColumnType.STRING, Level.SENSITIVE, PiiType.BANK_CARD, false, true);

    assertThat(nonNull(piiValues(column)))
        .allSatisfy(v -> assertThat(v.toString()).matches("62\\d{14}|62\\d{17}"));
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
  void sample_generalTextWithoutCommonValues_drawsFromTheFixedVocabulary() {
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
            schema, Statistics.NONE, List.of("customer"), SampleBatches.MAX_ROWS, 1, allocator)) {
      customers = valuesOf(sample, false).get(0);
    }

    assertThat(customers.get(0).toString()).isEqualTo("subject_1");
    assertThat(customers.get(customers.size() - 1).toString())
        .isEqualTo("subject_" + SampleBatches.MAX_ROWS);
  }

  /** Distinct-subject thresholds count subjects: every sample row is a different one. */
  @Test
  void sample_wholeNumberSubject_isDifferentInEveryRow() {
    Schema schema =
        new Schema(
            "customer",
            OpenCategory.NONE,
            List.of(Column.of("customer", ColumnType.BIGINT, Level.SENSITIVE)));
    BatchStats stats = new BatchStats(5_000, List.of(new ColumnStats(0, 100_017.0, 987_654.0)));

    List<Object> customers;
    try (SampleBatches sample =
        SampleBatches.create(
            schema, stats(stats), List.of("customer"), SampleBatches.MAX_ROWS, 1, allocator)) {
      customers = valuesOf(sample, false).get(0);
    }

    assertThat(new HashSet<>(customers)).hasSize(SampleBatches.MAX_ROWS);
    assertThat(customers).allSatisfy(v -> assertThat((Long) v).isBetween(200_000L, 900_000L));
  }

  @Test
  void sample_generalTextWithCommonValues_drawsOnlyThemInProportion() {
    Categories common =
        new Categories(
            "note",
            List.of(new Categories.Value("金水区", 3_000), new Categories.Value("中原区", 1_000)));

    List<Object> notes;
    try (SampleBatches sample =
        SampleBatches.create(
            EVERY_TYPE,
            new Statistics(List.of(STATS), List.of(common), List.of()),
            List.of("note"),
            SampleBatches.MAX_ROWS,
            4,
            allocator)) {
      notes = valuesOf(sample, false).get(0);
    }

    long first = notes.stream().filter("金水区"::equals).count();
    long second = notes.stream().filter("中原区"::equals).count();
    assertThat(first + second).isEqualTo(SampleBatches.MAX_ROWS);
    assertThat(first).isBetween(7_200L, 7_800L);
  }

  /** Common values are the GENERAL level's: a column classified above it gets invented ones. */
  @Test
  void sample_sensitiveTextWithCommonValues_drawsInventedValues() {
    Schema raised =
        new Schema(
            "id_card",
            OpenCategory.CONDITIONAL,
            List.of(
                new Column(
                    "id_card", ColumnType.STRING, Level.SENSITIVE, PiiType.ID_CARD, false, true),
                Column.of("note", ColumnType.STRING, Level.SENSITIVE)));
    Categories common = new Categories("note", List.of(new Categories.Value("金水区", 3_000)));

    List<Object> notes;
    try (SampleBatches sample =
        SampleBatches.create(
            raised,
            new Statistics(List.of(), List.of(common), List.of()),
            List.of("note"),
            1_000,
            4,
            allocator)) {
      notes = valuesOf(sample, false).get(0);
    }

    assertThat(nonNull(notes)).isNotEmpty().doesNotContain("金水区");
  }

  @Test
  void sample_columnsWithoutNulls_haveNone() {
    List<List<Object>> values = values(List.of("id_card", "age"), 10_000, 3);

    assertThat(values.get(0)).doesNotContainNull();
    assertThat(values.get(1)).doesNotContainNull();
  }

  /** A handful of nulls could single out the people who did not answer. */
  @Test
  void sample_columnWithFewerThanTenNulls_hasNone() {
    List<Object> visits = values(List.of("visits"), 10_000, 3).get(0);

    assertThat(visits).doesNotContainNull();
  }

  @Test
  void sample_columnWithNulls_hasTheirShareRoundedToTheGrid() {
    // 37 nulls in 1,000 rows: 3.7%, nearer 5% than 2% on a log scale.
    List<Object> scores =
        single(Column.of("score", ColumnType.INT, Level.IMPORTANT), new ColumnStats(37, 1.0, 99.0));

    long nulls = scores.stream().filter(v -> v == null).count();
    assertThat(nulls).isBetween(430L, 570L);
  }

  @Test
  void close_afterEveryBatch_releasesAllMemory() {
    try (SampleBatches sample = sample(EVERY_COLUMN, SampleBatches.MAX_ROWS, 1)) {
      while (sample.next()) {
        assertThat(allocator.getAllocatedMemory()).isPositive();
      }
    }

    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void close_inTheMiddle_releasesAllMemory() {
    SampleBatches sample = sample(EVERY_COLUMN, SampleBatches.MAX_ROWS, 1);
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
        .hasMessage("rows must be from 0 to 10000, was -1");
  }

  /** Sample data is generated, never copied: no SENSITIVE value may leak into it (invariant 5). */
  @Test
  void create_fromAnImportedDataset_emitsNoSensitiveValue() throws IOException {
    List<String> lines = markerLines();

    List<List<Object>> values = importAndSample(lines, List.of("id_card", "name", "phone"));

    for (int column = 0; column < 3; column++) {
      Set<String> imported = column(lines, column);
      assertThat(nonNull(values.get(column)))
          .allSatisfy(
              v -> {
                assertThat(imported).doesNotContain(v.toString());
                assertThat(v.toString()).doesNotContain("MARKER", "龘", "靐");
              });
    }
  }

  /** The least and greatest values are one person's each: a sample never shows them. */
  @Test
  void create_fromAnImportedDataset_neverEmitsTheMinOrMaxOfANumberOrDate() throws IOException {
    List<List<Object>> values =
        importAndSample(markerLines(), List.of("income", "score", "visit_day"));

    assertThat(nonNull(values.get(0)))
        .isNotEmpty()
        .doesNotContain(new BigDecimal("4321.09"), new BigDecimal("87654.32"));
    assertThat(nonNull(values.get(1))).isNotEmpty().doesNotContain(17, 83);
    assertThat(nonNull(values.get(2)))
        .isNotEmpty()
        .doesNotContain(LocalDate.of(2011, 4, 5), LocalDate.of(2019, 8, 27));
  }

  /** A GENERAL value that fewer than ten people hold could name them: it never appears. */
  @Test
  void create_fromAnImportedDataset_neverEmitsAGeneralValueOfFewerThanTenSubjects()
      throws IOException {
    List<List<Object>> values = importAndSample(markerLines(), List.of("district", "note"));

    assertThat(nonNull(values.get(0))).isNotEmpty().doesNotContain(RARE_DISTRICT);
    assertThat(nonNull(values.get(1)))
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.toString()).doesNotContain("marker"));
  }

  @Test
  void create_fromAnImportedDataset_emitsTheCommonGeneralValues() throws IOException {
    List<List<Object>> values = importAndSample(markerLines(), List.of("district"));

    assertThat(new HashSet<>(nonNull(values.get(0)))).containsExactlyInAnyOrder("金水区", "中原区");
  }

  /** Sample incomes look like the residents': log-normal around 60,000, not spread to the top. */
  @Test
  void create_fromImportedResidents_incomesFollowTheirShape() throws IOException {
    Path file = directory.resolve("residents.csv");
    var unused = SyntheticResidents.write(file, 5_000, SyntheticResidents.DEFAULT_SEED);
    Dataset dataset;
    try (TestingTenantVault vault = new TestingTenantVault(directory)) {
      dataset = vault.importFile("residents", file, SyntheticResidents.schemaYaml());
    }

    List<Object> incomes;
    try (SampleBatches sample =
        SampleBatches.create(dataset, List.of("income"), SampleBatches.MAX_ROWS, 5, allocator)) {
      incomes = nonNull(valuesOf(sample, false).get(0));
    }

    List<BigDecimal> sorted = incomes.stream().map(v -> (BigDecimal) v).sorted().toList();
    assertThat(sorted.get(sorted.size() / 2))
        .isBetween(new BigDecimal("30000"), new BigDecimal("120000"));
  }

  private static final String RARE_DISTRICT = "登封市";

  /**
   * 500 rows: marked IDs and names, seeded valid phones, districts of which one is held by nine
   * people, a note different in every row, and numbers and dates with known bounds.
   */
  private static List<String> markerLines() {
    List<String> lines = new ArrayList<>();
    lines.add("id_card,name,phone,district,note,income,score,visit_day");
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 500; i++) {
      String id = String.format(Locale.ROOT, "MARKER%012d", i);
      String name = "龘靐" + "齉齾爩鱻".charAt(i % 4);
      String phone = String.format(Locale.ROOT, "138%08d", random.nextInt(100_000_000));
      String district = i < 9 ? RARE_DISTRICT : i % 2 == 0 ? "金水区" : "中原区";
      String note = "marker note " + i;
      String income = (i == 0 ? "4321.09" : i == 1 ? "87654.32" : (5000 + i) + ".50");
      String score = Integer.toString(i == 0 ? 17 : i == 1 ? 83 : 20 + i % 60);
      String day =
          i == 0
              ? "2011-04-05"
              : i == 1 ? "2019-08-27" : LocalDate.of(2015, 1, 1).plusDays(i).toString();
      lines.add(String.join(",", id, name, phone, district, note, income, score, day));
    }
    return lines;
  }

  /** Imports {@code lines} into a real vault and samples 10,000 rows of {@code columns}. */
  private List<List<Object>> importAndSample(List<String> lines, List<String> columns)
      throws IOException {
    Path file = directory.resolve("markers.csv");
    Files.write(file, lines, StandardCharsets.UTF_8);
    String schema =
        """
        subject: id_card
        open_category: CONDITIONAL
        columns:
          - {name: id_card,   type: STRING, level: SENSITIVE, pii: ID_CARD}
          - {name: name,      type: STRING, level: SENSITIVE, pii: NAME}
          - {name: phone,     type: STRING, level: SENSITIVE, pii: PHONE}
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
    try (SampleBatches sample =
        SampleBatches.create(dataset, columns, SampleBatches.MAX_ROWS, 5, allocator)) {
      return valuesOf(sample, false);
    }
  }

  /** Field {@code index} of every data row of {@code lines}. */
  private static Set<String> column(List<String> lines, int index) {
    Set<String> values = new HashSet<>();
    lines.subList(1, lines.size()).forEach(l -> values.add(l.split(",", -1)[index]));
    return values;
  }

  private SampleBatches sample(List<String> columns, long rows, long seed) {
    return SampleBatches.create(EVERY_TYPE, stats(STATS), columns, rows, seed, allocator);
  }

  /**
   * 10,000 values of a BIGINT column of {@code level} beside a subject, whose one batch had {@code
   * stats} and whose import recorded {@code buckets}.
   */
  private List<Object> shaped(Level level, ColumnStats stats, Histogram.Bucket... buckets) {
    Schema schema =
        new Schema(
            "id",
            OpenCategory.NONE,
            List.of(
                Column.of("id", ColumnType.BIGINT, Level.GENERAL),
                Column.of("amount", ColumnType.BIGINT, level)));
    List<BatchStats> batches =
        List.of(new BatchStats(5_000, List.of(new ColumnStats(0, 1.0, 5_000.0), stats)));
    Statistics statistics =
        new Statistics(batches, List.of(), List.of(new Histogram("amount", List.of(buckets))));
    try (SampleBatches sample =
        SampleBatches.create(schema, statistics, List.of("amount"), 10_000, 8, allocator)) {
      return valuesOf(sample, false).get(0);
    }
  }

  private static Histogram.Bucket bucket(long low, long high, long rows) {
    return new Histogram.Bucket(1, BigDecimal.valueOf(low), BigDecimal.valueOf(high), rows);
  }

  /** The statistics of {@code batches}, without common values or histograms. */
  private static Statistics stats(BatchStats... batches) {
    return new Statistics(List.of(batches), List.of(), List.of());
  }

  /** 10,000 values of {@code column} whose one batch had {@code min} to {@code max}. */
  private List<Object> single(Column column, double min, double max) {
    return single(column, new ColumnStats(0, min, max));
  }

  /**
   * 10,000 values of {@code column}, in a dataset of it and a subject, whose one batch had {@code
   * stats}.
   */
  private List<Object> single(Column column, ColumnStats stats) {
    Schema schema =
        new Schema(
            "id",
            OpenCategory.NONE,
            List.of(Column.of("id", ColumnType.BIGINT, Level.GENERAL), column));
    List<BatchStats> batches =
        List.of(new BatchStats(1_000, List.of(new ColumnStats(0, 1.0, 1_000.0), stats)));
    try (SampleBatches sample =
        SampleBatches.create(
            schema,
            new Statistics(batches, List.of(), List.of()),
            List.of(column.name()),
            10_000,
            6,
            allocator)) {
      return valuesOf(sample, false).get(0);
    }
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
        SampleBatches.create(
            schema, Statistics.NONE, List.of(column.name()), 5_000, 2, allocator)) {
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
