package org.elementvault.sandbox.exec;

/** Hash finalizers for the vectorized executor's open-addressing tables. */
final class Hashing {

  private Hashing() {}

  /** Murmur3's 32-bit finalizer: spreads every input bit over the low bits a table masks. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  /** Murmur3's 64-bit finalizer, folded to an int. */
  static int mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
