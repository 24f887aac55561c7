package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnTest {

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 20261205})
  void readsWhatArrowReads(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    try (BigIntVector numbers = new BigIntVector("n", allocator);
        VarCharVector strings = new VarCharVector("s", allocator)) {
      int rows = 1 + random.nextInt(300);
      for (int row = 0; row < rows; row++) {
        if (random.nextInt(5) == 0) {
          numbers.setNull(row);
          strings.setNull(row);
        } else {
          numbers.setSafe(row, random.nextLong());
          byte[] text = new byte[random.nextInt(40)];
          random.nextBytes(text);
          strings.setSafe(row, text);
        }
      }
      numbers.setValueCount(rows);
      strings.setValueCount(rows);
      Column longs = Column.of(numbers);
      Column texts = Column.of(strings);

      byte[] buffer = new byte[40];
      for (int row = 0; row < rows; row++) {
        assertThat(longs.isNull(row)).isEqualTo(numbers.isNull(row));
        assertThat(texts.isNull(row)).isEqualTo(strings.isNull(row));
        assertThat(longs.valid(row)).isEqualTo(numbers.isNull(row) ? 0 : 1);
        if (!numbers.isNull(row)) {
          assertThat(longs.longAt(row)).isEqualTo(numbers.get(row));
          texts.copy(row, buffer);
          assertThat(Arrays.copyOf(buffer, texts.length(row))).isEqualTo(strings.get(row));
          assertThat(texts.equals(row, strings.get(row))).isTrue();
          assertThat(texts.equals(row, Arrays.copyOf(strings.get(row), texts.length(row) + 1)))
              .isFalse();
        }
      }
    }
  }

  /** The range filter's loop per layout keeps exactly the valued rows in range, in order. */
  @ParameterizedTest
  @ValueSource(longs = {3, 4, 20261206})
  void keepWithin_everyLayout_keepsValuedRowsInRange(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    try (IntVector ints = new IntVector("i", allocator);
        BigIntVector longs = new BigIntVector("l", allocator);
        DecimalVector decimals = new DecimalVector("d", allocator, 18, 2);
        BitVector bits = new BitVector("b", allocator)) {
      int rows = 1 + random.nextInt(300);
      for (int row = 0; row < rows; row++) {
        if (random.nextInt(4) == 0) {
          ints.setNull(row);
          longs.setNull(row);
          decimals.setNull(row);
          bits.setNull(row);
        } else {
          long value = random.nextLong(-100, 100);
          ints.setSafe(row, (int) value);
          longs.setSafe(row, value);
          decimals.setSafe(row, BigDecimal.valueOf(value, 2));
          bits.setSafe(row, value > 0 ? 1 : 0);
        }
      }
      for (FieldVector vector : List.<FieldVector>of(ints, longs, decimals, bits)) {
        vector.setValueCount(rows);
      }
      long low = random.nextLong(-120, 60);
      long high = low + random.nextLong(0, 120);
      int[] selection = IntStream.range(0, rows).filter(row -> random.nextBoolean()).toArray();

      for (FieldVector vector : List.<FieldVector>of(ints, longs, decimals, bits)) {
        Column column = Column.of(vector);
        int[] expected =
            Arrays.stream(selection)
                .filter(row -> !column.isNull(row))
                .filter(row -> column.longAt(row) >= low && column.longAt(row) <= high)
                .toArray();
        int[] kept = selection.clone();

        int count = column.keepWithin(kept, kept.length, low, high);

        assertThat(Arrays.copyOf(kept, count)).as(vector.getName()).isEqualTo(expected);
      }
    }
  }

  @Test
  void refusesARowPastTheLast() {
    try (BigIntVector numbers = new BigIntVector("n", allocator)) {
      numbers.setSafe(0, 7);
      numbers.setValueCount(1);
      Column column = Column.of(numbers);

      assertThatThrownBy(() -> column.longAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> column.isNull(-1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> column.valid(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void refusesAStringWhoseOffsetLeavesItsBuffer() {
    try (VarCharVector strings = new VarCharVector("s", allocator)) {
      strings.setSafe(0, "north".getBytes(StandardCharsets.UTF_8));
      strings.setValueCount(1);
      strings.getOffsetBuffer().setInt(4, (int) strings.getDataBuffer().capacity() + 1);
      Column column = Column.of(strings);

      assertThatThrownBy(() -> column.copy(0, new byte[64]))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("outside its data buffer");
    }
  }

  @Test
  void refusesAStringWhoseOffsetsRunBackwards() {
    try (VarCharVector strings = new VarCharVector("s", allocator)) {
      strings.setSafe(0, "north".getBytes(StandardCharsets.UTF_8));
      strings.setSafe(1, "south".getBytes(StandardCharsets.UTF_8));
      strings.setValueCount(2);
      strings.getOffsetBuffer().setInt(4, 8);
      strings.getOffsetBuffer().setInt(8, 2);
      Column column = Column.of(strings);

      assertThatThrownBy(() -> column.length(1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("backwards");
    }
  }
}
