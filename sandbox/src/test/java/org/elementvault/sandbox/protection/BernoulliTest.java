package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** The exact Bernoulli trials and uniform draws under the samplers, from fixed seeds. */
class BernoulliTest {

  private static final long SEED = 20_251_103L;
  private static final int TRIALS = 200_000;
  private static final double LEVEL = 0.001;

  private static double expMinusPValue(Ratio gamma, long seed, TestReporter reporter) {
    RandomBits bits = TestingNoiseKeys.bits(seed);
    long successes = 0;
    for (int i = 0; i < TRIALS; i++) {
      successes += Bernoulli.expMinus(bits, gamma) ? 1 : 0;
    }
    double p = Math.exp(-gamma.numerator().doubleValue() / gamma.denominator().doubleValue());
    double expected = TRIALS * p;
    double chiSquare =
        Math.pow(successes - expected, 2) / expected
            + Math.pow(successes - expected, 2) / (TRIALS - expected);
    double pValue = GoodnessOfFit.chiSquarePValue(chiSquare, 1);
    reporter.publishEntry("exp(-" + gamma + ") seed " + seed, "p=" + pValue);
    return pValue;
  }

  @Test
  void expMinus_gammaOneThird_succeedsWithProbabilityExpMinusOneThird(TestReporter reporter) {
    double p = expMinusPValue(Ratio.of(1, 3), SEED, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void expMinus_gammaSevenHalves_succeedsWithProbabilityExpMinusSevenHalves(TestReporter reporter) {
    double p = expMinusPValue(Ratio.of(7, 2), SEED + 1, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void expMinus_gammaZero_alwaysSucceeds() {
    RandomBits bits = TestingNoiseKeys.bits(SEED);

    for (int i = 0; i < 1_000; i++) {
      assertThat(Bernoulli.expMinus(bits, Ratio.ZERO)).isTrue();
    }
  }

  @Test
  void uniformBelow_boundSix_isUniform(TestReporter reporter) {
    RandomBits bits = TestingNoiseKeys.bits(SEED + 2);
    long[] samples = new long[60_000];

    for (int i = 0; i < samples.length; i++) {
      samples[i] = Bernoulli.uniformBelow(bits, 6L);
    }

    double p = GoodnessOfFit.pValue(samples, x -> x >= 0 && x < 6 ? 1 / 6.0 : 0, 6);
    reporter.publishEntry("uniform below 6 seed " + (SEED + 2), "p=" + p);
    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void uniformBelow_boundAboveLongRange_isUniform(TestReporter reporter) {
    RandomBits bits = TestingNoiseKeys.bits(SEED + 3);
    BigInteger unit = BigInteger.ONE.shiftLeft(70);
    long[] thirds = new long[30_000];

    for (int i = 0; i < thirds.length; i++) {
      BigInteger value = Bernoulli.uniformBelow(bits, unit.multiply(BigInteger.valueOf(3)));
      thirds[i] = value.divide(unit).longValueExact();
    }

    double p = GoodnessOfFit.pValue(thirds, x -> x >= 0 && x < 3 ? 1 / 3.0 : 0, 3);
    reporter.publishEntry("uniform below 3·2^70 seed " + (SEED + 3), "p=" + p);
    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void uniformBelow_zeroBound_isRejected() {
    RandomBits bits = TestingNoiseKeys.bits(SEED);

    assertThatThrownBy(() -> Bernoulli.uniformBelow(bits, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bound must be at least 1, got 0");
  }

  /**
   * The binary GCD against BigInteger's, on seeded pairs of every size, zeros and powers of two.
   */
  @Test
  void gcd_seededPairs_equalsBigIntegerGcd() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(20_261_205L);
    for (int i = 0; i < 100_000; i++) {
      long common = 1L << random.nextInt(20);
      long a = random.nextInt(10) == 0 ? 0 : random.nextLong(1L << random.nextInt(1, 63)) * common;
      long b =
          random.nextLong(1, 1L << random.nextInt(1, 63)) * (random.nextBoolean() ? common : 1);
      if (a < 0 || b < 0) {
        continue; // the product overflowed: not an input gcd takes
      }

      assertThat(Bernoulli.gcd(a, b))
          .as("gcd(%d, %d)", a, b)
          .isEqualTo(BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).longValueExact());
      assertThat(Bernoulli.gcd(b, a)).isEqualTo(Bernoulli.gcd(a, b));
    }
    assertThat(Bernoulli.gcd(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isEqualTo(1);
    assertThat(Bernoulli.gcd(0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
