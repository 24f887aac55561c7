package org.elementvault.sandbox.protection;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The canonical byte form of what seeds a keyed bit stream: a version label, then each field as a
 * four-byte big-endian length and its bytes, so that no two different field lists encode alike.
 */
final class SeedEncoder {

  /** Changing this label changes every sticky noise value of every vault. */
  private static final String VERSION = "org.elementvault.protection.v1";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

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
    out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(field.length).array());
    out.writeBytes(field);
    return this;
  }

  @CanIgnoreReturnValue
  SeedEncoder add(long field) {
    return add(ByteBuffer.allocate(Long.BYTES).putLong(field).array());
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
