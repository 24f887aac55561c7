package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contributors added a column at a time equal, exactly, those of the same subjects added one at a
 * time: every side's count, total and largest shares, the subject digest and the flattened sum.
 */
class ContributorColumnsTest {

  private static final long SEED = 20_261_206L;

  private final Flattening flattening = Flattening.create(TestingNoiseKeys.key(SEED));

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> SEED + i);
  }

  /**
   * Random batches over a few groups: ties at a full side's floor (also of equal upper hash words),
   * zeros, both signs, Long.MIN_VALUE and MAX_VALUE, and totals that overflow a long.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void add_randomBatches_equalsAddingOneAtATime(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int scale = random.nextInt(4);
    int groupCount = 1 + random.nextInt(5);
    ContributorColumns columns = new ContributorColumns(scale);
    columns.ensure(groupCount);
    List<Contributors> oneAtATime = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      oneAtATime.add(new Contributors(scale));
    }
    long[] sharedHighs = {random.nextLong(), random.nextLong(), 0, -1};
    long[] amountPool = amountPool(random);
    int batches = 1 + random.nextInt(6);
    for (int b = 0; b < batches; b++) {
      int rows = random.nextInt(400);
      long[] words = new long[2 * rows];
      int[] selection = new int[rows];
      int[] groupIds = new int[rows];
      long[] unscaled = new long[rows];
      int count = 0;
      for (int row = 0; row < rows; row++) {
        words[2 * row] =
            random.nextInt(4) == 0
                ? sharedHighs[random.nextInt(sharedHighs.length)]
                : random.nextLong();
        words[2 * row + 1] = random.nextLong();
        if (random.nextInt(3) > 0) { // a selection skips rows
          selection[count] = row;
          groupIds[count] = random.nextInt(groupCount);
          unscaled[count] = amountPool[random.nextInt(amountPool.length)];
          oneAtATime.get(groupIds[count]).add(words[2 * row], words[2 * row + 1], unscaled[count]);
          count++;
        }
      }

      columns.add(words, selection, groupIds, unscaled, count);
    }

    for (int g = 0; g < groupCount; g++) {
      assertSame(columns.contributors(g), oneAtATime.get(g));
    }
  }

  /** A count's column (every contribution one, ties at the floor but for the subject) as Q3's. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void add_countedRows_equalsAddingOneAtATime(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ContributorColumns columns = new ContributorColumns(0);
    columns.ensure(1);
    Contributors oneAtATime = new Contributors();
    int rows = random.nextInt(2_000);
    long[] words = random.longs(2L * rows).toArray();
    int[] selection = new int[rows];
    long[] ones = new long[rows];
    for (int row = 0; row < rows; row++) {
      selection[row] = row;
      ones[row] = 1;
      oneAtATime.add(words[2 * row], words[2 * row + 1], 1);
    }

    columns.add(words, selection, new int[rows], ones, rows);

    assertSame(columns.contributors(0), oneAtATime);
  }

  @Test
  void add_groupNotMade_isRejected() {
    ContributorColumns columns = new ContributorColumns(0);
    columns.ensure(2);

    assertThatThrownBy(
            () -> columns.add(new long[2], new int[] {0}, new int[] {2}, new long[] {1}, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void new_scaleOutOfRange_isRejected() {
    assertThatThrownBy(() -> new ContributorColumns(StickyNoise.MAX_SCALE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "contribution scale must be in [0, "
                + StickyNoise.MAX_SCALE
                + "], got "
                + (StickyNoise.MAX_SCALE + 1));
  }

  @Test
  void toString_columns_isRedacted() {
    ContributorColumns columns = new ContributorColumns(0);
    columns.ensure(3);

    assertThat(columns).hasToString("ContributorColumns[groups=3, contributions=redacted]");
  }

  private static long[] amountPool(SplittableRandom random) {
    long spread = random.nextBoolean() ? 5 : Long.MAX_VALUE / 4;
    long[] pool = new long[12];
    for (int i = 0; i < pool.length; i++) {
      pool[i] =
          switch (i) {
            case 0 -> 0;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            case 3 -> -Long.MAX_VALUE;
            default -> random.nextLong(-spread, spread);
          };
    }
    return pool;
  }

  private void assertSame(Contributors actual, Contributors expected) {
    assertThat(actual.subjects()).isEqualTo(expected.subjects());
    assertSameSide(actual.positive(), expected.positive());
    assertSameSide(actual.negative(), expected.negative());
    assertThat(flattening.flatten(actual)).isEqualTo(flattening.flatten(expected));
  }

  private static void assertSameSide(Contributors.Side actual, Contributors.Side expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.total()).isEqualTo(expected.total());
    assertThat(actual.largest(Contributors.TOP)).isEqualTo(expected.largest(Contributors.TOP));
  }
}
