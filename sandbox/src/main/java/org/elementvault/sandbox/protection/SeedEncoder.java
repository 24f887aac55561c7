package org.elementvault.sandbox.protection;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The canonical byte form of what seeds a keyed bit stream: a version label, then each field as a
 * four-byte big-endian length and its bytes, so that no two different field lists encode alike.
 */
final class SeedEncoder {

  /** Changing this label changes every sticky noise value of every vault. */
  private static final String VERSION = "org.elementvault.protection.v1";

  /** The version's bytes, encoded once rather than for every seed. */
  private static final byte[] VERSION_BYTES = VERSION.getBytes(StandardCharsets.UTF_8);

  /** The bytes so far: the first {@code size} of {@code buffer} (not a synchronized stream). */
  private byte[] buffer = new byte[256];

  private int size;

  /** Whether this starts with the version and a purpose; a bare field list is never a seed. */
  private final boolean seed;

  private SeedEncoder(boolean seed) {
    this.seed = seed;
  }

  /** An encoder for one purpose (key derivation, subject hash, one kind of noise). */
  static SeedEncoder of(String purpose) {
    return new SeedEncoder(true).add(VERSION_BYTES).add(purpose);
  }

  /**
   * A bare list of fields, encoded once to end several seeds ({@link #addFields}): the
   * contributions behind each layer of a noise value, for instance.
   */
  static SeedEncoder fields() {
    return new SeedEncoder(false);
  }

  /** Appends the fields of {@code fields} as encoded: the bytes of adding each of them again. */
  @CanIgnoreReturnValue
  SeedEncoder addFields(SeedEncoder fields) {
    System.arraycopy(fields.buffer, 0, room(fields.size), size - fields.size, fields.size);
    return this;
  }

  @CanIgnoreReturnValue
  SeedEncoder add(String field) {
    return add(field.getBytes(StandardCharsets.UTF_8));
  }

  @CanIgnoreReturnValue
  SeedEncoder add(byte[] field) {
    write(field.length, Integer.BYTES);
    System.arraycopy(field, 0, room(field.length), size - field.length, field.length);
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
    byte[] into = room(bytes);
    for (int i = size - 1; i >= size - bytes; i--, value >>>= 8) {
      into[i] = (byte) value;
    }
  }

  /** Grows the encoding by {@code bytes}, returning the buffer that holds them at its end. */
  private byte[] room(int bytes) {
    if (buffer.length - size < bytes) {
      buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, size + bytes));
    }
    size += bytes;
    return buffer;
  }

  byte[] bytes() {
    if (!seed) {
      throw new IllegalStateException("a bare field list is not a seed");
    }
    return Arrays.copyOf(buffer, size);
  }
}
