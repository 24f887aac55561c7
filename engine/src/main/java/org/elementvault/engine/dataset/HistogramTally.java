package org.elementvault.engine.dataset;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.jspecify.annotations.Nullable;

/**
 * Learns, during an import, the {@link Histogram} of every number column (the subject excepted):
 * how many rows fall in each bucket of the grid, and whether at least {@link
 * Categories#MIN_SUBJECTS} distinct subjects do. Memory is bounded by the grid: one {@link
 * SubjectCount} per bucket a double can fall in (some 3,800 per column).
 *
 * <p>Each batch may be tallied apart, on its own thread, and {@link #merge merged}: the result is
 * that of one tally over every row. Not thread-safe.
 */
final class HistogramTally {

  private static final int[] MANTISSAS = {1, 2, 5, 10};

  /** Decimal exponents of doubles: from the smallest subnormal to the largest value. */
  private static final int MIN_EXPONENT = -324;

  private static final int MAX_EXPONENT = 308;

  /** Buckets of one sign: three per exponent. */
  private static final int PER_SIGN = 3 * (MAX_EXPONENT - MIN_EXPONENT + 1);

  private final int subject;
  private final List<Tracked> columns = new ArrayList<>();

  HistogramTally(Schema schema) {
    this.subject = schema.columnIndex(schema.subject()).orElseThrow();
    for (int i = 0; i < schema.columns().size(); i++) {
      Column column = schema.columns().get(i);
      if (i != subject && isNumber(column.type())) {
        columns.add(new Tracked(column.name(), i, column.type()));
      }
    }
  }

  private static boolean isNumber(ColumnType type) {
    return switch (type.kind()) {
      case INT, BIGINT, DOUBLE, DECIMAL -> true;
      case BOOLEAN, STRING, DATE, TIMESTAMP -> false;
    };
  }

  /** Counts the first {@code count} rows of one batch (whose vectors are not yet sealed). */
  void add(ArrowColumns.BatchWriter batch, int count) {
    if (columns.isEmpty()) {
      return;
    }
    FieldVector subjects = batch.vector(subject);
    for (Tracked column : columns) {
      column.add(batch.vector(column.index), subjects, count);
    }
  }

  /** Adds what {@code other}, a tally of the same schema over other rows, counted. */
  void merge(HistogramTally other) {
    for (int i = 0; i < columns.size(); i++) {
      @Nullable SubjectCount[] counts = columns.get(i).counts;
      @Nullable SubjectCount[] more = other.columns.get(i).counts;
      for (int slot = 0; slot < counts.length; slot++) {
        SubjectCount have = counts[slot];
        SubjectCount count = more[slot];
        if (have == null) {
          counts[slot] = count;
        } else if (count != null) {
          have.merge(count);
        }
      }
    }
  }

  /** The histogram of every number column that has a common bucket, in schema order. */
  List<Histogram> histograms() {
    List<Histogram> all = new ArrayList<>();
    for (Tracked column : columns) {
      List<Histogram.Bucket> buckets = new ArrayList<>();
      for (int slot = 0; slot < column.counts.length; slot++) {
        SubjectCount count = column.counts[slot];
        if (count != null && count.isCommon()) {
          buckets.add(bucket(slot, count.rows()));
        }
      }
      if (!buckets.isEmpty()) {
        all.add(new Histogram(column.name, buckets));
      }
    }
    return all;
  }

  /**
   * The slot of {@code value}'s bucket: negative buckets from the largest magnitude down, then
   * zero, then positive buckets from the smallest magnitude up, so slots are in the order of
   * values.
   */
  static int slot(double value) {
    if (value == 0) {
      return PER_SIGN;
    }
    double magnitude = Math.abs(value);
    int exponent = decimalExponent(magnitude);
    double power = POWERS[exponent - MIN_EXPONENT];
    int mantissa = magnitude < 2 * power ? 0 : magnitude < 5 * power ? 1 : 2;
    int index = 3 * (exponent - MIN_EXPONENT) + mantissa;
    return value > 0 ? PER_SIGN + 1 + index : PER_SIGN - 1 - index;
  }

