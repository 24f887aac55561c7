package org.elementvault.sandbox.protection;

import java.util.Objects;

/**
 * The noisy low-count filter: a group is released only if its distinct subjects reach a sticky
 * noisy threshold that is never below k.
 *
 * <p>The threshold is {@code k + |N|}, where N is the sum of two discrete Gaussian samples of SD 1
 * (so N has SD √2 and |N| averages 1.1): a static one seeded by the group's conditions as a whole
 * and a dynamic one seeded by them and the group's {@link SubjectSetDigest}, as Diffix Elm seeds
 * its threshold from the bucket and the AID set. A group passes if its subject count is at least
 * the threshold.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Never below k: a group of fewer than k subjects never passes, whatever the noise.
 *   <li>No sharp edge above k: a group of exactly k subjects passes only when N is zero (about 28%
 *       of subject sets), and the chance of passing rises over the next few counts, so whether a
 *       group just above k was released says little about whether one more person is in it. A group
 *       of k + 10 or more fails with probability below 10<sup>-12</sup>.
 *   <li>Sticky: the same conditions and subjects always get the same decision; a group that differs
 *       by one subject gets an independent threshold.
 *   <li>Immutable and thread-safe while the key is not destroyed.
 * </ul>
 */
public final class LowCountFilter {

  /** The smallest k: a single subject must never be released. */
  public static final int MIN_K = 2;

  private static final DiscreteGaussian LAYER = DiscreteGaussian.of(Ratio.ONE);

  private final NoiseKey key;
  private final int k;

  private LowCountFilter(NoiseKey key, int k) {
    this.key = key;
    this.k = k;
  }

  /**
   * The filter of threshold {@code k} (the element's k, at least the vault's floor).
   *
   * @throws IllegalArgumentException if {@code k} is below {@value #MIN_K}
   */
  public static LowCountFilter create(NoiseKey key, int k) {
    Objects.requireNonNull(key, "key");
    if (k < MIN_K) {
      throw new IllegalArgumentException("k must be at least " + MIN_K + ", got " + k);
    }
    return new LowCountFilter(key, k);
  }

  /** The lower bound of the threshold. */
  public int k() {
    return k;
  }

  /** Whether the group of these conditions and subjects may be released. */
  public boolean passes(NoiseLayers layers, SubjectSetDigest subjects) {
    return subjects.count() >= threshold(layers, subjects);
  }

  /** The group's noisy threshold, k plus the magnitude of the sticky threshold noise. */
  long threshold(NoiseLayers layers, SubjectSetDigest subjects) {
    Objects.requireNonNull(layers, "layers");
    Objects.requireNonNull(subjects, "subjects");
    SeedEncoder staticSeed = layers.addTo(SeedEncoder.of("threshold.static"));
    SeedEncoder dynamicSeed = subjects.addTo(layers.addTo(SeedEncoder.of("threshold.dynamic")));
    long noise =
        LAYER
            .sample(key.bits(staticSeed))
            .add(LAYER.sample(key.bits(dynamicSeed)))
            .abs()
            .longValueExact();
    return Math.addExact(k, noise);
  }
}
