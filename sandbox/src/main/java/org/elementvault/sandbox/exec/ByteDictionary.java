package org.elementvault.sandbox.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Dense ids for distinct byte strings, exact (ids are equal only for equal bytes): the UTF-8 of
 * string keys and distinct values is hashed in place and copied only when it is new, so no String
 * is made per row. Open addressing, doubling at half load.
 */
final class ByteDictionary {

  private byte[] pool = new byte[1 << 12];
  private int poolSize;
  private int[] starts = new int[1 << 8];
  private int[] hashes = new int[1 << 8];
  private int size;
  private int[] table = new int[1 << 9];

  /** The bytes of the short keys, two words per id (zero-padded); unused for longer keys. */
  private long[] words = new long[2 << 8];

  /** Holds at least the two words a short key is read as. */
  private byte[] scratch = new byte[64];

  /** The longest key read as words. */
  private static final int SHORT = 2 * Long.BYTES;

  private static final VarHandle LITTLE_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  int size() {
    return size;
  }

  /** The id of the bytes of the string at {@code row} of {@code column}, added if new. */
  int idOf(Column column, int row) {
    int length = column.length(row);
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    column.copy(row, scratch);
    return idOfScratch(length);
  }

  /** The id here of the bytes of {@code id} in {@code other}, added if new. */
  int idOf(ByteDictionary other, int id) {
    int start = other.starts[id];
    int length = other.starts[id + 1] - start;
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    System.arraycopy(other.pool, start, scratch, 0, length);
    return idOfScratch(length);
  }

  /**
   * The id of the first {@code length} bytes of the scratch buffer, added if new. Keys of at most
   * {@value #SHORT} bytes (district names, genders, codes: most keys) are read as two words, hashed
   * and compared as such rather than byte by byte.
   */
  private int idOfScratch(int length) {
    boolean isShort = length <= SHORT;
    long low = isShort ? word(0, length) : 0;
    long high = isShort ? word(Long.BYTES, length - Long.BYTES) : 0;
    int hash =
        isShort
            ? Hashing.mix(low * 0x9e3779b97f4a7c15L + Long.rotateLeft(high, 29) + length)
            : hash(scratch, length);
    int mask = table.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int entry = table[i];
      if (entry == 0) {
        int id = add(hash, length);
        words[2 * id] = low;
        words[2 * id + 1] = high;
        table[i] = id + 1;
        if (size * 2 > table.length) {
          rehash();
        }
        return id;
      }
      int id = entry - 1;
      if (hashes[id] == hash
          && starts[id + 1] - starts[id] == length
          && (isShort
              ? words[2 * id] == low && words[2 * id + 1] == high
              : Arrays.equals(pool, starts[id], starts[id] + length, scratch, 0, length))) {
        return id;
      }
    }
  }

  /** The scratch buffer's 8 bytes from {@code offset}, of which only {@code valid} count. */
  private long word(int offset, int valid) {
    if (valid <= 0) {
      return 0;
    }
    long word = (long) LITTLE_ENDIAN_LONGS.get(scratch, offset);
    return valid >= Long.BYTES ? word : word & ((1L << (valid * Byte.SIZE)) - 1);
  }

  /** The string of id {@code id}. */
  String string(int id) {
    return new String(pool, starts[id], starts[id + 1] - starts[id], StandardCharsets.UTF_8);
  }

  private int add(int hash, int length) {
    if (size + 2 > starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      words = Arrays.copyOf(words, words.length * 2);
    }
    if (poolSize + length > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
    }
    System.arraycopy(scratch, 0, pool, poolSize, length);
    int id = size++;
    starts[id] = poolSize;
    poolSize += length;
    starts[id + 1] = poolSize;
    hashes[id] = hash;
    return id;
  }

  private void rehash() {
    table = new int[table.length * 2];
    int mask = table.length - 1;
    for (int id = 0; id < size; id++) {
      int i = hashes[id] & mask;
      while (table[i] != 0) {
        i = (i + 1) & mask;
      }
      table[i] = id + 1;
    }
  }

  private static int hash(byte[] bytes, int length) {
    int h = 0x811c9dc5;
    for (int i = 0; i < length; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    return Hashing.mix(h);
  }
}
