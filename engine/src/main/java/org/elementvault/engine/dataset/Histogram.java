package org.elementvault.engine.dataset;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The coarse shape of one number column in one version, learned at import so that sample data can
 * follow it without reading it: how many rows fall in each bucket of the generalization grid
 * (magnitudes from 1, 2 or 5 × 10ⁿ up to the next such value, on either side of zero, and zero
 * itself). A bucket fewer than {@link Categories#MIN_SUBJECTS} distinct subjects fall in is never
 * recorded, so no outlier is.
 *
 * @param column the column's name
 * @param buckets the common buckets, from the most negative values to the most positive
 */
public record Histogram(String column, List<Histogram.Bucket> buckets) {

  public Histogram {
    Objects.requireNonNull(column, "column");
    buckets = List.copyOf(buckets);
  }

  /**
   * One bucket: the values of sign {@code signum} whose magnitude is at least {@code low} and below
   * {@code high}; for {@code signum} 0, the value zero alone (both magnitudes 0).
   *
   * @param signum -1, 0 or 1
   * @param low a grid value, or 0 for zero
   * @param high the next grid value above {@code low}, or 0 for zero
   * @param rows how many rows fall in the bucket (at least {@link Categories#MIN_SUBJECTS})
   */
  public record Bucket(int signum, BigDecimal low, BigDecimal high, long rows) {

    public Bucket {
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
      if (signum < -1 || signum > 1) {
        throw new IllegalArgumentException("signum must be -1, 0 or 1, was " + signum);
      }
      if (signum == 0
          ? low.signum() != 0 || high.signum() != 0
          : low.signum() <= 0 || high.compareTo(low) <= 0) {
        throw new IllegalArgumentException("a bucket's magnitudes must be 0 < low < high");
      }
      if (rows < Categories.MIN_SUBJECTS) {
        throw new IllegalArgumentException(
            "rows must be at least " + Categories.MIN_SUBJECTS + ", was " + rows);
      }
    }
  }
}
