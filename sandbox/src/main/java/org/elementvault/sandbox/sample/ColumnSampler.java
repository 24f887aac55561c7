package org.elementvault.sandbox.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.engine.dataset.BatchStats;
import org.elementvault.engine.dataset.Categories;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Histogram;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.jspecify.annotations.Nullable;

/**
 * Writes synthetic values of one column into vectors of the column's Arrow type. The only facts it
 * takes from the dataset are the column's schema entry, the bounds and null counts of its stored
 * batches and the common values or buckets the import recorded; see {@link SampleBatches} for how
 * they shape the values. Not thread-safe: it owns its generator.
 */
abstract class ColumnSampler {

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final YearMonth FIRST_MONTH = YearMonth.of(1, 1);
  private static final YearMonth LAST_MONTH = YearMonth.of(9999, 12);

  final SplittableRandom random;
  private final double nullRate;

  private ColumnSampler(SplittableRandom random, double nullRate) {
    this.random = random;
    this.nullRate = nullRate;
  }

  /**
   * A sampler of {@code column} shaped by its statistics in {@code batches} (the schema's column
   * {@code index}; none if the dataset has no version yet) and by what the latest version recorded
   * of it: {@code categories} for text, {@code histograms} for numbers.
   */
  static ColumnSampler of(
      Column column,
      int index,
      boolean subject,
      List<BatchStats> batches,
      List<Categories> categories,
      List<Histogram> histograms,
      SplittableRandom random) {
    Observed observed = Observed.of(batches, index);
    double nullRate = subject ? 0 : observed.nullRate();
    // A CORE column leaves nothing without an explicit grant: not even its shape.
    @Nullable Histogram histogram =
        column.level() == Level.CORE
            ? null
            : histograms.stream()
                .filter(h -> h.column().equals(column.name()))
                .findFirst()
                .orElse(null);
    ColumnType type = column.type();
    return switch (type.kind()) {
      case BOOLEAN -> new Booleans(random, nullRate);
      case INT ->
          Longs.numbers(
              random,
              nullRate,
              observed,
              histogram,
              new Domain(0, Integer.MIN_VALUE, Integer.MAX_VALUE),
              subject,
              (vector, row, value) -> ((IntVector) vector).set(row, (int) value));
      case BIGINT ->
          Longs.numbers(
              random,
              nullRate,
              observed,
              histogram,
              new Domain(0, Long.MIN_VALUE, Long.MAX_VALUE),
              subject,
              (vector, row, value) -> ((BigIntVector) vector).set(row, value));
      case DOUBLE -> Doubles.of(random, nullRate, observed, histogram, type);
      case DECIMAL -> {
        if (!type.isSmallDecimal()) {
          yield Doubles.of(random, nullRate, observed, histogram, type);
        }
        long largest = BigDecimal.ONE.scaleByPowerOfTen(type.precision()).longValueExact() - 1;
        yield Longs.numbers(
            random,
            nullRate,
            observed,
            histogram,
            new Domain(type.scale(), -largest, largest),
            false,
            (vector, row, value) -> ((DecimalVector) vector).set(row, value));
      }
      case STRING -> strings(column, subject, categories, random, nullRate);
      case DATE -> {
        boolean birth = column.pii() == PiiType.BIRTH_DATE;
        Interval defaults =
            new Interval(
                (birth ? FakeValues.FIRST_BIRTH : LocalDate.of(2000, 1, 1)).toEpochDay(),
                (birth ? FakeValues.LAST_BIRTH : LocalDate.of(2024, 12, 31)).toEpochDay(),
                1);
        yield new Longs(
            random,
            nullRate,
            Span.times(observed, 1, defaults),
            false,
            (vector, row, value) -> ((DateDayVector) vector).set(row, (int) value));
      }
      case TIMESTAMP -> {
        Interval defaults =
            new Interval(
                LocalDate.of(2020, 1, 1).toEpochDay() * MICROS_PER_DAY,
                LocalDate.of(2025, 1, 1).toEpochDay() * MICROS_PER_DAY - 1,
                1);
        yield new Longs(
            random,
            nullRate,
            Span.times(observed, MICROS_PER_DAY, defaults),
            false,
            (vector, row, value) -> ((TimeStampMicroTZVector) vector).set(row, value));
      }
    };
  }

  private static ColumnSampler strings(
      Column column,
      boolean subject,
      List<Categories> categories,
      SplittableRandom random,
      double nullRate) {
    if (column.pii() != PiiType.NONE) {
      return new Strings(random, nullRate, column.pii());
    }
    if (subject) {
      return new SubjectNumbers(random);
    }
    // Common values are the GENERAL level's: a column classified above it since gets invented ones.
    if (column.level() == Level.GENERAL) {
      for (Categories common : categories) {
        if (common.column().equals(column.name()) && !common.values().isEmpty()) {
          return new CommonValues(random, nullRate, common.values());
        }
      }
    }
    return new Strings(random, nullRate, PiiType.NONE);
  }

