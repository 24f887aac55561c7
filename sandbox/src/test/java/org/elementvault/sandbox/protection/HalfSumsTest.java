package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sums of words kept as sums of their halves join into the exact sum modulo 2^128. */
class HalfSumsTest {

  private static final long SEED = 20_261_205L;
  private static final BigInteger WORD = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(128);

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> SEED + i);
  }

  /** Words of every size, the largest unsigned ones included, in runs long enough to carry. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void lowAndHigh_halvesOfRandomWords_equalExactSum(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int count = random.nextInt(1, 5_000);
    long lowHalves = 0;
    long highHalves = 0;
    BigInteger exact = BigInteger.ZERO;
    for (int i = 0; i < count; i++) {
      long word =
          switch (random.nextInt(4)) {
            case 0 -> -1L;
            case 1 -> random.nextLong(1L << 32);
            default -> random.nextLong();
          };
      lowHalves += word & HalfSums.LOW_HALF;
      highHalves += word >>> 32;
      exact = exact.add(unsigned(word));
    }

    BigInteger joined =
        unsigned(HalfSums.high(lowHalves, highHalves))
            .shiftLeft(64)
            .add(unsigned(HalfSums.low(lowHalves, highHalves)));

    assertThat(joined).isEqualTo(exact.mod(MODULUS));
  }

  private static BigInteger unsigned(long word) {
    BigInteger value = BigInteger.valueOf(word);
    return word >= 0 ? value : value.add(WORD);
  }
}
