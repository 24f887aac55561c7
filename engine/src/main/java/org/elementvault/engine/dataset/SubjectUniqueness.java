package org.elementvault.engine.dataset;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.jspecify.annotations.Nullable;

/**
 * Learns, during an import, whether the subject column holds a different value in every row, so a
 * threshold's {@code COUNT(DISTINCT subject)} can count rows instead. "Unique" is exact; "not
 * unique" may be wrong, which only costs speed: integers and dates are compared as themselves, text
 * by a 64-bit keyed hash, so a hash collision (or a crafted one) reads as a duplicate. Other types,
 * and imports over {@link #MAX_ROWS} rows, are not tracked and read as not unique.
 *
 * <p>Memory: 8 bytes per row, kept in one sorted block per batch. Each batch's block is made by
 * {@link #keys} on any thread (the sort is most of the work) and added in order by {@link #add} on
 * one thread.
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

  /**
   * The sorted keys of the first {@code count} values of one batch's subject vector, or null if its
   * type is not tracked. Thread-safe.
   */
  long @Nullable [] keys(FieldVector subject, int count) {
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
      return null;
    }
    Arrays.sort(keys);
    return keys;
  }

  /** Adds one batch's {@link #keys}, null for a subject type not tracked. */
  void add(long @Nullable [] keys) {
    if (!tracking) {
      return;
    }
    if (keys == null || rows + keys.length > MAX_ROWS) {
      stop();
      return;
    }
    blocks.add(keys);
    rows += keys.length;
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
    long[][] runs = blocks.toArray(new long[0][]);
    for (long[] run : runs) {
      for (int i = 1; i < run.length; i++) {
        if (run[i] == run[i - 1]) {
          return false;
        }
      }
    }
    // Equal keys fall on the same side of any pivot: the two sides merge apart, on two threads.
    long pivot = pivot(runs);
    int[] starts = new int[runs.length];
    int[] cuts = new int[runs.length];
    int[] ends = new int[runs.length];
    for (int run = 0; run < runs.length; run++) {
      cuts[run] = firstAtLeast(runs[run], pivot);
      ends[run] = runs[run].length;
    }
    CompletableFuture<Boolean> below =
        CompletableFuture.supplyAsync(() -> new Merge(runs, starts, cuts).hasNoRepeat());
    boolean above = new Merge(runs, cuts, ends).hasNoRepeat();
    return below.join() && above;
  }

  /** The median of the runs' middle keys: near the median of all keys, whatever their spread. */
  private static long pivot(long[][] runs) {
    long[] middles =
        Arrays.stream(runs)
            .filter(run -> run.length > 0)
            .mapToLong(run -> run[run.length / 2])
            .sorted()
            .toArray();
    return middles.length == 0 ? 0 : middles[middles.length / 2];
  }

  /** The index of the first key of sorted {@code run} at least {@code key}, or its length. */
  private static int firstAtLeast(long[] run, long key) {
    int low = 0;
    int high = run.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (run[middle] < key) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * Merges the parts {@code [from, to)} of sorted runs through a binary heap of their heads kept in
   * primitive arrays: at 10 M rows a {@code PriorityQueue} of boxed cursors took about a second at
   * the end of every import.
   */
  private static final class Merge {
    private final long[][] runs;
    private final int[] ends;
    private final int[] heap;
    private final int[] next;
    private final long[] head;
    private int size;

    Merge(long[][] runs, int[] from, int[] to) {
      this.runs = runs;
      this.ends = to;
      this.heap = new int[runs.length];
      this.next = new int[runs.length];
      this.head = new long[runs.length];
      for (int run = 0; run < runs.length; run++) {
        if (from[run] < to[run]) {
          head[run] = runs[run][from[run]];
          next[run] = from[run] + 1;
          heap[size] = run;
          siftUp(size++);
        }
      }
    }

    /** Whether two runs share a key; two equal neighbours in merged order are a duplicate. */
    boolean hasNoRepeat() {
      boolean first = true;
      long previous = 0;
      while (size > 0) {
        int run = heap[0];
        long key = head[run];
        if (!first && key == previous) {
          return false;
        }
        first = false;
        previous = key;
        if (next[run] < ends[run]) {
          head[run] = runs[run][next[run]++];
        } else {
          heap[0] = heap[--size];
        }
        siftDown(0);
      }
      return true;
    }

    private void siftUp(int at) {
      int run = heap[at];
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (head[heap[parent]] <= head[run]) {
          break;
        }
        heap[at] = heap[parent];
        at = parent;
      }
      heap[at] = run;
    }

    private void siftDown(int at) {
      if (size == 0) {
        return;
      }
      int run = heap[at];
      while (true) {
        int child = 2 * at + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && head[heap[child + 1]] < head[heap[child]]) {
          child++;
        }
        if (head[run] <= head[heap[child]]) {
          break;
        }
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = run;
    }
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
