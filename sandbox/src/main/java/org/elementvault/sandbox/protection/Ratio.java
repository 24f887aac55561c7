package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A non-negative rational number in lowest terms: the exact parameters of the samplers (a scale, a
 * variance), so that no floating-point value ever decides a sample.
 *
 * @param numerator at least zero
 * @param denominator at least one
 */
public record Ratio(BigInteger numerator, BigInteger denominator) implements Comparable<Ratio> {

  /** Zero. */
  public static final Ratio ZERO = new Ratio(BigInteger.ZERO, BigInteger.ONE);

  /** One. */
  public static final Ratio ONE = new Ratio(BigInteger.ONE, BigInteger.ONE);

  /** Reduces to lowest terms. */
  public Ratio {
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    if (numerator.signum() < 0) {
      throw new IllegalArgumentException("numerator must be at least 0, got " + numerator);
    }
    if (denominator.signum() <= 0) {
      throw new IllegalArgumentException("denominator must be at least 1, got " + denominator);
    }
    BigInteger gcd = numerator.gcd(denominator);
    if (!gcd.equals(BigInteger.ONE)) {
      numerator = numerator.divide(gcd);
      denominator = denominator.divide(gcd);
    }
  }

  /** {@code numerator / denominator}. */
  public static Ratio of(long numerator, long denominator) {
    return new Ratio(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  /** The exact value of a non-negative decimal. */
  public static Ratio of(BigDecimal value) {
    Objects.requireNonNull(value, "value");
    BigInteger unscaled = value.unscaledValue();
    int scale = value.scale();
    return scale >= 0
        ? new Ratio(unscaled, BigInteger.TEN.pow(scale))
        : new Ratio(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
  }

  /** Whether this is zero. */
  public boolean isZero() {
    return numerator.signum() == 0;
  }

  /** The largest integer not above this. */
  public BigInteger floor() {
    return numerator.divide(denominator);
  }

  /** This times {@code other}. */
  public Ratio times(Ratio other) {
    return new Ratio(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
  }

  /** This plus {@code other}. */
  public Ratio plus(Ratio other) {
    return new Ratio(
        numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
        denominator.multiply(other.denominator));
  }

  @Override
  public int compareTo(Ratio other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
