package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ArrowColumnsTest {

  private static final long SEED = 20_261_205L;

  /** Seeded property: the fast conversion of a small decimal is BigDecimal's, bit for bit. */
  @Test
  void toDouble_seededSmallDecimals_equalsBigDecimalDoubleValue() {
    SecureRandom random = TestingRandom.seeded(SEED);
    long[] edges = {
      0, 1, -1, (1L << 53) - 1, 1L << 53, -(1L << 53), Long.MAX_VALUE, Long.MIN_VALUE
    };
    for (int round = 0; round < 20_000; round++) {
      long unscaled =
          round < edges.length ? edges[round] : random.nextLong() >> random.nextInt(Long.SIZE);
      int scale = random.nextInt(30);

      assertThat(ArrowColumns.toDouble(unscaled, scale))
          .as("seed %d, %d scale %d", SEED, unscaled, scale)
          .isEqualTo(BigDecimal.valueOf(unscaled, scale).doubleValue());
    }
  }
}
