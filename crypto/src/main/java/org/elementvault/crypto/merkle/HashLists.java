package org.elementvault.crypto.merkle;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Deep copies and content equality for lists of hashes: a {@code List<byte[]>} compares its arrays
 * by identity and shares them with whoever else holds them, which a proof value must not do.
 */
final class HashLists {

  private HashLists() {}

  /** An unmodifiable list of copies of {@code hashes}' arrays. */
  static List<byte[]> deepCopy(List<byte[]> hashes) {
    Objects.requireNonNull(hashes, "hashes");
    return hashes.stream().map(hash -> Objects.requireNonNull(hash, "hash").clone()).toList();
  }

  static boolean contentEquals(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  static int contentHashCode(List<byte[]> hashes) {
    int result = 1;
    for (byte[] hash : hashes) {
      result = 31 * result + Arrays.hashCode(hash);
    }
    return result;
  }
}
