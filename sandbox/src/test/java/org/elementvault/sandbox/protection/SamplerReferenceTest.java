package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The samplers against {@link ReferenceSamplers}, their first BigInteger form: from the same bits
 * they must draw the same values and leave the stream at the same place, for every seed and
 * parameter, because a sticky noise value once released must never change (a changed value next to
 * the old one would let a caller average the two).
 */
class SamplerReferenceTest {

  private static final long SEED = 20_261_205L;
  private static final int SEEDS = 200;
  private static final int DRAWS_PER_SEED = 50;

  /** Scales on both sides of the long arithmetic limit, whole and fractional. */
  private static final List<Ratio> LAPLACE_SCALES =
      List.of(
          Ratio.ONE,
          Ratio.of(1, 3),
          Ratio.of(3, 2),
          Ratio.of(7, 1),
          Ratio.of(1_000_000, 7),
          Ratio.of(Long.MAX_VALUE / 1_001, 1),
          Ratio.of(Long.MAX_VALUE / 1_001 + 1, 1),
          new Ratio(BigInteger.ONE.shiftLeft(70).add(BigInteger.ONE), BigInteger.valueOf(3)),
          new Ratio(BigInteger.valueOf(5), BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE)));

  /**
   * Variances of counts (1), of sums' noise on a grid (eight significant digits of SD, squared),
   * and ones whose terms overflow a long in some rounds or in all of them.
   */
  private static final List<Ratio> GAUSSIAN_VARIANCES =
      List.of(
          Ratio.ONE,
          Ratio.of(1, 4),
          Ratio.of(5, 2),
          Ratio.of(76, 3),
          Ratio.of(new BigDecimal("3.1415927").pow(2)),
          Ratio.of(new BigDecimal("123.45678").pow(2)),
          Ratio.of(new BigDecimal("12345.678").pow(2)),
          Ratio.of(1_000_000_000_000L, 1),
          Ratio.of(3_037_000_499L, 1),
          Ratio.of(new BigDecimal("1E+20")));

  @Test
  void laplaceSample_sameBits_drawsTheReferenceValues() {
    for (Ratio scale : LAPLACE_SCALES) {
      DiscreteLaplace laplace = DiscreteLaplace.of(scale);

      assertSameDraws(
          "laplace " + scale, laplace::sample, bits -> ReferenceSamplers.laplace(scale, bits));
    }
  }

  @Test
  void gaussianSample_sameBits_drawsTheReferenceValues() {
    for (Ratio variance : GAUSSIAN_VARIANCES) {
      DiscreteGaussian gaussian = DiscreteGaussian.of(variance);

      assertSameDraws(
          "gaussian " + variance,
          gaussian::sample,
          bits -> ReferenceSamplers.gaussian(variance, bits));
    }
  }

  @Test
  void gaussianSample_keyedBits_drawsTheReferenceValues() {
    for (long seed = SEED; seed < SEED + 20; seed++) {
      RandomBits fast = TestingNoiseKeys.bits(seed);
      RandomBits reference = TestingNoiseKeys.bits(seed);

      for (int draw = 0; draw < DRAWS_PER_SEED; draw++) {
        assertThat(DiscreteGaussian.of(Ratio.ONE).sample(fast))
            .as("seed %d draw %d", seed, draw)
            .isEqualTo(ReferenceSamplers.gaussian(Ratio.ONE, reference));
      }
      assertThat(fast.nextBits(RandomBits.MAX_BITS))
          .isEqualTo(reference.nextBits(RandomBits.MAX_BITS));
    }
  }

  private static void assertSameDraws(
      String sampler,
      Function<RandomBits, BigInteger> fast,
      Function<RandomBits, BigInteger> reference) {
    for (long seed = SEED; seed < SEED + SEEDS; seed++) {
      RandomBits fastBits = seeded(seed);
      RandomBits referenceBits = seeded(seed);
      for (int draw = 0; draw < DRAWS_PER_SEED; draw++) {
        assertThat(fast.apply(fastBits))
            .as("%s seed %d draw %d", sampler, seed, draw)
            .isEqualTo(reference.apply(referenceBits));
      }
      // The same bits consumed, to the bit: the next draw of either starts at the same place.
      assertThat(fastBits.nextBits(RandomBits.MAX_BITS))
          .as("%s seed %d stream position", sampler, seed)
          .isEqualTo(referenceBits.nextBits(RandomBits.MAX_BITS));
    }
  }

  /** A cheap seeded bit stream, cut into requests as the real sources cut theirs. */
  private static RandomBits seeded(long seed) {
    BitPool pool = new BitPool(new SplittableRandom(seed)::nextLong);
    return pool::nextBits;
  }
}
