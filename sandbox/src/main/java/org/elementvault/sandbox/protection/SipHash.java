package org.elementvault.sandbox.protection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * SipHash-2-4 with a 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF",
 * 2012; the 128-bit variant of their reference code): a keyed pseudorandom function that hashes a
 * short input in tens of nanoseconds, where HMAC-SHA256 with a fresh {@code Mac} takes
 * microseconds.
 *
 * <p>It keys {@link NoiseKey#subject}: with ten million subjects per release, the subject hash is
 * the hot path. Its 128-bit key is derived once per {@link NoiseKey} through HMAC-SHA256, so the
 * vault secret itself never keys SipHash.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Without the key, outputs are indistinguishable from random (SipHash's PRF claim, 128-bit
 *       key); two inputs collide with probability about 2<sup>-128</sup>.
 *   <li>Matches the reference implementation's published test vectors.
 *   <li>The key is held as two longs, never exposed; {@link #destroy()} overwrites them, and any
 *       later hash throws {@link IllegalStateException}. Thread-safe for hashing; not against
 *       concurrent destruction.
 * </ul>
 */
final class SipHash {

  /** The number of key bytes. */
  static final int KEY_BYTES = 16;

  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int COMPRESSION_ROUNDS = 2;
  private static final int FINALIZATION_ROUNDS = 4;

  /** The two key words k0 and k1; zeroed by {@link #destroy()}. */
  private final long[] key;

  private volatile boolean destroyed;

  private SipHash(long k0, long k1) {
    this.key = new long[] {k0, k1};
  }

  /**
   * The function keyed by the first {@value #KEY_BYTES} bytes of {@code key}, read little-endian.
   */
  static SipHash keyed(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException(
          "a SipHash key needs " + KEY_BYTES + " bytes, got " + key.length);
    }
    return new SipHash(
        (long) LITTLE_ENDIAN_LONG.get(key, 0), (long) LITTLE_ENDIAN_LONG.get(key, Long.BYTES));
  }

  /**
   * The 128-bit hash of {@code message}: {@link SubjectHash#high()} is the first output word and
   * {@link SubjectHash#low()} the second (the reference code writes each little-endian, in this
   * order).
   */
  SubjectHash hash(byte[] message) {
    return hash(message, 0, message.length);
  }

  /**
   * The 128-bit hash of the {@code length} bytes of {@code buffer} from {@code offset}: {@link
   * #hash(byte[])} of a copy of them, without the copy, for callers that hash many values through
   * one reused buffer.
   */
  SubjectHash hash(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (destroyed) {
      throw new IllegalStateException("the subject hash key was destroyed");
    }
    long k0 = key[0];
    long k1 = key[1];
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1 ^ 0xee;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;

    int whole = length & ~(Long.BYTES - 1);
    // The last word holds the length modulo 256 in its top byte and the 0 to 7 trailing bytes.
    long last = ((long) length) << 56;
    for (int i = whole; i < length; i++) {
      last |= (buffer[offset + i] & 0xffL) << ((i - whole) * Byte.SIZE);
    }
    for (int at = 0; at <= whole; at += Long.BYTES) {
      long word = at < whole ? (long) LITTLE_ENDIAN_LONG.get(buffer, offset + at) : last;
      v3 ^= word;
      for (int round = 0; round < COMPRESSION_ROUNDS; round++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= word;
    }

    long first = 0;
    for (int output = 0; output < 2; output++) {
      if (output == 0) {
        v2 ^= 0xee;
      } else {
        v1 ^= 0xdd;
      }
      for (int round = 0; round < FINALIZATION_ROUNDS; round++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      if (output == 0) {
        first = v0 ^ v1 ^ v2 ^ v3;
      }
    }
    return new SubjectHash(first, v0 ^ v1 ^ v2 ^ v3);
  }

  /** Overwrites the key words with zeros. */
  void destroy() {
    destroyed = true;
    Arrays.fill(key, 0L);
  }

  boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "SipHash[redacted]";
  }
}