  /**
   * Fills rows {@code 0} to {@code rows - 1} of {@code vector} (allocated for at least that many)
   * and sets its value count; {@code firstRow} numbers the first row within the whole sample.
   */
  final void fill(FieldVector vector, int rows, long firstRow) {
    for (int row = 0; row < rows; row++) {
      if (nullRate > 0 && random.nextDouble() < nullRate) {
        vector.setNull(row);
      } else {
        write(vector, row, firstRow + row);
      }
    }
    vector.setValueCount(rows);
  }

  /** Writes one non-null value at {@code row}. */
  abstract void write(FieldVector vector, int row, long sampleRow);

  /**
   * A draw from 0 to 1 of {@code shape}: a bell (the mean of two uniform draws) crowds the middle
   * of a range, as most measurements do, rather than its edges.
   */
  final double draw(NumberRange.Shape shape) {
    return switch (shape) {
      case UNIFORM -> random.nextDouble();
      case BELL, LOG_BELL -> (random.nextDouble() + random.nextDouble()) / 2;
    };
  }

  /** An index into {@code cumulative} (running totals of weights), drawn by weight. */
  final int pick(double[] cumulative) {
    if (cumulative.length == 1) {
      return 0;
    }
    double draw = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (draw < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  /** Running totals of {@code weights}. */
  static double[] cumulative(double[] weights) {
    double[] totals = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      totals[i] = total;
    }
    return totals;
  }

  private static final class Booleans extends ColumnSampler {
    Booleans(SplittableRandom random, double nullRate) {
      super(random, nullRate);
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      ((BitVector) vector).set(row, random.nextBoolean() ? 1 : 0);
    }
  }

  /** Values of a PII type's shape, or of a small fixed vocabulary. */
  private static final class Strings extends ColumnSampler {
    private final PiiType pii;

    Strings(SplittableRandom random, double nullRate, PiiType pii) {
      super(random, nullRate);
      this.pii = pii;
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      byte[] value = FakeValues.of(pii, random).getBytes(StandardCharsets.UTF_8);
      ((VarCharVector) vector).setSafe(row, value);
    }
  }

  /**
   * The common values of a GENERAL text column, drawn as often as the column holds them, each row
   * count {@linkplain NumberRange#rounded rounded} so that one person more or less rarely changes
   * the sample.
   */
  private static final class CommonValues extends ColumnSampler {
    private final byte[][] values;
    private final long[] cumulative;

    CommonValues(SplittableRandom random, double nullRate, List<Categories.Value> common) {
      super(random, nullRate);
      values = new byte[common.size()][];
      cumulative = new long[common.size()];
      long total = 0;
      for (int i = 0; i < common.size(); i++) {
        values[i] = common.get(i).text().getBytes(StandardCharsets.UTF_8);
        total += NumberRange.rounded(common.get(i).rows());
        cumulative[i] = total;
      }
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      long draw = random.nextLong(cumulative[cumulative.length - 1]);
      int at = Arrays.binarySearch(cumulative, draw + 1);
      ((VarCharVector) vector).setSafe(row, values[at >= 0 ? at : -at - 1]);
    }
  }

  /**
   * {@code subject_1}, {@code subject_2}, … for a text subject column without a PII type: a subject
   * is usually one per row, and a small vocabulary would leave every group under the
   * distinct-subject threshold.
   */
  private static final class SubjectNumbers extends ColumnSampler {
    SubjectNumbers(SplittableRandom random) {
      super(random, 0);
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      byte[] value = ("subject_" + (sampleRow + 1)).getBytes(StandardCharsets.UTF_8);
      ((VarCharVector) vector).setSafe(row, value);
    }
  }

  /** Writes one value, in units, into a vector. */
  @FunctionalInterface
  private interface LongWriter {
    void write(FieldVector vector, int row, long value);
  }

  /**
   * The whole units a number column stores: values with {@code scale} decimal places (0 for
   * integers) as longs, from {@code smallest} to {@code largest}.
   */
  private record Domain(int scale, long smallest, long largest) {

    /** One unit as a decimal. */
    BigDecimal unit() {
      return BigDecimal.ONE.scaleByPowerOfTen(-scale);
    }

    BigDecimal smallestValue() {
      return BigDecimal.valueOf(smallest, scale);
    }

    BigDecimal largestValue() {
      return BigDecimal.valueOf(largest, scale);
    }

    /** {@code value}, a multiple of the unit within the domain, in units. */
    long units(BigDecimal value) {
      return value.movePointRight(scale).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }
  }

  /** Whole units from {@code low} to {@code high}, both included, getting {@code weight}. */
  private record Interval(long low, long high, double weight) {}

  /** Where values are drawn, in whole units: weighted intervals, and how values spread in each. */
  private record Span(List<Interval> parts, NumberRange.Shape shape) {

    Span {
      parts = List.copyOf(parts);
    }

    static Span of(Interval interval, NumberRange.Shape shape) {
      return new Span(List.of(interval), shape);
    }

    /**
     * Integers and decimals in units: a {@link NumberRange}. Without bounds: 0 to 1,000 (less where
     * the type holds less).
     */
    static Span numbers(Observed observed, @Nullable Histogram histogram, Domain domain) {
      if (!observed.bounded()) {
        BigDecimal thousand = BigDecimal.valueOf(1000).min(domain.largestValue());
        return Span.of(new Interval(0, domain.units(thousand), 1), NumberRange.Shape.BELL);
      }
      NumberRange range =
          NumberRange.of(
              observed, histogram, domain.unit(), domain.smallestValue(), domain.largestValue());
      List<Interval> parts = new ArrayList<>();
      for (NumberRange.Part part : range.parts()) {
        parts.add(new Interval(domain.units(part.low()), domain.units(part.high()), part.weight()));
      }
      return new Span(parts, range.shape());
    }

    /**
     * Days ({@code perDay} 1) or microseconds: the whole calendar years strictly between the
     * observed bounds; if there are none, the whole months; if there are none either, the month
     * before the earliest value and the month after the latest. Without bounds: {@code defaults}.
     */
    static Span times(Observed observed, long perDay, Interval defaults) {
      if (!observed.bounded()) {
        return Span.of(defaults, NumberRange.Shape.UNIFORM);
      }
      LocalDate innerMin = day(observed.innerMin(BigDecimal.ONE), perDay);
      LocalDate innerMax = day(observed.innerMax(BigDecimal.ONE), perDay);
      int firstYear = innerMin.getYear() + 1;
      int lastYear = innerMax.getYear() - 1;
      if (firstYear <= lastYear) {
        return Span.of(
            months(YearMonth.of(firstYear, 1), YearMonth.of(lastYear, 12), perDay),
            NumberRange.Shape.UNIFORM);
      }
      YearMonth firstMonth = YearMonth.from(innerMin).plusMonths(1);
      YearMonth lastMonth = YearMonth.from(innerMax).minusMonths(1);
      if (!firstMonth.isAfter(lastMonth)) {
        return Span.of(months(firstMonth, lastMonth, perDay), NumberRange.Shape.UNIFORM);
      }
      YearMonth before = YearMonth.from(day(observed.outerMin(), perDay));
      YearMonth after = YearMonth.from(day(observed.outerMax(), perDay));
      List<Interval> parts = new ArrayList<>();
      if (before.isAfter(FIRST_MONTH)) {
        parts.add(months(before.minusMonths(1), before.minusMonths(1), perDay));
      }
      if (after.isBefore(LAST_MONTH)) {
        parts.add(months(after.plusMonths(1), after.plusMonths(1), perDay));
      }
      return new Span(parts, NumberRange.Shape.UNIFORM);
    }

    /** The units from the first day of {@code first} to the last of {@code last}. */
    private static Interval months(YearMonth first, YearMonth last, long perDay) {
      long start = first.atDay(1).toEpochDay() * perDay;
      long end = (last.atEndOfMonth().toEpochDay() + 1) * perDay - 1;
      return new Interval(start, end, 1);
    }

    /** The day that holds {@code units} (days or microseconds), within years 1 to 9999. */
    private static LocalDate day(BigDecimal units, long perDay) {
      BigDecimal epochDay = units.divide(BigDecimal.valueOf(perDay), 0, RoundingMode.FLOOR);
      BigDecimal first = BigDecimal.valueOf(FIRST_MONTH.atDay(1).toEpochDay());
      BigDecimal last = BigDecimal.valueOf(LAST_MONTH.atEndOfMonth().toEpochDay());
      return LocalDate.ofEpochDay(epochDay.max(first).min(last).longValueExact());
    }
  }

  /** Whole units drawn from a {@link Span}. */
  private static final class Longs extends ColumnSampler {
    private final Span span;
    private final double[] cumulative;
    private final boolean numbered;
    private final LongWriter writer;

    Longs(
        SplittableRandom random, double nullRate, Span span, boolean numbered, LongWriter writer) {
      super(random, nullRate);
      this.span = span;
      this.cumulative = cumulative(span.parts().stream().mapToDouble(Interval::weight).toArray());
      this.numbered = numbered;
      this.writer = writer;
    }

    /**
     * Integers and decimals; a subject column's values count up from the low end of its first part,
     * so each row is a different subject, as usually in a real dataset.
     */
    static Longs numbers(
        SplittableRandom random,
        double nullRate,
        Observed observed,
        @Nullable Histogram histogram,
        Domain domain,
        boolean subject,
        LongWriter writer) {
      return new Longs(
          random, nullRate, Span.numbers(observed, histogram, domain), subject, writer);
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      Interval first = span.parts().get(0);
      if (numbered && sampleRow <= first.high() - first.low()) {
        writer.write(vector, row, first.low() + sampleRow);
        return;
      }
      writer.write(vector, row, draw(span.parts().get(pick(cumulative))));
    }

    private long draw(Interval part) {
      long low = part.low();
      long high = part.high();
      double u = draw(span.shape());
      long value;
      if (span.shape() == NumberRange.Shape.LOG_BELL) {
        value =
            Math.round(Math.exp(Math.log((double) low) * (1 - u) + Math.log((double) high) * u));
      } else if (high - low >= 0 && high - low < (1L << 53)) {
        value = low + (long) Math.floor(u * (high - low + 1));
      } else {
        value = (long) Math.floor((double) low * (1 - u) + (double) high * u);
      }
      return Math.max(low, Math.min(high, value));
    }
  }

  /**
   * Doubles, and decimals too wide for a long, drawn from a {@link NumberRange} as {@link Longs}
   * draws whole units.
   */
  private static final class Doubles extends ColumnSampler {
    private final ColumnType type;
    private final NumberRange range;
    private final double[] lows;
    private final double[] highs;
    private final double[] cumulative;

    private Doubles(SplittableRandom random, double nullRate, ColumnType type, NumberRange range) {
      super(random, nullRate);
      this.type = type;
      this.range = range;
      // Rounded inward, so that no double drawn lies outside its exact part.
      this.lows = range.parts().stream().mapToDouble(p -> inward(p.low(), true)).toArray();
      this.highs = range.parts().stream().mapToDouble(p -> inward(p.high(), false)).toArray();
      this.cumulative =
          cumulative(range.parts().stream().mapToDouble(NumberRange.Part::weight).toArray());
    }

    static Doubles of(
        SplittableRandom random,
        double nullRate,
        Observed observed,
        @Nullable Histogram histogram,
        ColumnType type) {
      boolean decimal = type.kind() == ColumnType.Kind.DECIMAL;
      BigDecimal largest =
          decimal
              ? BigDecimal.ONE
                  .scaleByPowerOfTen(type.precision() - type.scale())
                  .subtract(BigDecimal.ONE.scaleByPowerOfTen(-type.scale()))
              : new BigDecimal(Double.MAX_VALUE);
      if (!observed.bounded()) {
        NumberRange.Part defaults =
            new NumberRange.Part(BigDecimal.ZERO, BigDecimal.valueOf(1000).min(largest), 1);
        return new Doubles(
            random, nullRate, type, new NumberRange(List.of(defaults), NumberRange.Shape.BELL));
      }
      BigDecimal unit = decimal ? BigDecimal.ONE.scaleByPowerOfTen(-type.scale()) : BigDecimal.ZERO;
      return new Doubles(
          random,
          nullRate,
          type,
          NumberRange.of(observed, histogram, unit, largest.negate(), largest));
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      int at = pick(cumulative);
      double low = lows[at];
      double high = highs[at];
      double u = draw(range.shape());
      double value =
          range.shape() == NumberRange.Shape.LOG_BELL
              ? Math.exp(Math.log(low) * (1 - u) + Math.log(high) * u)
              // Weighted, so that ranges wider than Double.MAX_VALUE do not overflow.
              : low * (1 - u) + high * u;
      value = Math.max(low, Math.min(high, value));
      if (type.kind() == ColumnType.Kind.DOUBLE) {
        ((Float8Vector) vector).set(row, value);
      } else {
        NumberRange.Part part = range.parts().get(at);
        BigDecimal exact = BigDecimal.valueOf(value).setScale(type.scale(), RoundingMode.HALF_EVEN);
        BigDecimal within = exact.max(part.low()).min(part.high());
        ((DecimalVector) vector)
            .setSafe(row, within.setScale(type.scale(), RoundingMode.UNNECESSARY));
      }
    }

    /** The double nearest {@code value} on its side: not below it if {@code up}, else not above. */
    private static double inward(BigDecimal value, boolean up) {
      double d = value.doubleValue();
      int compared = new BigDecimal(d).compareTo(value);
      if (up && compared < 0) {
        return Math.nextUp(d);
      }
      if (!up && compared > 0) {
        return Math.nextDown(d);
      }
      return d;
    }
  }
}
