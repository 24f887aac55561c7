package org.elementvault.engine.result;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 128-bit keyed fingerprint (a truncated HMAC under a key the engine never sees): equal
 * fingerprints mean equal inputs, and without the key a fingerprint says nothing of its input.
 *
 * @param high the first eight bytes, big-endian
 * @param low the next eight bytes, big-endian
 */
public record Fingerprint(long high, long low) implements Comparable<Fingerprint> {

  /** The length of a fingerprint in bytes. */
  public static final int BYTES = 16;

  /** The fingerprint made of the first {@value #BYTES} bytes of {@code digest}. */
  public static Fingerprint of(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length < BYTES) {
      throw new IllegalArgumentException(
          "digest must have at least " + BYTES + " bytes, got " + digest.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(digest);
    return new Fingerprint(buffer.getLong(), buffer.getLong());
  }

  /** The fingerprint's {@value #BYTES} bytes. */
  public byte[] bytes() {
    return ByteBuffer.allocate(BYTES).putLong(high).putLong(low).array();
  }

  /** The fingerprint in lower-case hex. */
  public String hex() {
    return HexFormat.of().formatHex(bytes());
  }

  @Override
  public int compareTo(Fingerprint other) {
    int order = Long.compareUnsigned(high, other.high);
    return order != 0 ? order : Long.compareUnsigned(low, other.low);
  }

  @Override
  public String toString() {
    return hex();
  }
}
