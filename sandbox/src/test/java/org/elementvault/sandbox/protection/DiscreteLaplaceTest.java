package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The exact discrete Laplace sampler against its distribution: a chi-square test over 100,000
 * samples per scale, from fixed seeds (a p-value below 0.001 fails).
 */
class DiscreteLaplaceTest {

  private static final long SEED = 20_251_101L;
  private static final int SAMPLES = 100_000;
  private static final double LEVEL = 0.001;

  /** P(x) = tanh(1/(2b)) exp(-|x|/b) for scale b. */
  private static LongToDoubleFunction pmf(Ratio scale) {
    double b = scale.numerator().doubleValue() / scale.denominator().doubleValue();
    double q = Math.exp(-1 / b);
    return x -> (1 - q) / (1 + q) * Math.pow(q, (double) Math.abs(x));
  }

  private static long[] samples(DiscreteLaplace laplace, RandomBits bits) {
    long[] samples = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      samples[i] = laplace.sample(bits).longValueExact();
    }
    return samples;
  }

  private static double pValue(Ratio scale, RandomBits bits, String source, TestReporter reporter) {
    long[] samples = samples(DiscreteLaplace.of(scale), bits);
    double p = GoodnessOfFit.pValue(samples, pmf(scale), 1_000);
    reporter.publishEntry("laplace scale " + scale + ", " + source, "p=" + p);
    return p;
  }

  @Test
  void sample_scaleThreeHalves_matchesExactDistribution(TestReporter reporter) {
    double p = pValue(Ratio.of(3, 2), TestingNoiseKeys.bits(SEED), "keyed seed " + SEED, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_scaleOneThird_matchesExactDistribution(TestReporter reporter) {
    double p =
        pValue(
            Ratio.of(1, 3), TestingNoiseKeys.bits(SEED + 1), "keyed seed " + (SEED + 1), reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_scaleTen_matchesExactDistribution(TestReporter reporter) {
    double p =
        pValue(
            Ratio.of(10, 1), TestingNoiseKeys.bits(SEED + 2), "keyed seed " + (SEED + 2), reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_secureRandomBits_matchesExactDistribution(TestReporter reporter)
      throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(SEED);

    double p = pValue(Ratio.of(7, 3), RandomBits.from(random), "SHA1PRNG seed " + SEED, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_sameKeyedBits_givesSameSamples() {
    DiscreteLaplace laplace = DiscreteLaplace.of(Ratio.of(5, 2));

    long[] first = samples(laplace, TestingNoiseKeys.bits(SEED));
    long[] second = samples(laplace, TestingNoiseKeys.bits(SEED));

    assertThat(first).isEqualTo(second);
  }

  @Test
  void of_zeroScale_isRejected() {
    assertThatThrownBy(() -> DiscreteLaplace.of(Ratio.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discrete Laplace scale must be above 0, got 0/1");
  }
}
