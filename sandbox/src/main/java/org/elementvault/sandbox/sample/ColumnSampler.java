package org.elementvault.sandbox.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
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
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnStats;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.jspecify.annotations.Nullable;

/**
 * Writes synthetic values of one column into vectors of the column's Arrow type. The only facts it
 * takes from the dataset are the column's schema entry and the bounds and null counts of its stored
 * batches; see {@link SampleBatches} for how they shape the values. Not thread-safe: it owns its
 * generator.
 */
abstract class ColumnSampler {

  /** The share of nulls in a column that may hold them. */
  static final double NULL_RATE = 0.01;

  /** Draws before a value equal to an observed bound is replaced deterministically. */
  private static final int TRIES = 64;

  private static final long MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  final SplittableRandom random;
  private final double nullRate;

  private ColumnSampler(SplittableRandom random, double nullRate) {
    this.random = random;
    this.nullRate = nullRate;
  }

  /**
   * A sampler of {@code column} shaped by its statistics in {@code batches} (the schema's column
   * {@code index}; none if the dataset has no version yet).
   */
  static ColumnSampler of(
      Column column,
      int index,
      boolean subject,
      List<BatchStats> batches,
      SplittableRandom random) {
    Observed observed = Observed.of(batches, index);
    double nullRate = subject || (observed.known() && observed.nulls() == 0) ? 0 : NULL_RATE;
    boolean exact = column.level() == Level.GENERAL;
    ColumnType type = column.type();
    return switch (type.kind()) {
      case BOOLEAN -> new Booleans(random, nullRate);
      case INT ->
          new Longs(
              random,
              nullRate,
              Span.numbers(observed, exact, new Domain(1, Integer.MIN_VALUE, Integer.MAX_VALUE)),
              (vector, row, value) -> ((IntVector) vector).set(row, (int) value));
      case BIGINT ->
          new Longs(
              random,
              nullRate,
              Span.numbers(observed, exact, new Domain(1, Long.MIN_VALUE, Long.MAX_VALUE)),
              (vector, row, value) -> ((BigIntVector) vector).set(row, value));
      case DOUBLE -> Doubles.of(random, nullRate, observed, exact, type);
      case DECIMAL -> {
        if (!type.isSmallDecimal()) {
          yield Doubles.of(random, nullRate, observed, exact, type);
        }
        long units = BigDecimal.ONE.scaleByPowerOfTen(type.scale()).longValueExact();
        long largest = BigDecimal.ONE.scaleByPowerOfTen(type.precision()).longValueExact() - 1;
        yield new Longs(
            random,
            nullRate,
            Span.numbers(observed, exact, new Domain(units, -largest, largest)),
            (vector, row, value) -> ((DecimalVector) vector).set(row, value));
      }
      case STRING ->
          subject && column.pii() == PiiType.NONE
              ? new SubjectNumbers(random)
              : new Strings(random, nullRate, column.pii());
      case DATE -> {
        boolean birth = column.pii() == PiiType.BIRTH_DATE;
        Span defaults =
            Span.of(
                (birth ? FakeValues.FIRST_BIRTH : LocalDate.of(2000, 1, 1)).toEpochDay(),
                (birth ? FakeValues.LAST_BIRTH : LocalDate.of(2024, 12, 31)).toEpochDay());
        yield new Longs(
            random,
            nullRate,
            Span.times(observed, exact, defaults, new Domain(1, MIN_DAY, MAX_DAY)),
            (vector, row, value) -> ((DateDayVector) vector).set(row, (int) value));
      }
      case TIMESTAMP -> {
        Span defaults =
            Span.of(
                LocalDate.of(2020, 1, 1).toEpochDay() * MICROS_PER_DAY,
                LocalDate.of(2025, 1, 1).toEpochDay() * MICROS_PER_DAY - 1);
        Domain domain =
            new Domain(
                MICROS_PER_DAY, MIN_DAY * MICROS_PER_DAY, (MAX_DAY + 1) * MICROS_PER_DAY - 1);
        yield new Longs(
            random,
            nullRate,
            Span.times(observed, exact, defaults, domain),
            (vector, row, value) -> ((TimeStampMicroTZVector) vector).set(row, value));
      }
    };
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
   * What the statistics of every batch say about one column: whether there are any, how many nulls,
   * and the bounds of its values if they are known.
   */
  private record Observed(boolean known, long nulls, boolean bounded, double min, double max) {

    static Observed of(List<BatchStats> batches, int index) {
      long nulls = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      boolean bounded = !batches.isEmpty();
      for (BatchStats batch : batches) {
        ColumnStats stats = batch.columns().get(index);
        nulls += stats.nulls();
        Double low = stats.min();
        Double high = stats.max();
        if (low != null && high != null) {
          min = Math.min(min, low);
          max = Math.max(max, high);
        } else if (stats.nulls() < batch.rows()) {
          bounded = false; // values without bounds (strings, booleans)
        }
      }
      bounded &= min <= max;
      return new Observed(!batches.isEmpty(), nulls, bounded, min, max);
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
   * {@code subject_1}, {@code subject_2}, … for a string subject column without a PII type: a
   * subject is usually one per row, and a vocabulary of twenty would leave every group under the
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
   * The whole units a column stores (integers, a decimal's unscaled values, days, microseconds):
   * {@code units} of them per whole value (per day for times), from {@code smallest} to {@code
   * largest}.
   */
  private record Domain(long units, long smallest, long largest) {}

  /**
   * Where values are drawn, in whole units: from {@code low} to {@code high}, uniformly or
   * log-uniformly, never at {@code min} or {@code max} (the observed bounds) when {@code
   * avoidBounds}.
   */
  private record Span(
      long low, long high, boolean logUniform, boolean avoidBounds, long min, long max) {

    static Span of(long low, long high) {
      return new Span(low, high, false, false, 0, 0);
    }

    /**
     * Numbers: GENERAL columns within the observed bounds; others within them rounded outward to
     * the grid, never at an observed bound. Without bounds: 0 to 1,000 (or the largest value).
     */
    static Span numbers(Observed observed, boolean exact, Domain domain) {
      long units = domain.units();
      if (!observed.bounded()) {
        return Span.of(0, units > domain.largest() / 1000 ? domain.largest() : 1000 * units)
            .within(domain);
      }
      double min = observed.min();
      double max = observed.max();
      boolean wide = min > 0 && max / min >= 1000;
      double low;
      double high;
      if (exact) {
        low = min;
        high = max;
      } else if (wide) {
        low = Grid.atMost(min);
        high = Grid.atLeast(max);
      } else {
        double width = max - min;
        double base = Double.isFinite(width) ? width / 10 : Math.max(-min, max) / 10;
        double step = Grid.atLeast(Math.max(base, 1.0 / units));
        low = Grid.floor(min, step);
        high = Grid.ceil(max, step);
      }
      long lowUnits = Math.max(domain.smallest(), floorUnits(low * units));
      long highUnits = Math.min(domain.largest(), ceilUnits(high * units));
      return new Span(
              lowUnits,
              highUnits,
              wide && lowUnits > 0,
              !exact,
              nearest(min * units),
              nearest(max * units))
          .within(domain);
    }

    /**
     * Days or microseconds: GENERAL columns within the observed bounds; others within the whole
     * calendar years that hold them, never at an observed bound.
     */
    static Span times(Observed observed, boolean exact, Span defaults, Domain domain) {
      if (!observed.bounded()) {
        return defaults.within(domain);
      }
      long min = Math.max(domain.smallest(), nearest(observed.min()));
      long max = Math.min(domain.largest(), nearest(observed.max()));
      if (exact) {
        return Span.of(min, max).within(domain);
      }
      long perDay = domain.units();
      int firstYear = LocalDate.ofEpochDay(Math.floorDiv(min, perDay)).getYear();
      int lastYear = LocalDate.ofEpochDay(Math.floorDiv(max, perDay)).getYear();
      long low = LocalDate.of(firstYear, 1, 1).toEpochDay() * perDay;
      long high =
          lastYear >= 9999
              ? domain.largest()
              : LocalDate.of(lastYear + 1, 1, 1).toEpochDay() * perDay - 1;
      return new Span(low, high, false, true, min, max).within(domain);
    }

    /**
     * This span clamped to {@code domain}, and widened a unit at a time while it holds fewer than
     * three values, so at least one value is not an observed bound.
     */
    Span within(Domain domain) {
      long newLow = Math.max(domain.smallest(), Math.min(low, domain.largest()));
      long newHigh = Math.max(newLow, Math.min(high, domain.largest()));
      while (newHigh - newLow < 2) {
        if (newHigh < domain.largest()) {
          newHigh++;
        } else if (newLow > domain.smallest()) {
          newLow--;
        } else {
          break;
        }
      }
      return new Span(newLow, newHigh, logUniform, avoidBounds, min, max);
    }

    boolean isForbidden(long value) {
      return avoidBounds && (value == min || value == max);
    }
  }

  /** Whole units drawn from a {@link Span}. */
  private static final class Longs extends ColumnSampler {
    private final Span span;
    private final LongWriter writer;

    Longs(SplittableRandom random, double nullRate, Span span, LongWriter writer) {
      super(random, nullRate);
      this.span = span;
      this.writer = writer;
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      long value = draw();
      for (int i = 1; i < TRIES && span.isForbidden(value); i++) {
        value = draw();
      }
      // A span this narrow is all but impossible; step to the nearest allowed value inside it.
      for (long step = 1; span.isForbidden(value); step++) {
        long up = value + step;
        long down = value - step;
        value = up <= span.high() && !span.isForbidden(up) ? up : down >= span.low() ? down : up;
      }
      writer.write(vector, row, value);
    }

    private long draw() {
      long low = span.low();
      long high = span.high();
      if (span.logUniform()) {
        double log =
            random.nextDouble(Math.log((double) low), Math.nextUp(Math.log((double) high)));
        return Math.max(low, Math.min(high, Math.round(Math.exp(log))));
      }
      return high == Long.MAX_VALUE ? random.nextLong(low, high) : random.nextLong(low, high + 1);
    }
  }

  /**
   * Doubles, and decimals too wide for a long, drawn from a double range as {@link Span#numbers}
   * draws whole units.
   */
  private static final class Doubles extends ColumnSampler {
    private final ColumnType type;
    private final double unit;
    private final double low;
    private final double high;
    private final boolean logUniform;
    private final double[] forbidden;
    private final @Nullable BigDecimal largest;

    private Doubles(
        SplittableRandom random,
        double nullRate,
        ColumnType type,
        double unit,
        double low,
        double high,
        boolean logUniform,
        double[] forbidden) {
      super(random, nullRate);
      this.type = type;
      this.unit = unit;
      this.low = low;
      this.high = high;
      this.logUniform = logUniform;
      this.forbidden = forbidden;
      this.largest =
          type.kind() == ColumnType.Kind.DECIMAL
              ? BigDecimal.ONE
                  .scaleByPowerOfTen(type.precision() - type.scale())
                  .subtract(BigDecimal.ONE.scaleByPowerOfTen(-type.scale()))
              : null;
    }

    static Doubles of(
        SplittableRandom random,
        double nullRate,
        Observed observed,
        boolean exact,
        ColumnType type) {
      boolean decimal = type.kind() == ColumnType.Kind.DECIMAL;
      double unit = decimal ? Math.pow(10, -type.scale()) : 0;
      if (!observed.bounded()) {
        double high =
            decimal ? Math.min(1000, Math.pow(10, type.precision() - type.scale()) - unit) : 1000;
        return new Doubles(random, nullRate, type, unit, 0, high, false, new double[0]);
      }
      double min = observed.min();
      double max = observed.max();
      boolean wide = min > 0 && max / min >= 1000;
      if (exact) {
        return new Doubles(random, nullRate, type, unit, min, max, wide, new double[0]);
      }
      double[] forbidden =
          decimal
              ? new double[] {decimalValue(type, min), decimalValue(type, max)}
              : new double[] {min, max};
      if (wide) {
        return new Doubles(
            random, nullRate, type, unit, Grid.atMost(min), Grid.atLeast(max), true, forbidden);
      }
      double width = max - min;
      double base = Double.isFinite(width) ? width / 10 : Math.max(-min, max) / 10;
      if (base == 0) {
        base = Math.max(Math.abs(min) / 10, 1e-6);
      }
      double step = Grid.atLeast(Math.max(base, unit));
      double low = Grid.floor(min, step);
      double high = Math.max(Grid.ceil(max, step), low + Math.max(step, 2 * unit));
      return new Doubles(random, nullRate, type, unit, low, high, false, forbidden);
    }

    @Override
    void write(FieldVector vector, int row, long sampleRow) {
      double value = quantize(draw());
      for (int i = 1; i < TRIES && isForbidden(value); i++) {
        value = quantize(draw());
      }
      // A range this narrow is all but impossible; of three neighbouring values at its low end, at
      // most two are observed bounds.
      for (int i = 0; isForbidden(value) && i < 3; i++) {
        value = quantize(unit == 0 ? (i == 0 ? low : Math.nextUp(value)) : low + i * unit);
      }
      if (type.kind() == ColumnType.Kind.DOUBLE) {
        ((Float8Vector) vector).set(row, value);
      } else {
        ((DecimalVector) vector).setSafe(row, decimal(value));
      }
    }

    private double draw() {
      double u = random.nextDouble();
      if (logUniform) {
        return Math.exp(Math.log(low) * (1 - u) + Math.log(high) * u);
      }
      // Weighted so that ranges wider than Double.MAX_VALUE do not overflow.
      return low * (1 - u) + high * u;
    }

    /** The value as the column stores it (a decimal rounded to its scale), as a double. */
    private double quantize(double value) {
      return type.kind() == ColumnType.Kind.DOUBLE ? value : decimal(value).doubleValue();
    }

    private BigDecimal decimal(double value) {
      BigDecimal rounded = BigDecimal.valueOf(value).setScale(type.scale(), RoundingMode.HALF_EVEN);
      BigDecimal bound = Objects.requireNonNull(largest);
      return rounded.max(bound.negate()).min(bound);
    }

    private static double decimalValue(ColumnType type, double value) {
      return BigDecimal.valueOf(value).setScale(type.scale(), RoundingMode.HALF_EVEN).doubleValue();
    }

    private boolean isForbidden(double value) {
      for (double bound : forbidden) {
        if (Double.compare(bound, value) == 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** The long nearest {@code value}, saturating. */
  private static long nearest(double value) {
    return Math.round(value);
  }

  /**
   * {@code value} rounded down to a whole unit, unless it is within rounding noise of the next one
   * (a bound widened by an ulp, or a grid value times a power of ten).
   */
  private static long floorUnits(double value) {
    double nearest = Math.rint(value);
    return Math.abs(value - nearest) <= 1e-9 * Math.max(1, Math.abs(value))
        ? Math.round(nearest)
        : (long) Math.floor(value);
  }

  private static long ceilUnits(double value) {
    double nearest = Math.rint(value);
    return Math.abs(value - nearest) <= 1e-9 * Math.max(1, Math.abs(value))
        ? Math.round(nearest)
        : (long) Math.ceil(value);
  }
}
