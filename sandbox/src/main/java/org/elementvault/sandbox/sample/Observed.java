package org.elementvault.sandbox.sample;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.engine.dataset.BatchStats;
import org.elementvault.engine.dataset.Categories;
import org.elementvault.engine.dataset.ColumnStats;

/**
 * What the statistics of every stored batch say about one column: whether there are any, how many
 * rows and nulls, and bounds of its values if they are known. With two batches or more the bounds
 * are the second-lowest batch minimum and the second-highest batch maximum (when they still form a
 * range), so that one batch's extreme value does not set them.
 */
record Observed(boolean known, long rows, long nulls, boolean bounded, double min, double max) {

  /** The fewest nulls that show in a sample: fewer could single out the people they belong to. */
  static final long MIN_NULLS = Categories.MIN_SUBJECTS;

  /** The share of nulls in a column whose statistics are unknown. */
  static final double UNKNOWN_NULL_RATE = 0.01;

  /** The statistics of the schema's column {@code index} in {@code batches}. */
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
   * The share of nulls a sample gets: the column's share rounded to the nearest grid value (1, 2 or
   * 5 × 10ⁿ, on a log scale), none if it has fewer than {@link #MIN_NULLS}, and {@link
   * #UNKNOWN_NULL_RATE} without statistics.
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
    BigDecimal above = Grid.atLeast(share);
    if (above.compareTo(share) == 0) {
      return share.doubleValue();
    }
    BigDecimal below = Grid.below(share);
    // Nearest on a log scale: compare share / below with above / share.
    boolean nearerBelow = share.multiply(share).compareTo(below.multiply(above)) <= 0;
    return (nearerBelow ? below : above).doubleValue();
  }

  /** The lower bound as an exact decimal: the true minimum or below it. */
  BigDecimal outerMin() {
    return exact(min);
  }

  /** The upper bound as an exact decimal: the true maximum or above it. */
  BigDecimal outerMax() {
    return exact(max);
  }

  /**
   * The true minimum or above it, as close as the statistics allow, for values that are multiples
   * of {@code unit} (zero: doubles, whose bounds are exact). Bounds of large longs and of decimals
   * are widened by an ulp; two ulps up is at or above the true minimum, and so is the nearest
   * multiple of the unit to that (the true minimum is a multiple at or below it).
   */
  BigDecimal innerMin(BigDecimal unit) {
    return unit.signum() == 0 ? exact(min) : nearest(exact(Math.nextUp(Math.nextUp(min))), unit);
  }

  /** The true maximum or below it, as {@link #innerMin} is for the minimum. */
  BigDecimal innerMax(BigDecimal unit) {
    return unit.signum() == 0
        ? exact(max)
        : nearest(exact(Math.nextDown(Math.nextDown(max))), unit);
  }

  private static BigDecimal nearest(BigDecimal value, BigDecimal unit) {
    return value.divide(unit, 0, RoundingMode.HALF_UP).multiply(unit);
  }

  private static BigDecimal exact(double value) {
    return new BigDecimal(Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, value)));
  }
}
