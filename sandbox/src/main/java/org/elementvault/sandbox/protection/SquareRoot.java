package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The square root of a positive decimal correctly rounded half-even to a number of significant
 * digits, in integer arithmetic: the value {@link BigDecimal#sqrt} returns for that precision and
 * {@link java.math.RoundingMode#HALF_EVEN} (it guarantees half an ulp), without its detour through
 * a {@code double} parsed from text, which costs more than the rest of a group's flattening.
 */
final class SquareRoot {

  private SquareRoot() {}

  /**
   * √{@code value} to {@code digits} significant digits, half-even; numerically equal to {@code
   * value.sqrt(new MathContext(digits, RoundingMode.HALF_EVEN))}, possibly with another scale.
   *
   * @throws IllegalArgumentException if {@code value} is not positive or {@code digits} below 1
   */
  static BigDecimal halfEven(BigDecimal value, int digits) {
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("square root needs a positive value, got " + value);
    }
    if (digits < 1) {
      throw new IllegalArgumentException("square root digits must be at least 1, got " + digits);
    }
    BigInteger unscaled = value.unscaledValue();
    int scale = value.scale();
    // √value·10^k = √M with M = unscaled·10^(2k - scale) a whole number of at least 2·digits + 2
    // digits, so that its integer root m has at least digits + 1 of them.
    int wanted = 2 * digits + 2 - unscaled.toString().length() + scale;
    int k = Math.max(Math.floorDiv(wanted + 1, 2), Math.floorDiv(scale + 1, 2));
    BigInteger square = unscaled.multiply(BigInteger.TEN.pow(2 * k - scale));
    BigInteger root = square.sqrt();
    boolean exact = root.multiply(root).equals(square);
    int dropped = root.toString().length() - digits;
    BigInteger[] split = root.divideAndRemainder(BigInteger.TEN.pow(dropped));
    BigInteger kept = split[0];
    int vsHalf =
        split[1].compareTo(BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(dropped - 1)));
    // The dropped part is the remainder plus √M - m, a fraction in [0, 1) that is zero if exact.
    boolean up = vsHalf > 0 || (vsHalf == 0 && (!exact || kept.testBit(0)));
    return new BigDecimal(up ? kept.add(BigInteger.ONE) : kept, k - dropped);
  }
}
