package org.elementvault.engine.dataset;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Learns, during an import, whether the subject column holds a different value in every row, so a
 * threshold's {@code COUNT(DISTINCT subject)} can count rows instead. "Unique" is exact; "not
 * unique" may be wrong, which only costs speed: integers and dates are compared as themselves, text
 * by a 64-bit keyed hash, so a hash collision (or a crafted one) reads as a duplicate. Other types,
 * and imports over {@link #MAX_ROWS} rows, are not tracked and read as not unique.
 *
 * <p>Memory: 8 bytes per row, kept in one sorted block per batch.
 */
final class SubjectUniqueness {

  /** The most rows tracked (128 MiB of keys). */
  static final int MAX_ROWS = 1 << 24;

  /** Keys the text hash, so that no file can be crafted to collide on purpose. */
  private static final SecureRandom SEEDS = new SecureRandom();

  private final long seed = SEEDS.nextLong();
  private List<long[]> blocks = new ArrayList<>();
  private long rows;
  private boolean tracking = true;

  /** Adds the first {@code count} values of one batch's subject vector. */
  void add(FieldVector subject, int count) {
    if (!tracking) {
      return;
    }
    if (rows + count > MAX_ROWS) {
      stop();
      return;
    }
    long[] keys = new long[count];
    if (subject instanceof VarCharVector text) {
      ArrowBuf offsets = text.getOffsetBuffer();
      ArrowBuf data = text.getDataBuffer();
      for (int i = 0; i < count; i++) {
        int start = offsets.getInt((long) i * VarCharVector.OFFSET_WIDTH);
        int end = offsets.getInt((long) (i + 1) * VarCharVector.OFFSET_WIDTH);
        keys[i] = hash(data, start, end);
      }
    } else if (subject instanceof BigIntVector longs) {
      for (int i = 0; i < count; i++) {
        keys[i] = longs.get(i);
      }
    } else if (subject instanceof IntVector ints) {
      for (int i = 0; i < count; i++) {
        keys[i] = ints.get(i);
      }
    } else if (subject instanceof DateDayVector days) {
      for (int i = 0; i < count; i++) {
        keys[i] = days.get(i);
      }
    } else {
      stop();
      return;
    }
    Arrays.sort(keys);
    blocks.add(keys);
    rows += count;
  }

  private void stop() {
    tracking = false;
    blocks = List.of();
  }

  /** Whether every row added has a different subject; false if not tracked. */
  boolean unique() {
    if (!tracking) {
      return false;
    }
    // Merges the sorted blocks; two equal neighbours are a duplicate (or a collision).
    PriorityQueue<int[]> cursors =
        new PriorityQueue<>(
            Math.max(1, blocks.size()),
            (a, b) -> Long.compare(blocks.get(a[0])[a[1]], blocks.get(b[0])[b[1]]));
    for (int b = 0; b < blocks.size(); b++) {
      long[] block = blocks.get(b);
      for (int i = 1; i < block.length; i++) {
        if (block[i] == block[i - 1]) {
          return false;
        }
      }
      if (block.length > 0) {
        cursors.add(new int[] {b, 0});
      }
    }
    boolean first = true;
    long previous = 0;
    while (!cursors.isEmpty()) {
      int[] cursor = cursors.poll();
      long key = blocks.get(cursor[0])[cursor[1]];
      if (!first && key == previous) {
        return false;
      }
      first = false;
      previous = key;
      if (++cursor[1] < blocks.get(cursor[0]).length) {
        cursors.add(cursor);
      }
    }
    return true;
  }

  /** A keyed 64-bit hash of the bytes [start, end) of {@code data} (a multiply-xorshift mix). */
  private long hash(ArrowBuf data, int start, int end) {
    long h = seed ^ ((end - start) * 0x9E3779B97F4A7C15L);
    int i = start;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      h = mix(h ^ data.getLong(i));
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (data.getByte(i) & 0xFFL) << shift;
    }
    return mix(h ^ tail ^ 0xFFL);
  }

  private static long mix(long value) {
    long z = value * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }
}
