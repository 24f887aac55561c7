package org.elementvault.sandbox.protection;

import java.math.BigInteger;

/**
 * The samplers as first written, in BigInteger arithmetic throughout (Canonne, Kamath and Steinke
 * 2020, Algorithms 1 to 3): the reference the faster {@link DiscreteLaplace} and {@link
 * DiscreteGaussian} must match draw by draw, because sticky noise already released must stay the
 * same noise.
 */
final class ReferenceSamplers {

  private ReferenceSamplers() {}

  /** One discrete Laplace sample of {@code scale}. */
  static BigInteger laplace(Ratio scale, RandomBits bits) {
    BigInteger t = scale.numerator();
    BigInteger s = scale.denominator();
    while (true) {
      BigInteger u = uniformBelow(bits, t);
      if (!expMinus(bits, new Ratio(u, t))) {
        continue;
      }
      long v = 0;
      while (expMinus(bits, Ratio.ONE)) {
        v++;
      }
      BigInteger y = u.add(t.multiply(BigInteger.valueOf(v))).divide(s);
      boolean negative = bits.nextBits(1) == 1;
      if (negative && y.signum() == 0) {
        continue;
      }
      return negative ? y.negate() : y;
    }
  }

  /** One discrete Gaussian sample of parameter σ² = {@code variance}. */
  static BigInteger gaussian(Ratio variance, RandomBits bits) {
    BigInteger t = variance.floor().sqrt().add(BigInteger.ONE);
    BigInteger n = variance.numerator();
    BigInteger d = variance.denominator();
    BigInteger exponentDenominator = n.multiply(d).multiply(t).multiply(t).shiftLeft(1);
    while (true) {
      BigInteger y = laplace(new Ratio(t, BigInteger.ONE), bits);
      BigInteger gap = y.abs().multiply(d).multiply(t).subtract(n);
      if (expMinus(bits, new Ratio(gap.multiply(gap), exponentDenominator))) {
        return y;
      }
    }
  }

  private static BigInteger uniformBelow(RandomBits bits, BigInteger bound) {
    int width = bound.subtract(BigInteger.ONE).bitLength();
    while (true) {
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
  }

  private static boolean expMinus(RandomBits bits, Ratio gamma) {
    BigInteger whole = gamma.floor();
    for (BigInteger i = BigInteger.ZERO; i.compareTo(whole) < 0; i = i.add(BigInteger.ONE)) {
      if (!expMinusAtMostOne(bits, BigInteger.ONE, BigInteger.ONE)) {
        return false;
      }
    }
    BigInteger fraction = gamma.numerator().subtract(whole.multiply(gamma.denominator()));
    return expMinusAtMostOne(bits, fraction, gamma.denominator());
  }

  private static boolean expMinusAtMostOne(RandomBits bits, BigInteger n, BigInteger d) {
    for (int k = 1; ; k++) {
      if (uniformBelow(bits, d.multiply(BigInteger.valueOf(k))).compareTo(n) >= 0) {
        return k % 2 == 1;
      }
    }
  }
}
