package org.elementvault.sandbox.exec;

/**
 * The distinct (group, value code) pairs seen so far, exact: one table for every group, so many
 * small groups cost no more than one large one. Open addressing, doubling at half load.
 */
final class GroupValueSet {

  private int[] groups = new int[1 << 10];
  private long[] values = new long[1 << 10];
  private int size;

  /** Adds the pair; returns whether it was new. */
  boolean add(int group, long value) {
    int mask = groups.length - 1;
    int i = Hashing.mix(value * 0x9E3779B97F4A7C15L + group) & mask;
    while (true) {
      int g = groups[i];
      if (g == 0) {
        groups[i] = group + 1;
        values[i] = value;
        if (++size * 2 > groups.length) {
          grow();
        }
        return true;
      }
      if (g == group + 1 && values[i] == value) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /** What {@link #forEach} hands each pair to. */
  interface PairConsumer {
    void accept(int group, long value);
  }

  /** Hands every pair to {@code consumer}, in no particular order. */
  void forEach(PairConsumer consumer) {
    for (int i = 0; i < groups.length; i++) {
      if (groups[i] != 0) {
        consumer.accept(groups[i] - 1, values[i]);
      }
    }
  }

  private void grow() {
    int[] oldGroups = groups;
    long[] oldValues = values;
    groups = new int[oldGroups.length * 2];
    values = new long[oldValues.length * 2];
    int mask = groups.length - 1;
    for (int j = 0; j < oldGroups.length; j++) {
      if (oldGroups[j] != 0) {
        int i = Hashing.mix(oldValues[j] * 0x9E3779B97F4A7C15L + (oldGroups[j] - 1)) & mask;
        while (groups[i] != 0) {
          i = (i + 1) & mask;
        }
        groups[i] = oldGroups[j];
        values[i] = oldValues[j];
      }
    }
  }
}
