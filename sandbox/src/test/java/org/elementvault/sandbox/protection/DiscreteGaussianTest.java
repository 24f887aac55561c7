package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The exact discrete Gaussian sampler against its distribution: a chi-square test over 100,000
 * samples per σ², from fixed seeds (a p-value below 0.001 fails).
 */
class DiscreteGaussianTest {

  private static final long SEED = 20_251_102L;
  private static final int SAMPLES = 100_000;
  private static final double LEVEL = 0.001;

  /** P(x) = exp(-x²/(2σ²)) / Z, Z summed over the support. */
  private static LongToDoubleFunction pmf(Ratio variance, long support) {
    double sigmaSquared = variance.numerator().doubleValue() / variance.denominator().doubleValue();
    double normalizer = 0;
    for (long x = -support; x <= support; x++) {
      normalizer += Math.exp(-(double) x * x / (2 * sigmaSquared));
    }
    double z = normalizer;
    return x -> Math.exp(-(double) x * x / (2 * sigmaSquared)) / z;
  }

  private static long[] samples(Ratio variance, long seed, int count) {
    DiscreteGaussian gaussian = DiscreteGaussian.of(variance);
    RandomBits bits = TestingNoiseKeys.bits(seed);
    long[] samples = new long[count];
    for (int i = 0; i < count; i++) {
      samples[i] = gaussian.sample(bits).longValueExact();
    }
    return samples;
  }

  private static double pValue(Ratio variance, long seed, TestReporter reporter) {
    long[] samples = samples(variance, seed, SAMPLES);
    double p = GoodnessOfFit.pValue(samples, pmf(variance, 1_000), 1_000);
    reporter.publishEntry(
        "gaussian variance " + variance + " seed " + seed,
        "p=" + p + " sd=" + GoodnessOfFit.standardDeviation(samples));
    return p;
  }

  @Test
  void sample_varianceOne_matchesExactDistribution(TestReporter reporter) {
    double p = pValue(Ratio.ONE, SEED, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_varianceFiveHalves_matchesExactDistribution(TestReporter reporter) {
    double p = pValue(Ratio.of(5, 2), SEED + 1, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_varianceOneQuarter_matchesExactDistribution(TestReporter reporter) {
    double p = pValue(Ratio.of(1, 4), SEED + 2, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_varianceTwentyFiveAndAThird_matchesExactDistribution(TestReporter reporter) {
    double p = pValue(Ratio.of(76, 3), SEED + 3, reporter);

    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void sample_varianceOneTrillion_hasStandardDeviationOneMillion(TestReporter reporter) {
    long[] samples = samples(Ratio.of(1_000_000_000_000L, 1), SEED + 4, 20_000);

    double sd = GoodnessOfFit.standardDeviation(samples);
    double mean = GoodnessOfFit.mean(samples);
    reporter.publishEntry(
        "gaussian variance 1e12 seed " + (SEED + 4), "sd=" + sd + " mean=" + mean);

    // The sample SD of 20,000 draws has a relative standard error of 0.5 %.
    assertThat(sd).isCloseTo(1_000_000, within(25_000.0));
    assertThat(mean).isCloseTo(0, within(30_000.0));
  }

  @Test
  void of_zeroVariance_isRejected() {
    assertThatThrownBy(() -> DiscreteGaussian.of(Ratio.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discrete Gaussian σ² must be above 0, got 0/1");
  }
}
