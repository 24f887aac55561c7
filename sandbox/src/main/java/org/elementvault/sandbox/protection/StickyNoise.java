package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Sticky layered noise in the manner of Open Diffix: pseudo-random noise that is a function of the
 * question and of who answers it, never of when, by whom or how often it is asked.
 *
 * <p>Each layer of a {@link NoiseLayers} contributes two independent samples of a discrete Gaussian
 * of standard deviation {@code sd}:
 *
 * <ul>
 *   <li>a <em>static</em> sample seeded by the noise key (vault secret and dataset) and the layer's
 *       condition text only;
 *   <li>a <em>dynamic</em> sample seeded by the same and the {@link SubjectSetDigest} of the
 *       group's subjects.
 * </ul>
 *
 * The noise is their sum, so its standard deviation is {@code sd·sqrt(2·L)} for L layers (√2 for a
 * count with one condition, as in Diffix Elm's two layers of SD 1). Samples are drawn with {@link
 * DiscreteGaussian} from {@link RandomBits#keyed keyed bits}, on the grid of multiples of
 * 10<sup>-scale</sup>, so no floating-point value is involved.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Sticky: the same key, layers, subjects and scale always give the same noise, in any run,
 *       element or tenant, so asking again (or through another element) cannot average it away.
 *   <li>Differencing-resistant: two groups whose subject sets differ (by one person or more) get
 *       independent dynamic samples, so the difference of their answers carries noise of SD {@code
 *       sd·sqrt(2·L)}, not the exact contribution of the person.
 *   <li>Condition-bound: the static samples depend on the conditions alone, so averaging many
 *       answers that share their conditions but not their subjects (each made to differ by some
 *       harmless extra subject) removes at most the dynamic samples; the static ones stay. Adding a
 *       condition adds a layer, with fresh samples of its own.
 *   <li>Not differential privacy: repeated different questions can still be combined; this is the
 *       default {@code protection: noise} mechanism, together with {@link Flattening} and {@link
 *       LowCountFilter}.
 *   <li>Immutable and thread-safe while the key is not destroyed.
 * </ul>
 */
public final class StickyNoise {

  /** The grid of a count: whole numbers. */
  public static final int COUNT_SCALE = 0;

  /** The finest grid noise may be drawn on. */
  public static final int MAX_SCALE = 38;

  private final NoiseKey key;

  private StickyNoise(NoiseKey key) {
    this.key = key;
  }

  /** Sticky noise under {@code key}. */
  public static StickyNoise create(NoiseKey key) {
    return new StickyNoise(Objects.requireNonNull(key, "key"));
  }

  /**
   * The noise of a count of distinct subjects: each layer sample has SD 1, so the noise has SD
   * sqrt(2·L). For a count of rows, flatten the per-subject row counts and use {@link #noise} with
   * the flattened noise SD.
   */
  public long countNoise(NoiseLayers layers, SubjectSetDigest subjects) {
    return noise(layers, subjects, BigDecimal.ONE, COUNT_SCALE).longValueExact();
  }

  /**
   * The noise of an aggregate whose per-layer standard deviation is {@code sd} (for a sum, the
   * {@link FlattenedSum#noiseSd()}), drawn on the grid of multiples of 10<sup>-scale</sup>; zero if
   * {@code sd} is zero.
   *
   * @param scale the number of decimal places of the result, in [0, {@value #MAX_SCALE}]
   */
  public BigDecimal noise(NoiseLayers layers, SubjectSetDigest subjects, BigDecimal sd, int scale) {
    Objects.requireNonNull(layers, "layers");
    Objects.requireNonNull(subjects, "subjects");
    Objects.requireNonNull(sd, "sd");
    if (sd.signum() < 0) {
      throw new IllegalArgumentException("noise SD must be at least 0, got " + sd);
    }
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException(
          "noise scale must be in [0, " + MAX_SCALE + "], got " + scale);
    }
    if (sd.signum() == 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    BigDecimal gridSd = sd.movePointRight(scale);
    DiscreteGaussian gaussian = DiscreteGaussian.of(Ratio.of(gridSd.multiply(gridSd)));
    return new BigDecimal(
        staticPart(layers, gaussian).add(dynamicPart(layers, subjects, gaussian)), scale);
  }

  /** The sum of the static samples, one per layer. */
  BigInteger staticPart(NoiseLayers layers, DiscreteGaussian gaussian) {
    BigInteger sum = BigInteger.ZERO;
    for (String layer : layers.layers()) {
      sum = sum.add(gaussian.sample(key.bits(SeedEncoder.of("noise.static").add(layer))));
    }
    return sum;
  }

  /** The sum of the dynamic samples, one per layer. */
  BigInteger dynamicPart(NoiseLayers layers, SubjectSetDigest subjects, DiscreteGaussian gaussian) {
    BigInteger sum = BigInteger.ZERO;
    for (String layer : layers.layers()) {
      SeedEncoder seed = subjects.addTo(SeedEncoder.of("noise.dynamic").add(layer));
      sum = sum.add(gaussian.sample(key.bits(seed)));
    }
    return sum;
  }
}
