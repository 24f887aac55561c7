package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Sticky layered noise in the manner of Open Diffix: pseudo-random noise that is a function of the
 * answer's meaning — the group it describes and who contributed what to it — never of how the
 * question was spelt, nor of when, by whom or how often it was asked.
 *
 * <p>Each layer of a {@link NoiseLayers} (a column that conditions read, the conditions' canonical
 * text, a group key's value) contributes two independent samples of a discrete Gaussian of standard
 * deviation {@code sd}:
 *
 * <ul>
 *   <li>a <em>static</em> sample seeded by the noise key (vault secret and dataset) and the layer's
 *       label only;
 *   <li>a <em>dynamic</em> sample seeded by the same and the contributions behind the number: the
 *       {@link SubjectSetDigest} of a count of subjects, or for a count of rows, a sum or an
 *       average, the {@link Contributors} themselves (who contributed, their number, exact total
 *       and largest shares — everything the flattened value depends on).
 * </ul>
 *
 * The noise is their sum, so its standard deviation is {@code sd·sqrt(2·L)} for L layers (√2 for a
 * count of the whole dataset, as in Diffix Elm's two layers of SD 1). Samples are drawn with {@link
 * DiscreteGaussian} from {@link RandomBits#keyed keyed bits}, on the grid of multiples of
 * 10<sup>-scale</sup>, so no floating-point value is involved.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Sticky: the same key, labels, contributions and scale always give the same noise, in any
 *       run, element or tenant, so asking again (or through another element) cannot average it
 *       away.
 *   <li>Hard to average: a phantom value or an ineffective clause can change only the text layer;
 *       the column and key layers keep their samples (static by label, dynamic by contributions),
 *       so averaging many spellings converges to the truth plus those, not to the truth.
 *   <li>Differencing-resistant: two answers whose contributions differ — by one person, or by one
 *       row of a person who stays in — get independent dynamic samples, so their difference carries
 *       noise of SD {@code sd·sqrt(2·L)} (the static samples cancel), not the exact contribution of
 *       what differs.
 *   <li>Not differential privacy: many different questions can still be combined; this is the
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
   * sqrt(2·L). For a count of rows, flatten the per-subject row counts and use {@link
   * #noise(NoiseLayers, Contributors, BigDecimal, int)} with the flattened noise SD.
   */
  public long countNoise(NoiseLayers layers, SubjectSetDigest subjects) {
    Objects.requireNonNull(subjects, "subjects");
    return noise(layers, subjects::addTo, BigDecimal.ONE, COUNT_SCALE).longValueExact();
  }

  /**
   * The noise of an aggregate over {@code contributors} whose per-layer standard deviation is
   * {@code sd} (for a sum, the {@link FlattenedSum#noiseSd()}), drawn on the grid of multiples of
   * 10<sup>-scale</sup>; zero if {@code sd} is zero.
   *
   * @param scale the number of decimal places of the result, in [0, {@value #MAX_SCALE}]
   */
  public BigDecimal noise(NoiseLayers layers, Contributors contributors, BigDecimal sd, int scale) {
    Objects.requireNonNull(contributors, "contributors");
    return noise(layers, contributors::addTo, sd, scale);
  }

  /**
   * As {@link #noise(NoiseLayers, Contributors, BigDecimal, int)}, with only the contributing
   * subjects behind the dynamic samples (a count of subjects' noise at another grid or SD).
   */
  public BigDecimal noise(NoiseLayers layers, SubjectSetDigest subjects, BigDecimal sd, int scale) {
    Objects.requireNonNull(subjects, "subjects");
    return noise(layers, subjects::addTo, sd, scale);
  }

  private BigDecimal noise(
      NoiseLayers layers, UnaryOperator<SeedEncoder> contributions, BigDecimal sd, int scale) {
    Objects.requireNonNull(layers, "layers");
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
        staticPart(layers, gaussian).add(dynamicPart(layers, contributions, gaussian)), scale);
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
  BigInteger dynamicPart(
      NoiseLayers layers, UnaryOperator<SeedEncoder> contributions, DiscreteGaussian gaussian) {
    // The contributions end every layer's seed: encoded once, not once per layer.
    SeedEncoder contributed = contributions.apply(SeedEncoder.fields());
    BigInteger sum = BigInteger.ZERO;
    for (String layer : layers.layers()) {
      SeedEncoder seed = SeedEncoder.of("noise.dynamic").add(layer).addFields(contributed);
      sum = sum.add(gaussian.sample(key.bits(seed)));
    }
    return sum;
  }
}
