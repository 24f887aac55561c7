package org.elementvault.sandbox.protection;

/**
 * Wide sums of unsigned 64-bit words, kept as the sums of their lower and upper 32-bit halves: two
 * additions per word that cannot overflow for fewer than 2<sup>31</sup> words, and no carry to test
 * per word, so a loop over a column adds at full speed. The halves join once, here, into the sum's
 * lower and upper 64 bits ({@code highHalves·2^32 + lowHalves}).
 */
final class HalfSums {

  /** The lower 32 bits of a word, as {@code (word & LOW_HALF)}. */
  static final long LOW_HALF = 0xFFFF_FFFFL;

  private HalfSums() {}

  /** The lower 64 bits of {@code highHalves·2^32 + lowHalves}. */
  static long low(long lowHalves, long highHalves) {
    return lowHalves + (highHalves << 32);
  }

  /** The upper 64 bits of {@code highHalves·2^32 + lowHalves}, both unsigned. */
  static long high(long lowHalves, long highHalves) {
    long carry = Long.compareUnsigned(low(lowHalves, highHalves), lowHalves) < 0 ? 1 : 0;
    return (highHalves >>> 32) + carry;
  }
}
