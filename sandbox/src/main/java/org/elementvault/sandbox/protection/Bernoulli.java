package org.elementvault.sandbox.protection;

import java.math.BigInteger;

/**
 * Exact Bernoulli trials from uniform bits, in integer arithmetic only (Canonne, Kamath and
 * Steinke, "The Discrete Gaussian for Differential Privacy", 2020, section 5.1).
 *
 * <h2>Bounded loops</h2>
 *
 * Every loop here ends with probability one, and each has a hard cap whose probability of being
 * reached is below 2<sup>-500</sup>; reaching a cap throws {@link IllegalStateException} rather
 * than returning a biased answer. Running time depends on the random bits only, never on data.
 */
final class Bernoulli {

  /**
   * Rejection rounds of a uniform draw: each round succeeds with probability above 1/2, so the cap
   * is reached with probability below 2<sup>-1000</sup>.
   */
  static final int MAX_UNIFORM_ROUNDS = 1_000;

  /**
   * Terms of the series behind {@code exp(-gamma)}, gamma at most 1: K passes k with probability at
   * most 1/k!, and 1/200! is below 10<sup>-374</sup>.
   */
  static final int MAX_SERIES_TERMS = 200;

  /** Successive exp(-1) trials: all of them succeed with probability exp(-1000). */
  static final int MAX_WHOLE_TRIALS = 1_000;

  private Bernoulli() {}

  /** A uniform integer in [0, bound), by rejection: no modulo bias. */
  static BigInteger uniformBelow(RandomBits bits, BigInteger bound) {
    if (bound.signum() <= 0) {
      throw new IllegalArgumentException("bound must be at least 1, got " + bound);
    }
    if (bound.bitLength() < Long.SIZE - 1) {
      return BigInteger.valueOf(uniformBelow(bits, bound.longValueExact()));
    }
    int width = bound.subtract(BigInteger.ONE).bitLength();
    for (int round = 0; round < MAX_UNIFORM_ROUNDS; round++) {
      BigInteger candidate = BigInteger.ZERO;
      for (int filled = 0; filled < width; ) {
        int take = Math.min(RandomBits.MAX_BITS, width - filled);
        candidate = candidate.shiftLeft(take).or(BigInteger.valueOf(bits.nextBits(take)));
        filled += take;
      }
      if (candidate.compareTo(bound) < 0) {
        return candidate;
      }
    }
    throw capReached("uniform draw");
  }

