package org.elementvault.sandbox.protection;

import java.util.function.LongSupplier;

/** Cuts 64-bit words of a source into requests of 0 to 63 bits, wasting none. */
final class BitPool {

  private final LongSupplier words;
  private long pool;
  private int poolBits;

  BitPool(LongSupplier words) {
    this.words = words;
  }

  long nextBits(int count) {
    if (count < 0 || count > RandomBits.MAX_BITS) {
      throw new IllegalArgumentException(
          "bit count must be in [0, " + RandomBits.MAX_BITS + "], got " + count);
    }
    long result = 0;
    int filled = 0;
    while (filled < count) {
      if (poolBits == 0) {
        pool = words.getAsLong();
        poolBits = Long.SIZE;
      }
      int take = Math.min(count - filled, poolBits);
      // take <= 63, so the mask and the shift below are well defined.
      result |= (pool & ((1L << take) - 1)) << filled;
      pool >>>= take;
      poolBits -= take;
      filled += take;
    }
    return result;
  }
}
