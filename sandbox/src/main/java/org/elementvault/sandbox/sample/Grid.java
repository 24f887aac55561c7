package org.elementvault.sandbox.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The generalization grid of DESIGN.md: the values 1, 2 and 5 × 10ⁿ, and multiples of such a step,
 * in exact decimal arithmetic, so that "strictly above a bound" holds exactly and a sample's range
 * tells no more than a policy-approved comparison with a grid constant would.
 */
final class Grid {

  private static final int[] MANTISSAS = {1, 2, 5, 10};

  private Grid() {}

  /** The smallest grid value (1, 2 or 5 × 10ⁿ) at least {@code x}; {@code x} must be positive. */
  static BigDecimal atLeast(BigDecimal x) {
    requirePositive(x);
    BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(exponent(x));
    for (int mantissa : MANTISSAS) {
      BigDecimal value = power.multiply(BigDecimal.valueOf(mantissa));
      if (value.compareTo(x) >= 0) {
        return value;
      }
    }
    throw new AssertionError("10 × 10ⁿ exceeds every x below 10ⁿ⁺¹");
  }

  /** The smallest grid value strictly above {@code x}; {@code x} must be positive. */
  static BigDecimal above(BigDecimal x) {
    BigDecimal value = atLeast(x);
    return value.compareTo(x) > 0 ? value : atLeast(x.add(x.ulp()));
  }

  /** The largest grid value strictly below {@code x}; {@code x} must be positive. */
  static BigDecimal below(BigDecimal x) {
    requirePositive(x);
    int exponent = exponent(x);
    for (int e = exponent; e >= exponent - 1; e--) {
      BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(e);
      for (int i = MANTISSAS.length - 2; i >= 0; i--) {
        BigDecimal value = power.multiply(BigDecimal.valueOf(MANTISSAS[i]));
        if (value.compareTo(x) < 0) {
          return value;
        }
      }
    }
    throw new AssertionError("5 × 10ⁿ⁻¹ is below every x of at least 10ⁿ");
  }

  /** The smallest multiple of {@code step} strictly above {@code x}. */
  static BigDecimal multipleAbove(BigDecimal x, BigDecimal step) {
    return x.divide(step, 0, RoundingMode.FLOOR).add(BigDecimal.ONE).multiply(step);
  }

  /** The largest multiple of {@code step} strictly below {@code x}. */
  static BigDecimal multipleBelow(BigDecimal x, BigDecimal step) {
    return x.divide(step, 0, RoundingMode.CEILING).subtract(BigDecimal.ONE).multiply(step);
  }

  /** n such that 10ⁿ ≤ x &lt; 10ⁿ⁺¹. */
  private static int exponent(BigDecimal x) {
    return x.precision() - x.scale() - 1;
  }

  private static void requirePositive(BigDecimal x) {
    if (x.signum() <= 0) {
      throw new IllegalArgumentException("x must be positive, was " + x);
    }
  }
}
