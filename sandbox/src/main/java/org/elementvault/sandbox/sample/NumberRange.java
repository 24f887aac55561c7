package org.elementvault.sandbox.sample;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.elementvault.engine.dataset.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Where a number column's sample values lie, as weighted parts in exact decimals, drawn from the
 * column's observed bounds and, where there is one, its {@link Histogram} (the grid buckets that at
 * least ten subjects fall in) and nothing else.
 *
 * <p>No part ever holds an observed bound (one person's value), and no value inside a part is ever
 * skipped: a gap where a bound would have been drawn would point right at it. One exception: zero,
 * when ten subjects or more hold it (the histogram says so), is nobody's in particular.
 *
 * <ul>
 *   <li>With a histogram: each common bucket, cut to the range, is a part weighted by its row count
 *       (rounded to two significant digits) and drawn uniformly, so values follow the column's
 *       shape on the grid. The range ends where the common buckets end when the bound lies beyond
 *       them (an outlier never shows, nor the empty stretch up to it); otherwise at the multiple
 *       strictly inside the bound of the smallest grid step at least a tenth of the bound's
 *       magnitude (and {@code minStep}).
 *   <li>Without one (a CORE column, a version imported before histograms were kept): from the
 *       smallest multiple of a step strictly above the minimum to the largest strictly below the
 *       maximum, the step being the smallest grid value at least a tenth of the range and {@code
 *       minStep}, so the bounds are never given to the unit; drawn as a bell (the mean of two
 *       uniform draws). Positive ranges spanning three decades or more run between the grid values
 *       strictly inside the bounds, as a bell on a log scale.
 *   <li>Either way, a range too narrow for that (a constant column): one step below the largest
 *       multiple of the step strictly below the minimum, and one step above the smallest strictly
 *       above the maximum.
 * </ul>
 *
 * @param parts where values lie, each with the share of values it gets (not normalised)
 * @param shape how values spread within a part
 */
record NumberRange(List<NumberRange.Part> parts, NumberRange.Shape shape) {

  /** How values spread within a part. */
  enum Shape {
    UNIFORM,
    BELL,
    LOG_BELL
  }

  /**
   * Values from {@code low} to {@code high}, both included, getting {@code weight} of the draws.
   */
  record Part(BigDecimal low, BigDecimal high, double weight) {

    Part {
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }
  }

  NumberRange {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a range needs a part");
    }
  }

  /**
   * The range of a column with {@code observed} bounds and {@code histogram} (null: none), whose
   * values are multiples of {@code unit} (zero for doubles) from {@code smallest} to {@code
   * largest}. Every part's ends are such multiples.
   */
  static NumberRange of(
      Observed observed,
      @Nullable Histogram histogram,
      BigDecimal unit,
      BigDecimal smallest,
      BigDecimal largest) {
    // At least two units, so that a range never gives a bound to the unit; for doubles a few ulps
    // of the largest magnitude, so that every part holds doubles.
    BigDecimal minStep =
        unit.signum() > 0
            ? unit.multiply(BigDecimal.valueOf(2))
            : new BigDecimal(
                4 * Math.ulp(Math.max(Math.abs(observed.min()), Math.abs(observed.max()))));
    if (histogram != null && !histogram.buckets().isEmpty()) {
      List<Part> shaped = shaped(observed, histogram, unit, minStep);
      if (!shaped.isEmpty()) {
        return new NumberRange(shaped, Shape.UNIFORM);
      }
    }
    return plain(observed, unit, minStep, smallest, largest);
  }

  private static List<Part> shaped(
      Observed observed, Histogram histogram, BigDecimal unit, BigDecimal minStep) {
    List<Part> buckets = new ArrayList<>();
    boolean zeroIsCommon = false;
    for (Histogram.Bucket bucket : histogram.buckets()) {
      double rows = rounded(bucket.rows());
      switch (bucket.signum()) {
        case 0 -> {
          zeroIsCommon = true;
          buckets.add(new Part(BigDecimal.ZERO, BigDecimal.ZERO, rows));
        }
        case 1 -> buckets.add(new Part(bucket.low(), bucket.high(), rows));
        default -> buckets.add(new Part(bucket.high().negate(), bucket.low().negate(), rows));
      }
    }
    BigDecimal commonLow = buckets.get(0).low();
    BigDecimal commonHigh = buckets.get(buckets.size() - 1).high();
    BigDecimal min = observed.innerMin(unit);
    BigDecimal max = observed.innerMax(unit);
    BigDecimal low;
    if (min.compareTo(commonLow) < 0) {
      low = commonLow;
    } else if (zeroIsCommon && min.signum() == 0) {
      low = BigDecimal.ZERO;
    } else {
      low = Grid.multipleAbove(min, stepAt(min, minStep));
    }
    BigDecimal high;
    if (max.compareTo(commonHigh) > 0) {
      high = commonHigh;
    } else if (zeroIsCommon && max.signum() == 0) {
      high = BigDecimal.ZERO;
    } else {
      high = Grid.multipleBelow(max, stepAt(max, minStep));
    }
    List<Part> parts = new ArrayList<>();
    for (Part bucket : buckets) {
      BigDecimal from = bucket.low().max(low);
      BigDecimal to = bucket.high().min(high);
      BigDecimal width = bucket.high().subtract(bucket.low());
      if (from.compareTo(to) > 0 || (from.compareTo(to) == 0 && width.signum() > 0)) {
        continue;
      }
      double share =
          width.signum() == 0
              ? 1
              : to.subtract(from).divide(width, MathContext.DECIMAL64).doubleValue();
      if (unit.signum() > 0) {
        from = from.divide(unit, 0, RoundingMode.CEILING).multiply(unit);
        to = to.divide(unit, 0, RoundingMode.FLOOR).multiply(unit);
        if (from.compareTo(to) > 0) {
          continue; // no multiple of the unit in it, as no integer in 0.2 to 0.5
        }
      }
      parts.add(new Part(from, to, bucket.weight() * share));
    }
    return parts;
  }

  /** The smallest grid step at least a tenth of {@code bound}'s magnitude and {@code minStep}. */
  private static BigDecimal stepAt(BigDecimal bound, BigDecimal minStep) {
    BigDecimal step = bound.abs().movePointLeft(1).max(minStep);
    return Grid.atLeast(step.signum() > 0 ? step : BigDecimal.ONE);
  }

  private static NumberRange plain(
      Observed observed,
      BigDecimal unit,
      BigDecimal minStep,
      BigDecimal smallest,
      BigDecimal largest) {
    BigDecimal min = observed.innerMin(unit);
    BigDecimal max = observed.innerMax(unit);
    if (min.signum() > 0 && max.compareTo(min.multiply(BigDecimal.valueOf(1000))) >= 0) {
      return new NumberRange(
          List.of(new Part(Grid.above(min), Grid.below(max), 1)), Shape.LOG_BELL);
    }
    BigDecimal width = max.subtract(min);
    BigDecimal base = (width.signum() > 0 ? width : min.abs()).movePointLeft(1).max(minStep);
    BigDecimal step = Grid.atLeast(base.signum() > 0 ? base : BigDecimal.ONE);
    BigDecimal low = Grid.multipleAbove(min, step);
    BigDecimal high = Grid.multipleBelow(max, step);
    if (low.compareTo(high) <= 0) {
      return new NumberRange(List.of(new Part(low, high, 1)), Shape.BELL);
    }
    BigDecimal below = Grid.multipleBelow(observed.outerMin(), step);
    BigDecimal above = Grid.multipleAbove(observed.outerMax(), step);
    List<Part> parts = new ArrayList<>();
    if (below.compareTo(smallest) >= 0) {
      parts.add(new Part(below.subtract(step).max(smallest), below, 1));
    }
    if (above.compareTo(largest) <= 0) {
      parts.add(new Part(above, above.add(step).min(largest), 1));
    }
    // Both sides fall outside the type only for a domain under two steps wide: none has one.
    return new NumberRange(parts, Shape.BELL);
  }

  /**
   * A count rounded to two significant digits, and to a multiple of ten below 100 (at least ten:
   * every count recorded is of ten subjects or more), so one person more or less rarely changes a
   * sample.
   */
  static long rounded(long rows) {
    if (rows < 100) {
      return Math.max(10, (rows + 5) / 10 * 10);
    }
    return BigDecimal.valueOf(rows)
        .round(new MathContext(2, RoundingMode.HALF_UP))
        .longValueExact();
  }
}
