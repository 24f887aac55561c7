package org.elementvault.sandbox.protection;

/**
 * The keyed 128-bit hash of one subject (from {@link NoiseKey#subject}), as the unsigned integer
 * {@code high·2^64 + low}. It identifies a subject inside one dataset's noise computations without
 * revealing who the subject is; it must not be released.
 *
 * <p>128 bits keep the hashes of distinct subjects apart: among 10<sup>7</sup> subjects, two
 * collide with probability below 10<sup>-24</sup>, so per-subject combination and the ranking of
 * top contributors never merge two people.
 *
 * @param high the upper 64 bits, unsigned
 * @param low the lower 64 bits, unsigned
 */
public record SubjectHash(long high, long low) implements Comparable<SubjectHash> {

  /** The number of bits of a hash. */
  public static final int BITS = 128;

  /** Orders as unsigned 128-bit integers. */
  @Override
  public int compareTo(SubjectHash other) {
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  /** Redacted: a hash is pseudonymous data and must not reach a log. */
  @Override
  public String toString() {
    return "SubjectHash[redacted]";
  }
}
