package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The square root of a positive decimal correctly rounded half-even to a number of significant
 * digits: the value {@link BigDecimal#sqrt} returns for that precision and {@link
 * RoundingMode#HALF_EVEN} (it guarantees half an ulp), without its iterations of decimal division,
 * which cost more than the rest of a group's flattening.
 *
 * <p>An integer square root guesses the digits; exact integer comparisons of squares then move the
 * guess to the correctly rounded root. Integers only, as everywhere in the protection.
 */
final class SquareRoot {

  /** Most digits: the root's digits are held in a long. */
  static final int MAX_DIGITS = 17;

  /** Steps from the guess before leaving the value to {@link BigDecimal#sqrt}: a few suffice. */
  private static final int MAX_STEPS = 64;

  private static final BigInteger FOUR = BigInteger.valueOf(4);

  /** 10^0 to 10^{@value #MAX_DIGITS}. */
  private static final long[] POWERS = new long[MAX_DIGITS + 1];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = 10 * POWERS[i - 1];
    }
  }

  private SquareRoot() {}

  /**
   * √{@code value} to {@code digits} significant digits, half-even; numerically equal to {@code
   * value.sqrt(new MathContext(digits, RoundingMode.HALF_EVEN))}, its scale included.
   *
   * @throws IllegalArgumentException if {@code value} is not positive or {@code digits} is outside
   *     [1, {@value #MAX_DIGITS}]
   */
  static BigDecimal halfEven(BigDecimal value, int digits) {
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("square root needs a positive value, got " + value);
    }
    if (digits < 1 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException(
          "square root digits must be in [1, " + MAX_DIGITS + "], got " + digits);
    }
    // value = w·10^(2e) with w in [1, 100), so √value = √w·10^e with √w in [1, 10). Its root to
    // the digits is q·10^(e - digits + 1), q the whole number nearest √W, W = w·10^(2·(digits-1))
    // = unscaled·10^shift.
    BigInteger unscaled = value.unscaledValue();
    int e = Math.floorDiv(value.precision() - 1 - value.scale(), 2);
    int shift = 2 * (digits - 1) - 2 * e - value.scale();
    Squares squares = Squares.of(FOUR.multiply(unscaled), shift);
    // q is nearest √W when (2q - 1)² <= 4W <= (2q + 1)²; a tie on either bound goes to the even q.
    // √W is in [10^(digits-1), 10^digits), so q is too or it is 10^digits.
    long q = Math.min(Math.max(guess(unscaled, shift), POWERS[digits - 1]), POWERS[digits]);
    for (int step = 0; squares.compareOdd(2 * q + 1) < 0; step++, q++) {
      if (step == MAX_STEPS) {
        return value.sqrt(new MathContext(digits, RoundingMode.HALF_EVEN));
      }
    }
    for (int step = 0; squares.compareOdd(2 * q - 1) > 0; step++, q--) {
      if (step == MAX_STEPS) {
        return value.sqrt(new MathContext(digits, RoundingMode.HALF_EVEN));
      }
    }
    if (q % 2 == 1) {
      if (squares.compareOdd(2 * q + 1) == 0) {
        q++;
      } else if (squares.compareOdd(2 * q - 1) == 0) {
        q--;
      }
    }
    return inPreferredScale(BigDecimal.valueOf(q, digits - 1 - e), value, digits);
  }

  /**
   * {@code root} at the scale {@link BigDecimal#sqrt} gives it: the closest to half the value's
   * scale that {@code digits} allow (as the JDK settles its own result), so that the SD, which a
   * release reports and seeds with, reads exactly as before.
   */
  private static BigDecimal inPreferredScale(BigDecimal root, BigDecimal value, int digits) {
    int preferred = value.scale() / 2;
    return root.scale() == preferred
        ? root
        : root.stripTrailingZeros()
            .add(
                BigDecimal.valueOf(0, preferred),
                new MathContext(digits, RoundingMode.UNNECESSARY));
  }

  /**
   * ⌊√⌊unscaled·10^shift⌋⌋, within one of √W: in integers, as the protection never computes with
   * floating point (W lies in [10^(2·(digits-1)), 10^(2·digits)), so its root fits a long).
   */
  private static long guess(BigInteger unscaled, int shift) {
    BigInteger w =
        shift >= 0
            ? unscaled.multiply(BigInteger.TEN.pow(shift))
            : unscaled.divide(BigInteger.TEN.pow(-shift));
    return w.sqrt().longValueExact();
  }

  /**
   * Exact comparisons of odd squares with 4W = 4·unscaled·10^shift: {@code odd² · squareScale}
   * against {@code fourW}, where one of the two powers of ten is folded into each side so both are
   * whole numbers.
   */
  private record Squares(BigInteger fourW, BigInteger squareScale) {

    static Squares of(BigInteger fourUnscaled, int shift) {
      return shift >= 0
          ? new Squares(fourUnscaled.multiply(BigInteger.TEN.pow(shift)), BigInteger.ONE)
          : new Squares(fourUnscaled, BigInteger.TEN.pow(-shift));
    }

    /** The sign of odd² - 4W. */
    int compareOdd(long odd) {
      BigInteger odd2 = BigInteger.valueOf(odd);
      return odd2.multiply(odd2).multiply(squareScale).compareTo(fourW);
    }
  }
}
