package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** The noisy low-count filter: never below k, no sharp edge at k. */
class LowCountFilterTest {

  private static final long SEED = 20_251_108L;
  private static final int K = 10;

  private final NoiseKey key = TestingNoiseKeys.key(SEED);
  private final LowCountFilter filter = LowCountFilter.create(key, K);

  private static NoiseLayers layers(int group) {
    return NoiseLayers.of("zip = '" + group + "'");
  }

  @Test
  void passes_fewerThanKSubjects_never() {
    for (int count = 1; count < K; count++) {
      for (int group = 0; group < 200; group++) {
        SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "group-" + group, count);

        assertThat(filter.passes(layers(group), subjects)).isFalse();
      }
    }
  }

  @Test
  void passes_kPlusTenSubjects_always() {
    for (int group = 0; group < 1_000; group++) {
      SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "group-" + group, K + 10);

      assertThat(filter.passes(layers(group), subjects)).isTrue();
    }
  }

  /** At exactly k the answer is noisy: about 28 % of groups pass (the chance that N is 0). */
  @Test
  void passes_exactlyKSubjects_onlySometimes(TestReporter reporter) {
    int passed = 0;

    for (int group = 0; group < 1_000; group++) {
      SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "group-" + group, K);
      passed += filter.passes(layers(group), subjects) ? 1 : 0;
    }

    reporter.publishEntry("groups of exactly k passing, of 1,000, seed " + SEED, "" + passed);
    assertThat(passed).isBetween(230, 340);
  }

  @Test
  void threshold_manyGroups_averagesKPlusOne(TestReporter reporter) {
    long sum = 0;

    for (int group = 0; group < 1_000; group++) {
      sum += filter.threshold(layers(group), TestingNoiseKeys.subjects(key, "group-" + group, 12));
    }

    double mean = sum / 1_000.0;
    reporter.publishEntry("mean threshold over 1,000 groups, seed " + SEED, "" + mean);
    // E|N| = 1.08 with SD 0.84: the mean of 1,000 thresholds is k + 1.08 ± 0.03.
    assertThat(mean).isBetween(K + 0.98, K + 1.18);
  }

  @Test
  void passes_sameGroup_isSticky() {
    SubjectSetDigest subjects = TestingNoiseKeys.subjects(key, "resident", K + 1);
    long threshold = filter.threshold(layers(7), subjects);

    for (int rerun = 0; rerun < 100; rerun++) {
      LowCountFilter again = LowCountFilter.create(TestingNoiseKeys.key(SEED), K);

      assertThat(again.threshold(layers(7), subjects)).isEqualTo(threshold);
    }
  }

  @Test
  void create_kOfOne_isRejected() {
    assertThatThrownBy(() -> LowCountFilter.create(key, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be at least 2, got 1");
  }
}
