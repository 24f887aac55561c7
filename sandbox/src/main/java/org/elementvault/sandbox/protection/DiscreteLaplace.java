package org.elementvault.sandbox.protection;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The discrete Laplace distribution on the integers: P(x) proportional to exp(-|x| / scale),
 * sampled exactly (Canonne, Kamath and Steinke 2020, Algorithm 2).
 *
 * <p>With scale = t/s in lowest terms: draw U uniform in [0, t) and accept it with probability
 * exp(-U/t); draw V geometric with P(V = v) proportional to exp(-v); then X = U + tV is geometric
 * with ratio exp(-1/t), Y = floor(X / s) is geometric with ratio exp(-s/t), and a fair sign (with
 * the negative zero rejected) makes it two-sided.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Exact: given uniform bits, the output has exactly the stated distribution. Only integer
 *       arithmetic is used, so there are no floating-point holes or rounding artefacts (Mironov,
 *       "On significance of the least significant bits for differential privacy", 2012).
 *   <li>Bounded: each round is accepted with probability above 0.3 (U is kept with probability
 *       above 1 - 1/e, and the sign rejects at most half), so a sample takes fewer than four rounds
 *       on average; after {@value #MAX_ROUNDS} rounds, or a geometric draw of {@value
 *       #MAX_GEOMETRIC} steps (probabilities below 2<sup>-500</sup>), it throws {@link
 *       IllegalStateException} instead of returning a biased value.
 *   <li>Not constant-time: how long a sample takes depends on its random bits (and so leaks about
 *       the noise, not about the data).
 *   <li>Immutable and thread-safe; the {@link RandomBits} passed in are not.
 * </ul>
 */
public final class DiscreteLaplace {

  /** Rounds of the outer rejection loop before giving up. */
  public static final int MAX_ROUNDS = 1_000;

  /** Steps of the geometric draw of V before giving up (it passes n with probability e^-n). */
  public static final int MAX_GEOMETRIC = 1_000;

  /**
   * The largest t of the long arithmetic path: u + t·v, with u below t and v at most {@value
   * #MAX_GEOMETRIC}, then fits in a long.
   */
  private static final long MAX_LONG_T = Long.MAX_VALUE / (MAX_GEOMETRIC + 1);

  private final Ratio scale;
  private final BigInteger t;
  private final BigInteger s;

  /** t and s as longs when the whole sample fits in long arithmetic, else 0. */
  private final long smallT;

  private final long smallS;

  private DiscreteLaplace(Ratio scale) {
    this.scale = scale;
    this.t = scale.numerator();
    this.s = scale.denominator();
    boolean small = t.compareTo(BigInteger.valueOf(MAX_LONG_T)) <= 0 && s.bitLength() < Long.SIZE;
    this.smallT = small ? t.longValueExact() : 0;
    this.smallS = small ? s.longValueExact() : 0;
  }

  /**
   * The discrete Laplace distribution of the given scale (the b of exp(-|x|/b)).
   *
   * @throws IllegalArgumentException if {@code scale} is zero
   */
  public static DiscreteLaplace of(Ratio scale) {
    Objects.requireNonNull(scale, "scale");
    if (scale.isZero()) {
      throw new IllegalArgumentException("discrete Laplace scale must be above 0, got " + scale);
    }
    return new DiscreteLaplace(scale);
  }

  /** The scale: P(x) is proportional to exp(-|x| / scale). */
  public Ratio scale() {
    return scale;
  }

  /** One sample. */
  public BigInteger sample(RandomBits bits) {
    Objects.requireNonNull(bits, "bits");
    return smallT > 0 ? BigInteger.valueOf(sampleSmall(bits)) : sampleLarge(bits);
  }

  /**
   * Whether {@link #sampleSmall} may be used: the scale's terms are small enough for long
   * arithmetic.
   */
  boolean isSmall() {
    return smallT > 0;
  }

  /**
   * One sample in long arithmetic, drawing exactly the bits {@link #sampleLarge} draws and giving
   * the same value: the same trials on the same bounds, only without BigInteger objects.
   */
  long sampleSmall(RandomBits bits) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      long u = Bernoulli.uniformBelow(bits, smallT);
      if (!Bernoulli.expMinus(bits, u, smallT)) {
        continue;
      }
      long y = (u + smallT * geometric(bits)) / smallS;
      boolean negative = bits.nextBits(1) == 1;
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
    throw Bernoulli.capReached("discrete Laplace rejection loop");
  }

  private BigInteger sampleLarge(RandomBits bits) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      BigInteger u = Bernoulli.uniformBelow(bits, t);
      if (!Bernoulli.expMinus(bits, new Ratio(u, t))) {
        continue;
      }
      BigInteger x = u.add(t.multiply(BigInteger.valueOf(geometric(bits))));
      BigInteger y = x.divide(s);
      boolean negative = bits.nextBits(1) == 1;
      if (negative && y.signum() == 0) {
        continue;
      }
      return negative ? y.negate() : y;
    }
    throw Bernoulli.capReached("discrete Laplace rejection loop");
  }

  /** V with P(V = v) = (1 - 1/e) e^-v: the number of exp(-1) trials passed before a failure. */
  private static long geometric(RandomBits bits) {
    for (long v = 0; v < MAX_GEOMETRIC; v++) {
      if (!Bernoulli.expMinus(bits, 1, 1)) {
        return v;
      }
    }
    throw Bernoulli.capReached("geometric draw");
  }

  @Override
  public String toString() {
    return "DiscreteLaplace[scale=" + scale + "]";
  }
}