  /** A uniform integer in [0, bound), bound at least 1. */
  static long uniformBelow(RandomBits bits, long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be at least 1, got " + bound);
    }
    int width = Long.SIZE - Long.numberOfLeadingZeros(bound - 1);
    for (int round = 0; round < MAX_UNIFORM_ROUNDS; round++) {
      long candidate = bits.nextBits(width);
      if (candidate < bound) {
        return candidate;
      }
    }
    throw capReached("uniform draw");
  }

  /** True with probability {@code numerator / denominator}, which must be in [0, 1]. */
  static boolean withProbability(RandomBits bits, BigInteger numerator, BigInteger denominator) {
    return uniformBelow(bits, denominator).compareTo(numerator) < 0;
  }

  /** True with probability exp(-gamma), for any gamma of at least zero. */
  static boolean expMinus(RandomBits bits, Ratio gamma) {
    return expMinusReduced(bits, gamma.numerator(), gamma.denominator());
  }

  /**
   * True with probability exp(-numerator/denominator), for a ratio already in lowest terms (so a
   * caller that reduced it some cheaper way need not pay for {@link Ratio}'s gcd again).
   */
  static boolean expMinusReduced(RandomBits bits, BigInteger numerator, BigInteger denominator) {
    if (numerator.bitLength() < Long.SIZE && denominator.bitLength() < Long.SIZE) {
      return expMinusReduced(bits, numerator.longValue(), denominator.longValue());
    }
    BigInteger whole = numerator.divide(denominator);
    int trials = whole.bitLength() < Integer.SIZE ? whole.intValue() : Integer.MAX_VALUE;
    if (!passWholeTrials(bits, trials)) {
      return false;
    }
    return expMinusAtMostOne(bits, numerator.subtract(whole.multiply(denominator)), denominator);
  }

  /**
   * True with probability exp(-numerator/denominator), numerator at least 0 and denominator at
   * least 1: {@link #expMinus(RandomBits, Ratio)} of that ratio, drawing the very same bits, in
   * long arithmetic.
   */
  static boolean expMinus(RandomBits bits, long numerator, long denominator) {
    // The ratio is reduced to lowest terms first, as Ratio does: the denominator decides how many
    // bits each trial draws, so an unreduced one would give other samples from the same bits.
    long gcd = gcd(numerator, denominator);
    return expMinusReduced(bits, numerator / gcd, denominator / gcd);
  }

  private static boolean expMinusReduced(RandomBits bits, long numerator, long denominator) {
    long whole = numerator / denominator;
    if (!passWholeTrials(bits, whole > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) whole)) {
      return false;
    }
    return expMinusAtMostOne(bits, numerator % denominator, denominator);
  }

  /**
   * Whether {@code count} successive exp(-1) trials all succeed: exp(-1)^floor(gamma), one trial
   * per factor, stopping at the first failure. Each passes with probability 1/e, so this passes n
   * trials with probability exp(-n), however large the count.
   */
  private static boolean passWholeTrials(RandomBits bits, int count) {
    for (int trial = 1; trial <= count; trial++) {
      if (trial > MAX_WHOLE_TRIALS) {
        throw capReached("exp(-1) trials");
      }
      if (!expMinusAtMostOne(bits, 1, 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True with probability exp(-n/d) for n/d in [0, 1]: draw A_k ~ Bernoulli(gamma/k) for k = 1, 2,
   * ... until the first failure at K; K is odd with probability exactly exp(-gamma).
   */
  private static boolean expMinusAtMostOne(RandomBits bits, BigInteger n, BigInteger d) {
    if (d.bitLength() < Long.SIZE) {
      return expMinusAtMostOne(bits, n.longValueExact(), d.longValueExact());
    }
    for (int k = 1; k <= MAX_SERIES_TERMS; k++) {
      if (!withProbability(bits, n, d.multiply(BigInteger.valueOf(k)))) {
        return k % 2 == 1;
      }
    }
    throw capReached("exp(-gamma) series");
  }

  /** As {@link #expMinusAtMostOne(RandomBits, BigInteger, BigInteger)}, in long while d·k fits. */
  private static boolean expMinusAtMostOne(RandomBits bits, long n, long d) {
    for (int k = 1; k <= MAX_SERIES_TERMS; k++) {
      boolean drawn =
          d <= Long.MAX_VALUE / k
              ? uniformBelow(bits, d * k) < n
              : withProbability(
                  bits,
                  BigInteger.valueOf(n),
                  BigInteger.valueOf(d).multiply(BigInteger.valueOf(k)));
      if (!drawn) {
        return k % 2 == 1;
      }
    }
    throw capReached("exp(-gamma) series");
  }

  /**
   * The greatest common divisor of a and b, both at least 0 and not both zero: binary (Stein's)
   * GCD, shifts and subtractions instead of Euclid's slow long divisions.
   */
  static long gcd(long a, long b) {
    if (a == 0 || b == 0) {
      return a | b;
    }
    int twos = Long.numberOfTrailingZeros(a | b);
    long x = a >> Long.numberOfTrailingZeros(a);
    long y = b;
    while (y != 0) {
      y >>= Long.numberOfTrailingZeros(y);
      if (x > y) {
        long swap = x;
        x = y;
        y = swap;
      }
      y -= x;
    }
    return x << twos;
  }

  static IllegalStateException capReached(String loop) {
    return new IllegalStateException(
        "the "
            + loop
            + " reached its iteration cap, an event of negligible probability:"
            + " the random bit source is broken");
  }
}
