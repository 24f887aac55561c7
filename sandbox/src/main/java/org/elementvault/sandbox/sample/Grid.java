package org.elementvault.sandbox.sample;

/**
 * The generalization grid of DESIGN.md: the values 1, 2 and 5 × 10ⁿ, and ranges rounded outward to
 * multiples of such a step, so a sample's range tells no more than a policy-approved comparison
 * with a grid constant would.
 */
final class Grid {

  private static final double[] MANTISSAS = {1, 2, 5, 10};

  private Grid() {}

  /** The smallest grid value (1, 2 or 5 × 10ⁿ) at least {@code x}; {@code x} must be positive. */
  static double atLeast(double x) {
    double power = Math.pow(10, Math.floor(Math.log10(x)));
    for (double mantissa : MANTISSAS) {
      if (mantissa * power >= x * (1 - 1e-12)) {
        return mantissa * power;
      }
    }
    return 10 * power;
  }

  /** The largest grid value (1, 2 or 5 × 10ⁿ) at most {@code x}; {@code x} must be positive. */
  static double atMost(double x) {
    double power = Math.pow(10, Math.floor(Math.log10(x)));
    for (int i = MANTISSAS.length - 1; i >= 0; i--) {
      if (MANTISSAS[i] * power <= x * (1 + 1e-12)) {
        return MANTISSAS[i] * power;
      }
    }
    return power / 2;
  }

  /** {@code x} rounded down to a multiple of {@code step}. */
  static double floor(double x, double step) {
    return clamp(Math.floor(x / step) * step);
  }

  /** {@code x} rounded up to a multiple of {@code step}. */
  static double ceil(double x, double step) {
    return clamp(Math.ceil(x / step) * step);
  }

  private static double clamp(double x) {
    return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, x));
  }
}
