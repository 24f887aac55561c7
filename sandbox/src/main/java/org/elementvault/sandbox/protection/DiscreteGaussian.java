package org.elementvault.sandbox.protection;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The discrete Gaussian distribution on the integers: P(x) proportional to exp(-x² / (2σ²)),
 * sampled exactly (Canonne, Kamath and Steinke 2020, Algorithm 3).
 *
 * <p>With t = floor(σ) + 1: draw Y from the discrete Laplace distribution of scale t and accept it
 * with probability exp(-(|Y| - σ²/t)² / (2σ²)). The acceptance exponent is a ratio of integers, so
 * the trial is exact.
 *
 * <p>Its variance is not exactly σ²: 0.9999998 for σ² = 1, equal to σ² within 10<sup>-14</sup>
 * relative for σ² of 2 and more, and visibly smaller below 1 (0.215 for σ² = 1/4).
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Exact, in integer arithmetic only: no floating-point value decides any sample.
 *   <li>Bounded: each round is accepted with probability above 0.45 (0.46 as σ tends to 0, 0.54 at
 *       σ² = 1, higher for larger σ), so a sample takes about two rounds on average; after {@value
 *       #MAX_ROUNDS} rounds (probability below 2<sup>-800</sup>) it throws {@link
 *       IllegalStateException} instead of returning a biased value.
 *   <li>Not constant-time: running time depends on the random bits, not on data.
 *   <li>Immutable and thread-safe; the {@link RandomBits} passed in are not.
 * </ul>
 */
public final class DiscreteGaussian {

  /** Rounds of the outer rejection loop before giving up. */
  public static final int MAX_ROUNDS = 1_000;

  private final Ratio variance;
  private final BigInteger t;
  private final DiscreteLaplace proposal;
  private final BigInteger varianceTimesT;
  private final BigInteger exponentDenominator;

  /**
   * σ²'s numerator, d·t and 2·n·d·t² as longs when they fit and the proposal samples in long
   * arithmetic, else 0: computed once per sampler, not per sample.
   */
  private final long smallNumerator;

  private final long smallVarianceTimesT;
  private final long smallExponentDenominator;

  private DiscreteGaussian(Ratio variance) {
    this.variance = variance;
    // floor(σ) is the largest m with m² <= σ², that is with m² <= floor(σ²).
    this.t = variance.floor().sqrt().add(BigInteger.ONE);
    this.proposal = DiscreteLaplace.of(new Ratio(t, BigInteger.ONE));
    BigInteger n = variance.numerator();
    BigInteger d = variance.denominator();
    // With σ² = n/d: (|y| - σ²/t)² / (2σ²) = (|y|·d·t - n)² / (2·n·d·t²).
    this.varianceTimesT = d.multiply(t);
    this.exponentDenominator = n.multiply(d).multiply(t).multiply(t).shiftLeft(1);
    boolean small = proposal.isSmall() && exponentDenominator.bitLength() < Long.SIZE;
    // n and d·t divide 2·n·d·t², so they fit whenever it does.
    this.smallNumerator = small ? n.longValueExact() : 0;
    this.smallVarianceTimesT = small ? varianceTimesT.longValueExact() : 0;
    this.smallExponentDenominator = small ? exponentDenominator.longValueExact() : 0;
  }

  /**
   * The discrete Gaussian with parameter σ² = {@code variance}.
   *
   * @throws IllegalArgumentException if {@code variance} is zero
   */
  public static DiscreteGaussian of(Ratio variance) {
    Objects.requireNonNull(variance, "variance");
    if (variance.isZero()) {
      throw new IllegalArgumentException("discrete Gaussian σ² must be above 0, got " + variance);
    }
    return new DiscreteGaussian(variance);
  }

  /** The parameter σ². */
  public Ratio variance() {
    return variance;
  }

  /** One sample. */
  public BigInteger sample(RandomBits bits) {
    Objects.requireNonNull(bits, "bits");
    return smallExponentDenominator > 0 ? BigInteger.valueOf(sampleSmall(bits)) : sampleLarge(bits);
  }

  /**
   * One sample in long arithmetic: the same trials on the same bounds as {@link #sampleLarge}, so
   * the same bits give the same value (sticky noise already released stays the same noise). A round
   * whose squared gap would overflow takes its acceptance trial in BigInteger arithmetic.
   */
  private long sampleSmall(RandomBits bits) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      long y = proposal.sampleSmall(bits);
      if (accepts(bits, y)) {
        return y;
      }
    }
    throw Bernoulli.capReached("discrete Gaussian rejection loop");
  }

  private boolean accepts(RandomBits bits, long y) {
    long gapSquared;
    try {
      long gap =
          Math.subtractExact(Math.multiplyExact(Math.abs(y), smallVarianceTimesT), smallNumerator);
      gapSquared = Math.multiplyExact(gap, gap);
    } catch (ArithmeticException overflow) {
      return acceptsLarge(bits, BigInteger.valueOf(y));
    }
    return Bernoulli.expMinus(bits, gapSquared, smallExponentDenominator);
  }

  /**
   * The acceptance trial, exp(-gap²/E) with E = 2·n·d·t², on the ratio in lowest terms as {@link
   * Ratio} would reduce it (the reduced denominator decides which bits the trial draws).
   */
  private boolean acceptsLarge(RandomBits bits, BigInteger y) {
    BigInteger gap = y.abs().multiply(varianceTimesT).subtract(variance.numerator()).abs();
    if (gap.bitLength() >= Long.SIZE) {
      return Bernoulli.expMinus(bits, new Ratio(gap.multiply(gap), exponentDenominator));
    }
    long a = gap.longValueExact();
    if (a == 0) {
      return Bernoulli.expMinusReduced(bits, BigInteger.ZERO, BigInteger.ONE);
    }
    // gcd(a², E) = g1·g2 with g1 = gcd(a, E) and g2 = gcd(a, E/g1): for each prime p both sides
    // hold p to the power min(2·v_p(a), v_p(E)). Two remainders by a long and two long gcds cost
    // far less than a BigInteger gcd of a² and E.
    BigInteger divisor = BigInteger.valueOf(a);
    long g1 = Bernoulli.gcd(a, exponentDenominator.mod(divisor).longValueExact());
    BigInteger afterFirst = exponentDenominator.divide(BigInteger.valueOf(g1));
    long g2 = Bernoulli.gcd(a, afterFirst.mod(divisor).longValueExact());
    return Bernoulli.expMinusReduced(
        bits,
        BigInteger.valueOf(a / g1).multiply(BigInteger.valueOf(a / g2)),
        afterFirst.divide(BigInteger.valueOf(g2)));
  }

  private BigInteger sampleLarge(RandomBits bits) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      BigInteger y = proposal.sample(bits);
      if (acceptsLarge(bits, y)) {
        return y;
      }
    }
    throw Bernoulli.capReached("discrete Gaussian rejection loop");
  }

  @Override
  public String toString() {
    return "DiscreteGaussian[variance=" + variance + "]";
  }
}
