package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The interval a differentially private sum clamps each subject's total into: the sum's sensitivity
 * is the larger magnitude of the two ends.
 *
 * @param lower the least a subject contributes
 * @param upper the most a subject contributes, at least {@code lower}
 */
public record Bounds(BigDecimal lower, BigDecimal upper) {

  /** The most digits before the decimal point of an end. */
  public static final int MAX_INTEGER_DIGITS = 18;

  /** The most digits after the decimal point of an end. */
  public static final int MAX_SCALE = 6;

  public Bounds {
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    if (!isValidEnd(lower) || !isValidEnd(upper) || lower.compareTo(upper) > 0) {
      throw new IllegalArgumentException("bounds must be lower <= upper, each of bounded size");
    }
  }

  /** Whether {@code end} has at most 18 digits before and 6 after the point. */
  public static boolean isValidEnd(BigDecimal end) {
    BigDecimal stripped = end.stripTrailingZeros();
    return stripped.scale() <= MAX_SCALE
        && stripped.precision() - stripped.scale() <= MAX_INTEGER_DIGITS;
  }

  /** {@code value} clamped into [lower, upper]. */
  public BigDecimal clamp(BigDecimal value) {
    return value.max(lower).min(upper);
  }

  /** The most one subject's clamped total can move the sum: max(|lower|, |upper|). */
  public BigDecimal sensitivity() {
    return lower.abs().max(upper.abs());
  }
}