  /** Powers of ten from 10^MIN_EXPONENT to 10^(MAX_EXPONENT + 1), each the nearest double. */
  private static final double[] POWERS = new double[MAX_EXPONENT - MIN_EXPONENT + 2];

  static {
    for (int e = MIN_EXPONENT; e <= MAX_EXPONENT + 1; e++) {
      POWERS[e - MIN_EXPONENT] = Double.parseDouble("1e" + e);
    }
  }

  /**
   * n such that 10ⁿ ≤ {@code magnitude} &lt; 10ⁿ⁺¹ (within the table), from the binary exponent: a
   * table look-up, not a logarithm, since it runs for every imported number.
   */
  private static int decimalExponent(double magnitude) {
    if (magnitude < Double.MIN_NORMAL) {
      return Math.max(MIN_EXPONENT, (int) Math.floor(Math.log10(magnitude)));
    }
    // magnitude is in [2^b, 2^(b+1)), so its decimal exponent is floor(b·log10 2) or one more.
    int exponent = (int) Math.floor(Math.getExponent(magnitude) * LOG10_2);
    exponent = Math.max(MIN_EXPONENT, Math.min(MAX_EXPONENT, exponent));
    if (exponent < MAX_EXPONENT && magnitude >= POWERS[exponent + 1 - MIN_EXPONENT]) {
      exponent++;
    }
    return exponent;
  }

  private static final double LOG10_2 = Math.log10(2);

  private static Histogram.Bucket bucket(int slot, long rows) {
    if (slot == PER_SIGN) {
      return new Histogram.Bucket(0, BigDecimal.ZERO, BigDecimal.ZERO, rows);
    }
    int signum = slot > PER_SIGN ? 1 : -1;
    int index = signum > 0 ? slot - PER_SIGN - 1 : PER_SIGN - 1 - slot;
    int exponent = index / 3 + MIN_EXPONENT;
    int mantissa = index % 3;
    return new Histogram.Bucket(
        signum,
        BigDecimal.valueOf(MANTISSAS[mantissa]).scaleByPowerOfTen(exponent),
        BigDecimal.valueOf(MANTISSAS[mantissa + 1]).scaleByPowerOfTen(exponent),
        rows);
  }

  /** The bucket counts of one column. */
  private static final class Tracked {
    private final String name;
    private final int index;
    private final ColumnType type;
    private final double unit;
    private final @Nullable SubjectCount[] counts = new SubjectCount[2 * PER_SIGN + 1];

    Tracked(String name, int index, ColumnType type) {
      this.name = name;
      this.index = index;
      this.type = type;
      this.unit = type.kind() == ColumnType.Kind.DECIMAL ? Math.pow(10, -type.scale()) : 1;
    }

    void add(FieldVector values, FieldVector subjects, int count) {
      for (int row = 0; row < count; row++) {
        if (values.isNull(row)) {
          continue;
        }
        int slot = slot(value(values, row));
        SubjectCount tally = counts[slot];
        if (tally == null) {
          tally = new SubjectCount();
          counts[slot] = tally;
        }
        tally.add(subjects, row);
      }
    }

    private double value(FieldVector values, int row) {
      return switch (type.kind()) {
        case INT -> ((IntVector) values).get(row);
        case BIGINT -> (double) ((BigIntVector) values).get(row);
        case DOUBLE -> ((Float8Vector) values).get(row);
        case DECIMAL ->
            type.isSmallDecimal()
                // A small decimal's unscaled value fits the low 64 bits, two's complement.
                ? (double) values.getDataBuffer().getLong((long) row * DecimalVector.TYPE_WIDTH)
                    * unit
                : ((DecimalVector) values).getObject(row).doubleValue();
        case BOOLEAN, STRING, DATE, TIMESTAMP ->
            throw new IllegalStateException("not a number column");
      };
    }
  }
}
