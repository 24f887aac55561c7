package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The data-independent numbers of a differentially private release: how ε is shared, the discrete
 * Laplace scale of each output, the partition-selection threshold, and the standard deviation of
 * the noise an output carries. Scales are exact {@link Ratio}s; the threshold and the standard
 * deviation need logarithms and exponentials, computed in decimal arithmetic to {@value #DIGITS}
 * significant digits and rounded towards privacy (the threshold up), never in floating point.
 */
public final class DpCalibration {

  /** Significant digits of the logarithms and exponentials. */
  static final int DIGITS = 50;

  private static final MathContext MATH = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

  /** Below any error of the {@value #DIGITS}-digit series, above any rounding. */
  private static final BigDecimal MARGIN = new BigDecimal("1E-30");

  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private static final BigDecimal LN_2 =
      twiceAtanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MATH));

  private DpCalibration() {}

  /** ε divided evenly into {@code parts} shares. */
  public static Ratio share(BigDecimal epsilon, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be at least 1, got " + parts);
    }
    return Ratio.of(epsilon).times(new Ratio(BigInteger.ONE, BigInteger.valueOf(parts)));
  }

  /**
   * The scale of discrete Laplace noise that makes a query of L1 sensitivity {@code sensitivity}
   * (in grid units) {@code epsilon}-differentially private: sensitivity / ε.
   */
  public static Ratio scale(BigInteger sensitivity, Ratio epsilon) {
    if (epsilon.isZero()) {
      throw new IllegalArgumentException("epsilon must be above 0");
    }
    return new Ratio(sensitivity.multiply(epsilon.denominator()), epsilon.numerator());
  }

  /**
   * The least noisy distinct-subject count a group needs to be released: {@code k - 1 + τ} with τ =
   * 1 + ⌈b·ln(L/δ)⌉ and b = L/ε the scale of the count's noise (each subject in at most L groups).
   *
   * <p>τ is Laplace thresholding (Wilson et al., "Differentially private SQL with bounded user
   * contribution", 2020): a group that exists because of one subject passes with probability at
   * most δ/L, so the at most L groups one subject opens pass together with probability at most δ.
   * It uses ln(L/δ) rather than the continuous mechanism's ln(L/(2δ)): the discrete Laplace tail
   * P(X ≥ m) = q<sup>m</sup>/(1+q) is up to twice the continuous one. The exact floor of k distinct
   * subjects is a cliff that one subject can push a group over; shifting τ by k - 1 keeps a group
   * at the cliff as unlikely to pass as a group of one.
   */
  public static BigInteger releaseThreshold(Ratio epsilon, BigDecimal delta, int maxGroups, int k) {
    Objects.requireNonNull(delta, "delta");
    if (delta.signum() <= 0 || maxGroups < 1 || k < 1) {
      throw new IllegalArgumentException("delta, maxGroups and k must be positive");
    }
    BigDecimal groups = BigDecimal.valueOf(maxGroups);
    BigDecimal b = decimal(scale(BigInteger.valueOf(maxGroups), epsilon));
    BigDecimal tail = b.multiply(ln(groups.divide(delta, MATH)), MATH).add(MARGIN);
    BigInteger tau = tail.setScale(0, RoundingMode.CEILING).toBigIntegerExact().add(BigInteger.ONE);
    return tau.add(BigInteger.valueOf(k - 1L));
  }

  /**
   * The standard deviation of discrete Laplace noise of {@code scale} b: sqrt(2q)/(1 - q) with q =
   * e<sup>-1/b</sup> (about b·√2 for large b), to {@code digits} significant digits.
   */
  public static BigDecimal standardDeviation(Ratio scale, int digits) {
    if (scale.isZero()) {
      throw new IllegalArgumentException("scale must be above 0");
    }
    BigDecimal inverse =
        new BigDecimal(scale.denominator()).divide(new BigDecimal(scale.numerator()), MATH);
    BigDecimal q = BigDecimal.ONE.divide(exp(inverse), MATH);
    BigDecimal sd = TWO.multiply(q).sqrt(MATH).divide(BigDecimal.ONE.subtract(q), MATH);
    return sd.round(new MathContext(digits, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal decimal(Ratio ratio) {
    return new BigDecimal(ratio.numerator()).divide(new BigDecimal(ratio.denominator()), MATH);
  }

  /** ln x for x ≥ 1: x = m·2^n with m in [1, 2), ln x = n·ln 2 + ln m. */
  static BigDecimal ln(BigDecimal x) {
    if (x.compareTo(BigDecimal.ONE) < 0) {
      throw new IllegalArgumentException("ln is needed only at 1 or above");
    }
    int n = x.toBigInteger().bitLength() - 1;
    BigDecimal m = x.divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)), MATH);
    BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MATH);
    return LN_2.multiply(BigDecimal.valueOf(n), MATH).add(twiceAtanh(z), MATH);
  }

  /** 2·atanh(z) = ln((1+z)/(1-z)) for 0 ≤ z ≤ 1/3, by its series. */
  private static BigDecimal twiceAtanh(BigDecimal z) {
    BigDecimal square = z.multiply(z, MATH);
    BigDecimal power = z;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal smallest = BigDecimal.ONE.movePointLeft(DIGITS + 5);
    for (int i = 1; power.compareTo(smallest) > 0; i += 2) {
      sum = sum.add(power.divide(BigDecimal.valueOf(i), MATH), MATH);
      power = power.multiply(square, MATH);
    }
    return sum.multiply(TWO, MATH);
  }

  /** e^x for 0 < x: e^(x/2^n) by its series, squared n times. */
  static BigDecimal exp(BigDecimal x) {
    int halvings = 0;
    BigDecimal reduced = x;
    while (reduced.compareTo(BigDecimal.ONE) > 0) {
      reduced = reduced.divide(TWO, MATH);
      halvings++;
    }
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal smallest = BigDecimal.ONE.movePointLeft(DIGITS + 5);
    for (int i = 1; term.compareTo(smallest) > 0; i++) {
      term = term.multiply(reduced, MATH).divide(BigDecimal.valueOf(i), MATH);
      sum = sum.add(term, MATH);
    }
    for (int i = 0; i < halvings; i++) {
      sum = sum.multiply(sum, MATH);
    }
    return sum;
  }
}
