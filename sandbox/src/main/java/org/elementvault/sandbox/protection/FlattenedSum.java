package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A group's total after {@link Flattening}, and the noise it needs. Neither value may be released
 * as it is: release {@code total} plus {@link StickyNoise#noise} of SD {@code noiseSd}.
 *
 * @param total the flattened total (exact to 34 significant digits)
 * @param noiseSd the standard deviation of each noise layer, at least zero (rounded up to eight
 *     significant digits)
 * @param flattening how much the extreme contributors were brought down by, in absolute value,
 *     summed over both signs; at least zero
 */
public record FlattenedSum(BigDecimal total, BigDecimal noiseSd, BigDecimal flattening) {

  /** Checks for nulls and signs. */
  public FlattenedSum {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(noiseSd, "noiseSd");
    Objects.requireNonNull(flattening, "flattening");
    if (noiseSd.signum() < 0) {
      throw new IllegalArgumentException("noise SD must be at least 0, got " + noiseSd);
    }
    if (flattening.signum() < 0) {
      throw new IllegalArgumentException("flattening must be at least 0, got " + flattening);
    }
  }

  /** Redacted: the exact total is not for logs. */
  @Override
  public String toString() {
    return "FlattenedSum[redacted]";
  }
}
