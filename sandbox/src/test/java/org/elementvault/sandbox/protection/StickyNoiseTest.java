package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** Sticky layered noise: the same question gets the same answer, other subjects other noise. */
class StickyNoiseTest {

  private static final long SEED = 20_251_106L;
  private static final NoiseLayers ONE_CONDITION = NoiseLayers.of("city = 'Hangzhou'");

  private final NoiseKey key = TestingNoiseKeys.key(SEED);
  private final StickyNoise noise = StickyNoise.create(key);

  @Test
  void countNoise_hundredReruns_areIdentical() {
    SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "resident", 40);
    long first = noise.countNoise(ONE_CONDITION, subjects);

    for (int rerun = 0; rerun < 100; rerun++) {
      NoiseKey rederived = TestingNoiseKeys.key(SEED);
      SubjectSetDigest sameSubjects = TestingNoiseKeys.subjects(rederived, "resident", 40);

      long again = StickyNoise.create(rederived).countNoise(ONE_CONDITION, sameSubjects);

      assertThat(again).isEqualTo(first);
    }
  }

  @Test
  void countNoise_conditionsReorderedOrRepeated_isUnchanged() {
    SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "resident", 40);
    NoiseLayers layers = NoiseLayers.of("age_band(age) = '30-39'", "city = 'Hangzhou'");
    NoiseLayers respelled =
        NoiseLayers.of("city = 'Hangzhou'", "age_band(age) = '30-39'", "city = 'Hangzhou'");

    for (int i = 0; i < 100; i++) {
      SubjectSetDigest group = subjects.plus(key.subject("member-" + i));
      assertThat(noise.countNoise(respelled, group)).isEqualTo(noise.countNoise(layers, group));
    }
  }

  /**
   * Two groups that differ by one subject: the difference of their answers is noise of SD √2 (two
   * independent dynamic samples of SD 1), not the person's exact contribution.
   */
  @Test
  void countNoise_subjectSetsDifferingByOne_haveIndependentDynamicNoise(TestReporter reporter) {
    int pairs = 1_000;
    DiscreteGaussian layer = DiscreteGaussian.of(Ratio.ONE);
    long[] differences = new long[pairs];
    long[] without = new long[pairs];
    long[] with = new long[pairs];

    for (int i = 0; i < pairs; i++) {
      SubjectSetDigest group = TestingNoiseKeys.subjects(key, "group-" + i, 20);
      SubjectSetDigest plusOne = group.plus(key.subject("target-" + i));
      differences[i] =
          noise.countNoise(ONE_CONDITION, plusOne) - noise.countNoise(ONE_CONDITION, group);
      without[i] = noise.dynamicPart(ONE_CONDITION, group::addTo, layer).longValueExact();
      with[i] = noise.dynamicPart(ONE_CONDITION, plusOne::addTo, layer).longValueExact();
    }

    double sd = GoodnessOfFit.standardDeviation(differences);
    double correlation = GoodnessOfFit.correlation(without, with);
    reporter.publishEntry("pairs differing by one, seed " + SEED, "sd=" + sd + " r=" + correlation);
    // Standard errors for 1,000 pairs: 0.032 for the SD, 0.032 for the correlation.
    assertThat(sd).isCloseTo(Math.sqrt(2), within(0.1));
    assertThat(correlation).isCloseTo(0, within(0.1));
  }

  /**
   * The noise of a sum is the sum of each layer's static and dynamic samples, each drawn from the
   * stream of its own seed: the layer, then for a dynamic one the contributions. Pins the seeds.
   */
  @Test
  void noise_contributors_isTheSumOfEachLayersSamples() {
    NoiseLayers layers = NoiseLayers.of("age = 30", "city = 'Hangzhou'", "key gender = F");
    DiscreteGaussian gaussian = DiscreteGaussian.of(Ratio.of(new BigDecimal("123.45678").pow(2)));
    for (int group = 0; group < 50; group++) {
      Contributors contributors = new Contributors();
      for (int i = 0; i < 20 + group; i++) {
        contributors.add(
            key.subject("member-" + group + "-" + i), BigDecimal.valueOf(100 + 7L * i));
      }
      BigInteger expected = BigInteger.ZERO;
      for (String layer : layers.layers()) {
        RandomBits staticBits = key.bits(SeedEncoder.of("noise.static").add(layer));
        RandomBits dynamicBits =
            key.bits(contributors.addTo(SeedEncoder.of("noise.dynamic").add(layer)));
        expected = expected.add(gaussian.sample(staticBits)).add(gaussian.sample(dynamicBits));
      }

      BigDecimal drawn = noise.noise(layers, contributors, new BigDecimal("123.45678"), 0);

      assertThat(drawn).isEqualTo(new BigDecimal(expected));
    }
  }

  @Test
  void countNoise_manyQuestions_hasStandardDeviationSqrtTwoPerLayer(TestReporter reporter) {
    int questions = 2_000;
    long[] oneLayer = new long[questions];
    long[] threeLayers = new long[questions];
    SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "resident", 30);

    for (int i = 0; i < questions; i++) {
      NoiseLayers single = NoiseLayers.of("zip = '" + i + "'");
      NoiseLayers triple =
          NoiseLayers.of("zip = '" + i + "'", "street = '" + i + "'", "year = " + i);
      oneLayer[i] = noise.countNoise(single, subjects);
      threeLayers[i] = noise.countNoise(triple, subjects);
    }

    double sdOne = GoodnessOfFit.standardDeviation(oneLayer);
    double sdThree = GoodnessOfFit.standardDeviation(threeLayers);
    reporter.publishEntry(
        "count noise over 2,000 questions, seed " + SEED, sdOne + " / " + sdThree);
    // Relative standard error of a sample SD over 2,000 draws: 1.6 %.
    assertThat(sdOne).isCloseTo(Math.sqrt(2), within(0.08));
    assertThat(sdThree).isCloseTo(Math.sqrt(6), within(0.14));
  }

  @Test
  void countNoise_noCondition_stillHasStaticAndDynamicLayers() {
    NoiseLayers none = new NoiseLayers(List.of());
    long[] answers = new long[200];

    for (int i = 0; i < answers.length; i++) {
      answers[i] = noise.countNoise(none, TestingNoiseKeys.subjects(key, "group-" + i, 20));
    }

    assertThat(GoodnessOfFit.standardDeviation(answers)).isGreaterThan(0.5);
  }

  @Test
  void countNoise_otherDataset_isUncorrelated(TestReporter reporter) {
    StickyNoise other = StickyNoise.create(NoiseKey.derive(TestingNoiseKeys.secret(SEED), "other"));
    long[] here = new long[1_000];
    long[] there = new long[1_000];

    for (int i = 0; i < here.length; i++) {
      NoiseLayers layers = NoiseLayers.of("zip = '" + i + "'");
      SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "group-" + i, 5);
      here[i] = noise.countNoise(layers, subjects);
      there[i] = other.countNoise(layers, subjects);
    }

    double correlation = GoodnessOfFit.correlation(here, there);
    reporter.publishEntry("two datasets, seed " + SEED, "r=" + correlation);
    assertThat(correlation).isCloseTo(0, within(0.1));
  }

  @Test
  void noise_decimalScale_isOnTheGridWithScaledSd(TestReporter reporter) {
    BigDecimal sd = new BigDecimal("250.5");
    long[] cents = new long[2_000];

    for (int i = 0; i < cents.length; i++) {
      NoiseLayers layers = NoiseLayers.of("zip = '" + i + "'");
      BigDecimal value = noise.noise(layers, SubjectSetDigest.EMPTY, sd, 2);
      assertThat(value.scale()).isEqualTo(2);
      cents[i] = value.unscaledValue().longValueExact();
    }

    double measured = GoodnessOfFit.standardDeviation(cents) / 100;
    reporter.publishEntry("sum noise, SD 250.5 per layer, seed " + SEED, "sd=" + measured);
    assertThat(measured).isCloseTo(250.5 * Math.sqrt(2), within(250.5 * Math.sqrt(2) * 0.05));
  }

  @Test
  void noise_zeroSd_isZero() {
    BigDecimal value = noise.noise(ONE_CONDITION, SubjectSetDigest.EMPTY, BigDecimal.ZERO, 2);

    assertThat(value).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void noise_negativeSd_isRejected() {
    assertThatThrownBy(
            () -> noise.noise(ONE_CONDITION, SubjectSetDigest.EMPTY, BigDecimal.ONE.negate(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noise SD must be at least 0, got -1");
  }

  @Test
  void noiseLayers_emptyCondition_isRejected() {
    assertThatThrownBy(() -> NoiseLayers.of("city = 'Hangzhou'", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a noise layer condition must not be empty");
  }
}
