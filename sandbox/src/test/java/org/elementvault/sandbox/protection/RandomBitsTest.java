package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** Both bit sources: determinism of the keyed one, uniformity of both. */
class RandomBitsTest {

  private static final long SEED = 20_251_104L;
  private static final double LEVEL = 0.001;

  private static long[] draws(RandomBits bits, int width, int count) {
    long[] draws = new long[count];
    for (int i = 0; i < count; i++) {
      draws[i] = bits.nextBits(width);
    }
    return draws;
  }

  private static double uniformity(long[] bytes) {
    return GoodnessOfFit.pValue(bytes, x -> x >= 0 && x < 256 ? 1 / 256.0 : 0, 256);
  }

  @Test
  void keyed_sameSecretAndSeed_giveSameBits() {
    long[] first = draws(TestingNoiseKeys.bits(SEED), 37, 1_000);
    long[] second = draws(TestingNoiseKeys.bits(SEED), 37, 1_000);

    assertThat(first).isEqualTo(second);
  }

  @Test
  void keyed_otherSeed_givesOtherBits() {
    RandomBits one = RandomBits.keyed(TestingNoiseKeys.secret(SEED), bytes("seed one"));
    RandomBits two = RandomBits.keyed(TestingNoiseKeys.secret(SEED), bytes("seed two"));

    assertThat(draws(one, 63, 4)).isNotEqualTo(draws(two, 63, 4));
  }

  @Test
  void keyed_otherSecret_givesOtherBits() {
    RandomBits one = RandomBits.keyed(TestingNoiseKeys.secret(SEED), bytes("seed"));
    RandomBits two = RandomBits.keyed(TestingNoiseKeys.secret(SEED + 1), bytes("seed"));

    assertThat(draws(one, 63, 4)).isNotEqualTo(draws(two, 63, 4));
  }

  @Test
  void keyed_bytesAcrossWordBoundaries_areUniform(TestReporter reporter) {
    // Draws of 5 and 3 bits straddle the 64-bit words of the pool.
    RandomBits bits = TestingNoiseKeys.bits(SEED);
    long[] bytes = new long[256_000];

    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = bits.nextBits(5) | bits.nextBits(3) << 5;
    }

    double p = uniformity(bytes);
    reporter.publishEntry("keyed bytes seed " + SEED, "p=" + p);
    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void from_secureRandom_givesUniformBytes(TestReporter reporter) throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(SEED);

    double p = uniformity(draws(RandomBits.from(random), 8, 256_000));

    reporter.publishEntry("SecureRandom bytes seed " + SEED, "p=" + p);
    assertThat(p).isGreaterThan(LEVEL);
  }

  @Test
  void nextBits_sixtyThree_isNonNegative() {
    long[] draws = draws(TestingNoiseKeys.bits(SEED), 63, 1_000);

    assertThat(LongStream.of(draws).min().orElseThrow()).isNotNegative();
  }

  @Test
  void nextBits_sixtyFour_isRejected() {
    RandomBits bits = TestingNoiseKeys.bits(SEED);

    assertThatThrownBy(() -> bits.nextBits(64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bit count must be in [0, 63], got 64");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
