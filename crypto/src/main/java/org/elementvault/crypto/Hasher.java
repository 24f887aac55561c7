package org.elementvault.crypto;

/** The suite's collision-resistant hash function (SHA-256 or SM3). Thread-safe. */
public interface Hasher {

  /** The length of a digest in bytes (32 for both suites). */
  int digestLength();

  /** The digest of the concatenation of {@code parts}. */
  byte[] hash(byte[]... parts);
}
