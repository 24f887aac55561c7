package org.elementvault.sandbox.protection;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The canonical byte form of what seeds a keyed bit stream: a version label, then each field as a
 * four-byte big-endian length and its bytes, so that no two different field lists encode alike.
 */
final class SeedEncoder {

  /** Changing this label changes every sticky noise value of every vault. */
  private static final String VERSION = "org.elementvault.protection.v1";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  private SeedEncoder() {}

  /** An encoder for one purpose (key derivation, subject hash, one kind of noise). */
  static SeedEncoder of(String purpose) {
    return new SeedEncoder().add(VERSION).add(purpose);
  }

  @CanIgnoreReturnValue
  SeedEncoder add(String field) {
    return add(field.getBytes(StandardCharsets.UTF_8));
  }

  @CanIgnoreReturnValue
  SeedEncoder add(byte[] field) {
    write(field.length, Integer.BYTES);
    out.writeBytes(field);
    return this;
  }

  /** As {@link #add(byte[])} of the eight big-endian bytes of {@code field}. */
  @CanIgnoreReturnValue
  SeedEncoder add(long field) {
    write(Long.BYTES, Integer.BYTES);
    write(field, Long.BYTES);
    return this;
  }

  /** The low {@code bytes} bytes of {@code value}, big-endian. */
  private void write(long value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
