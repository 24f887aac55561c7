package org.elementvault.sandbox.protection;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The keyed 256-bit hash of one subject (from {@link NoiseKey#subject}), as an integer in [0,
 * 2<sup>256</sup>). It identifies a subject inside one dataset's noise computations without
 * revealing who the subject is; it must not be released.
 *
 * @param value in [0, 2<sup>256</sup>)
 */
public record SubjectHash(BigInteger value) implements Comparable<SubjectHash> {

  /** The number of bits of a hash. */
  public static final int BITS = 256;

  /** Checks the range. */
  public SubjectHash {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.bitLength() > BITS) {
      throw new IllegalArgumentException("a subject hash must be in [0, 2^256)");
    }
  }

  static SubjectHash of(byte[] hash) {
    if (hash.length * Byte.SIZE != BITS) {
      throw new IllegalArgumentException(
          "a subject hash must be 32 bytes, got " + hash.length + " bytes");
    }
    return new SubjectHash(new BigInteger(1, hash));
  }

  @Override
  public int compareTo(SubjectHash other) {
    return value.compareTo(other.value);
  }

  /** Redacted: a hash is pseudonymous data and must not reach a log. */
  @Override
  public String toString() {
    return "SubjectHash[redacted]";
  }
}
