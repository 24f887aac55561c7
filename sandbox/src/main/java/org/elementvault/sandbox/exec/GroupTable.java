package org.elementvault.sandbox.exec;

import java.util.Arrays;

/**
 * Dense group ids, in order of first appearance, for tuples of {@code width} longs (one code per
 * key column and a mask of the keys that are NULL). Open addressing, doubling at half load.
 */
final class GroupTable {

  private final int width;
  private long[] tuples;
  private int[] hashes;
  private int size;
  private int[] table = new int[1 << 8];

  GroupTable(int width) {
    this.width = width;
    this.tuples = new long[width * 64];
    this.hashes = new int[64];
  }

  int size() {
    return size;
  }

  /** The code of key {@code key} of group {@code group}. */
  long code(int group, int key) {
    return tuples[group * width + key];
  }

  /** The id of the tuple held at {@code row} of the column-major {@code codes}, added if new. */
  int idOf(long[][] codes, int row) {
    int h = 0;
    for (int k = 0; k < width; k++) {
      h = h * 31 + Hashing.mix(codes[k][row]);
    }
    int hash = Hashing.mix(h);
    int mask = table.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int entry = table[i];
      if (entry == 0) {
        int id = add(codes, row, hash);
        table[i] = id + 1;
        if (size * 2 > table.length) {
          rehash();
        }
        return id;
      }
      int id = entry - 1;
      if (hashes[id] == hash && sameTuple(id, codes, row)) {
        return id;
      }
    }
  }

  private boolean sameTuple(int id, long[][] codes, int row) {
    int base = id * width;
    for (int k = 0; k < width; k++) {
      if (tuples[base + k] != codes[k][row]) {
        return false;
      }
    }
    return true;
  }

  private int add(long[][] codes, int row, int hash) {
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, size * 2);
      tuples = Arrays.copyOf(tuples, size * 2 * width);
    }
    int base = size * width;
    for (int k = 0; k < width; k++) {
      tuples[base + k] = codes[k][row];
    }
    hashes[size] = hash;
    return size++;
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
}
