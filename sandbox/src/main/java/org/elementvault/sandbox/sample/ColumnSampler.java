package org.elementvault.sandbox.sample;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
import org.elementvault.engine.dataset.ColumnStats;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;

/**
 * Writes synthetic values of one column into vectors of the column's Arrow type. The only facts it
 * takes from the dataset are the column's schema entry, the bounds and null counts of its stored
 * batches and, for a GENERAL text column, its common values; see {@link SampleBatches} for how they
 * shape the values. Not thread-safe: it owns its generator.
 */
abstract class ColumnSampler {

  /** The share of nulls in a column whose statistics are unknown. */
  static final double UNKNOWN_NULL_RATE = 0.01;

  /** The fewest nulls that show in a sample: fewer could single out the people they belong to. */
  static final long MIN_NULLS = Categories.MIN_SUBJECTS;

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
   * {@code index}; none if the dataset has no version yet) and by {@code categories}, the common
   * values of the latest version's text columns.
   */
  static ColumnSampler of(
      Column column,
      int index,
      boolean subject,
      List<BatchStats> batches,
      List<Categories> categories,
      SplittableRandom random) {
    Observed observed = Observed.of(batches, index);
    double nullRate = subject ? 0 : observed.nullRate();
    ColumnType type = column.type();
    return switch (type.kind()) {
      case BOOLEAN -> new Booleans(random, nullRate);
      case INT ->
          Longs.numbers(
              random,
              nullRate,
              observed,
              new Domain(0, Integer.MIN_VALUE, Integer.MAX_VALUE),
              subject,
              (vector, row, value) -> ((IntVector) vector).set(row, (int) value));
      case BIGINT ->
          Longs.numbers(
              random,
              nullRate,
              observed,
              new Domain(0, Long.MIN_VALUE, Long.MAX_VALUE),
              subject,
              (vector, row, value) -> ((BigIntVector) vector).set(row, value));
      case DOUBLE -> Doubles.of(random, nullRate, observed, type);
      case DECIMAL -> {
        if (!type.isSmallDecimal()) {
          yield Doubles.of(random, nullRate, observed, type);
        }
        long largest = BigDecimal.ONE.scaleByPowerOfTen(type.precision()).longValueExact() - 1;
        yield Longs.numbers(
            random,
            nullRate,
            observed,
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
                (birth ? FakeValues.LAST_BIRTH : LocalDate.of(2024, 12, 31)).toEpochDay());
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
                LocalDate.of(2025, 1, 1).toEpochDay() * MICROS_PER_DAY - 1);
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
    if (column.level() == Level.GENERAL) {
      Optional<Categories> common =
          categories.stream().filter(c -> c.column().equals(column.name())).findFirst();
      if (common.isPresent() && !common.get().values().isEmpty()) {
        return new CommonValues(random, nullRate, common.get().values());
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
   * A draw between 0 and 1 shaped like a bell (the mean of two uniform draws), so that sample
   * values crowd the middle of their range as most measurements do, rather than its edges.
   */
  final double bell() {
    return (random.nextDouble() + random.nextDouble()) / 2;
  }

  /**
   * What the statistics of every batch say about one column: how many rows and nulls, and bounds of
   * its values if they are known. With two batches or more the bounds are the second-lowest batch
   * minimum and the second-highest batch maximum (when they still form a range), so that one
   * batch's extreme value does not set them.
   */
  private record Observed(
      boolean known, long rows, long nulls, boolean bounded, double min, double max) {

    static Observed of(List<BatchStats> batches, int index) {
      long rows = 0;
      long nulls = 0;
      boolean bounded = !batches.isEmpty();
      List<Double> mins = new ArrayList<>();
      List<Double> maxes = new ArrayList<>();
      for (BatchStats batch : batches) {
        ColumnStats stats = batch.columns().get(index);
        rows += batch.rows();
        nulls += stats.nulls();
        Double low = stats.min();
        Double high = stats.max();
        if (low != null && high != null) {
          mins.add(low);
          maxes.add(high);
        } else if (stats.nulls() < batch.rows()) {
          bounded = false; // values without bounds (strings, booleans)
        }
      }
      if (!bounded || mins.isEmpty()) {
        return new Observed(!batches.isEmpty(), rows, nulls, false, 0, 0);
      }
      double[] lows = mins.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] highs = maxes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double min = lows[0];
      double max = highs[highs.length - 1];
      if (lows.length >= 2 && lows[1] <= highs[highs.length - 2]) {
        min = lows[1];
        max = highs[highs.length - 2];
      }
      return new Observed(true, rows, nulls, true, min, max);
    }

    /**
     * The share of nulls a sample gets: the column's share rounded down to the grid (1, 2 or 5 ×
     * 10ⁿ), none if it has fewer than {@link #MIN_NULLS}, and {@link #UNKNOWN_NULL_RATE} without
     * statistics.
     */
    double nullRate() {
      if (!known) {
        return UNKNOWN_NULL_RATE;
      }
      if (nulls < MIN_NULLS || rows == 0) {
        return 0;
      }
      BigDecimal share =
          BigDecimal.valueOf(nulls)
              .divide(BigDecimal.valueOf(rows), new MathContext(6, RoundingMode.DOWN));
      BigDecimal grid = Grid.atLeast(share);
      return (grid.compareTo(share) > 0 ? Grid.below(share) : grid).doubleValue();
    }

    /** The lower bound as an exact decimal; below the true minimum or equal to it. */
    BigDecimal outerMin() {
      return exact(min);
    }

    BigDecimal outerMax() {
      return exact(max);
    }

    /**
     * Two ulps above the lower bound: at least the true minimum, also where the statistics widened
     * it by an ulp (large longs, decimals).
     */
    BigDecimal innerMin() {
      return exact(Math.nextUp(Math.nextUp(min)));
    }

    BigDecimal innerMax() {
      return exact(Math.nextDown(Math.nextDown(max)));
    }

    private static BigDecimal exact(double value) {
      return new BigDecimal(Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, value)));
    }
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
   * The common values of a GENERAL text column, drawn as often as the column holds them, with each
   * value's row count rounded (see {@link #weight}) so that one person more or less rarely changes
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
        total += weight(common.get(i).rows());
        cumulative[i] = total;
      }
    }

    /**
     * {@code rows} rounded to two significant digits, and to a multiple of ten below 100 (at least
     * ten: every value recorded is held by ten subjects or more).
     */
    static long weight(long rows) {
      if (rows < 100) {
        return Math.max(10, (rows + 5) / 10 * 10);
      }
      return BigDecimal.valueOf(rows)
          .round(new MathContext(2, RoundingMode.HALF_UP))
          .longValueExact();
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
  }

  /** Whole units from {@code low} to {@code high}, both included. */
  private record Interval(long low, long high) {}

  /** How values are spread over an interval. */
  private enum Shape {
    UNIFORM,
    BELL,
    LOG_BELL
  }

  /** Where values are drawn: one interval, or (for a range too narrow) one on either side of it. */
  private record Span(List<Interval> parts, Shape shape) {

    Span {
      parts = List.copyOf(parts);
    }

    static Span of(Interval interval, Shape shape) {
      return new Span(List.of(interval), shape);
    }

    /**
     * Numbers: strictly inside the observed bounds, between multiples of a grid step (see {@link
     * Range#of}), in units. Without bounds: 0 to 1,000 (less where the type holds less).
     */
    static Span numbers(Observed observed, Domain domain) {
      if (!observed.bounded()) {
        BigDecimal thousand = BigDecimal.valueOf(1000).min(domain.largestValue());
        return Span.of(new Interval(0, units(thousand, domain, RoundingMode.FLOOR)), Shape.BELL);
      }
      Range range =
          Range.of(
              observed,
              domain.unit().multiply(BigDecimal.valueOf(2)),
              domain.smallestValue(),
              domain.largestValue());
      List<Interval> parts = new ArrayList<>();
      for (Bounds part : range.parts()) {
        parts.add(
            new Interval(
                units(part.low(), domain, RoundingMode.CEILING),
                units(part.high(), domain, RoundingMode.FLOOR)));
      }
      return new Span(parts, range.logarithmic() ? Shape.LOG_BELL : Shape.BELL);
    }

    /**
     * Days ({@code perDay} 1) or microseconds: the whole calendar years strictly between the
     * observed bounds; if there are none, the whole months; if there are none either, the month
     * before the earliest value and the month after the latest. Without bounds: {@code defaults}.
     */
    static Span times(Observed observed, long perDay, Interval defaults) {
      if (!observed.bounded()) {
        return Span.of(defaults, Shape.UNIFORM);
      }
      LocalDate innerMin = day(observed.innerMin(), perDay);
      LocalDate innerMax = day(observed.innerMax(), perDay);
      int firstYear = innerMin.getYear() + 1;
      int lastYear = innerMax.getYear() - 1;
      if (firstYear <= lastYear) {
        return Span.of(
            months(YearMonth.of(firstYear, 1), YearMonth.of(lastYear, 12), perDay), Shape.UNIFORM);
      }
      YearMonth firstMonth = YearMonth.from(innerMin).plusMonths(1);
      YearMonth lastMonth = YearMonth.from(innerMax).minusMonths(1);
      if (!firstMonth.isAfter(lastMonth)) {
        return Span.of(months(firstMonth, lastMonth, perDay), Shape.UNIFORM);
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
      return parts.isEmpty() ? Span.of(defaults, Shape.UNIFORM) : new Span(parts, Shape.UNIFORM);
    }

    /** The units from the first day of {@code first} to the last of {@code last}. */
    private static Interval months(YearMonth first, YearMonth last, long perDay) {
      long start = first.atDay(1).toEpochDay() * perDay;
      long end = (last.atEndOfMonth().toEpochDay() + 1) * perDay - 1;
      return new Interval(start, end);
    }

    /** The day that holds {@code units} (days or microseconds), within years 1 to 9999. */
    private static LocalDate day(BigDecimal units, long perDay) {
      BigDecimal epochDay = units.divide(BigDecimal.valueOf(perDay), 0, RoundingMode.FLOOR);
      BigDecimal first = BigDecimal.valueOf(FIRST_MONTH.atDay(1).toEpochDay());
      BigDecimal last = BigDecimal.valueOf(LAST_MONTH.atEndOfMonth().toEpochDay());
      return LocalDate.ofEpochDay(epochDay.max(first).min(last).longValueExact());
    }

    /** {@code value} (within the column's domain) in whole units, rounded by {@code mode}. */
    private static long units(BigDecimal value, Domain domain, RoundingMode mode) {
      return value.movePointRight(domain.scale()).setScale(0, mode).longValueExact();
    }
  }

  /**
   * The range a non-negative-or-not number column's sample values lie in, as exact decimals, drawn
   * from its observed bounds and nothing else.
   *
   * <p>Every part lies strictly inside or strictly outside the observed bounds, so no sample value
   * is ever an observed bound (one person's value), and no value needs to be skipped either: a hole
   * where a bound would have been drawn would point right at it.
   *
   * <ul>
   *   <li>Usually: from the smallest multiple of the step strictly above the minimum to the largest
   *       strictly below the maximum. The step is the smallest grid value (1, 2 or 5 × 10ⁿ) at
   *       least a tenth of the range and at least {@code minStep}, so the bounds are never given to
   *       the unit; the sample tells only in which step they lie.
   *   <li>Positive ranges spanning three decades or more: from the smallest grid value strictly
   *       above the minimum to the largest strictly below the maximum, drawn on a log scale.
   *   <li>Ranges too narrow for a multiple of the step strictly inside (a constant column): one
   *       step below the largest multiple strictly below the minimum, and one above the smallest
   *       strictly above the maximum.
   * </ul>
   */
  private record Range(List<Bounds> parts, boolean logarithmic) {

    Range {
      parts = List.copyOf(parts);
    }

    static Range of(
        Observed observed, BigDecimal minStep, BigDecimal smallest, BigDecimal largest) {
      BigDecimal min = observed.innerMin();
      BigDecimal max = observed.innerMax();
      if (min.signum() > 0 && max.compareTo(min.multiply(BigDecimal.valueOf(1000))) >= 0) {
        return new Range(List.of(new Bounds(Grid.above(min), Grid.below(max))), true);
      }
      BigDecimal width = max.subtract(min);
      BigDecimal base = (width.signum() > 0 ? width : min.abs()).movePointLeft(1).max(minStep);
      BigDecimal step = Grid.atLeast(base.signum() > 0 ? base : BigDecimal.ONE);
      BigDecimal low = Grid.multipleAbove(min, step);
      BigDecimal high = Grid.multipleBelow(max, step);
      if (low.compareTo(high) <= 0) {
        return new Range(List.of(new Bounds(low, high)), false);
      }
      BigDecimal below = Grid.multipleBelow(observed.outerMin(), step);
      BigDecimal above = Grid.multipleAbove(observed.outerMax(), step);
      List<Bounds> parts = new ArrayList<>();
      if (below.compareTo(smallest) >= 0) {
        parts.add(new Bounds(below.subtract(step).max(smallest), below));
      }
      if (above.compareTo(largest) <= 0) {
        parts.add(new Bounds(above, above.add(step).min(largest)));
      }
      if (parts.isEmpty()) {
        // A range this narrow at both ends of its domain would need a domain under two steps wide.
        throw new IllegalStateException("no sample range fits the column's type");
      }
      return new Range(parts, false);
    }
  }

  /** Exact decimal bounds, both included. */
  private record Bounds(BigDecimal low, BigDecimal high) {}

  /** Whole units drawn from a {@link Span}. */
  private static final class Longs extends ColumnSampler {
    private final Span span;
    private final boolean numbered;
    private final LongWriter writer;

    Longs(
        SplittableRandom random, double nullRate, Span span, boolean numbered, LongWriter writer) {
      super(random, nullRate);
      this.span = span;
      this.numbered = numbered;
      this.writer = writer;
    }

    /**
     * Integers and decimals; a subject column's values count up from the low end of the span, so
     * each row is a different subject as usually in a real dataset.
     */
    static Longs numbers(
        SplittableRandom random,
        double nullRate,
        Observed observed,
        Domain domain,
        boolean subject,
        LongWriter writer) {
      return new Longs(random, nullRate, Span.numbers(observed, domain), subject, writer);
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      Interval first = span.parts().get(0);
      if (numbered && span.parts().size() == 1 && sampleRow <= first.high() - first.low()) {
        writer.write(vector, row, first.low() + sampleRow);
        return;
      }
      Interval part =
          span.parts().size() == 1 ? first : span.parts().get(random.nextInt(span.parts().size()));
      writer.write(vector, row, draw(part));
    }

    private long draw(Interval part) {
      long low = part.low();
      long high = part.high();
      double u =
          switch (span.shape()) {
            case UNIFORM -> random.nextDouble();
            case BELL, LOG_BELL -> bell();
          };
      long value;
      if (span.shape() == Shape.LOG_BELL) {
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
   * Doubles, and decimals too wide for a long, drawn from a {@link Range} as {@link Longs} draws
   * whole units.
   */
  private static final class Doubles extends ColumnSampler {
    private final ColumnType type;
    private final List<Bounds> parts;
    private final double[] lows;
    private final double[] highs;
    private final boolean logarithmic;

    private Doubles(
        SplittableRandom random,
        double nullRate,
        ColumnType type,
        List<Bounds> parts,
        boolean logarithmic) {
      super(random, nullRate);
      this.type = type;
      this.parts = List.copyOf(parts);
      this.logarithmic = logarithmic;
      // Rounded inward, so that no double drawn lies outside its exact part.
      this.lows = parts.stream().mapToDouble(p -> inward(p.low(), true)).toArray();
      this.highs = parts.stream().mapToDouble(p -> inward(p.high(), false)).toArray();
    }

    static Doubles of(
        SplittableRandom random, double nullRate, Observed observed, ColumnType type) {
      boolean decimal = type.kind() == ColumnType.Kind.DECIMAL;
      BigDecimal largest =
          decimal
              ? BigDecimal.ONE
                  .scaleByPowerOfTen(type.precision() - type.scale())
                  .subtract(BigDecimal.ONE.scaleByPowerOfTen(-type.scale()))
              : new BigDecimal(Double.MAX_VALUE);
      if (!observed.bounded()) {
        Bounds defaults = new Bounds(BigDecimal.ZERO, BigDecimal.valueOf(1000).min(largest));
        return new Doubles(random, nullRate, type, List.of(defaults), false);
      }
      BigDecimal minStep = decimal ? BigDecimal.valueOf(2, type.scale()) : BigDecimal.ZERO;
      Range range = Range.of(observed, minStep, largest.negate(), largest);
      return new Doubles(random, nullRate, type, range.parts(), range.logarithmic());
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      int at = parts.size() == 1 ? 0 : random.nextInt(parts.size());
      double low = lows[at];
      double high = highs[at];
      double u = bell();
      double value =
          logarithmic
              ? Math.exp(Math.log(low) * (1 - u) + Math.log(high) * u)
              // Weighted, so that ranges wider than Double.MAX_VALUE do not overflow.
              : low * (1 - u) + high * u;
      value = Math.max(low, Math.min(high, value));
      if (type.kind() == ColumnType.Kind.DOUBLE) {
        ((Float8Vector) vector).set(row, value);
      } else {
        Bounds part = parts.get(at);
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
