package org.elementvault.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) under one key, with the SHA-256 states after the key's inner and outer
 * pads hashed once when keyed: each MAC copies those states instead of hashing both pads again, so
 * a short message (a counter block) costs two compressions instead of four.
 *
 * <p>The pad states are derived from the key; {@link #wipe()} resets them. Not thread-safe: its
 * {@link KeyMaterial} calls it under its lock.
 */
final class HmacSha256 {

  private static final int BLOCK_BYTES = 64;
  private static final byte INNER_PAD = 0x36;
  private static final byte OUTER_PAD = 0x5c;

  /**
   * An unkeyed SHA-256 that is only ever copied, never updated: copies skip the provider lookup.
   */
  private static final MessageDigest SHA_256 = sha256();

  private final MessageDigest inner;
  private final MessageDigest outer;

  /** Keyed by {@code key}, at most one block long (every vault key is); the caller wipes it. */
  HmacSha256(byte[] key) {
    if (key.length > BLOCK_BYTES) {
      throw new IllegalArgumentException(
          "an HMAC key must be at most " + BLOCK_BYTES + " bytes, got " + key.length);
    }
    this.inner = padded(key, INNER_PAD);
    this.outer = padded(key, OUTER_PAD);
  }

  /** HMAC-SHA256(key, message) = SHA-256(outer pad ‖ SHA-256(inner pad ‖ message)). */
  byte[] mac(byte[] message) {
    MessageDigest innerHash = copy(inner);
    innerHash.update(message);
    MessageDigest outerHash = copy(outer);
    outerHash.update(innerHash.digest());
    return outerHash.digest();
  }

  /** Resets both pad states, so nothing derived from the key stays in them. */
  void wipe() {
    inner.reset();
    outer.reset();
  }

  /** SHA-256 after the block {@code key ⊕ pad} (the key padded with zeros to one block). */
  private static MessageDigest padded(byte[] key, byte pad) {
    byte[] block = new byte[BLOCK_BYTES];
    Arrays.fill(block, pad);
    for (int i = 0; i < key.length; i++) {
      block[i] ^= key[i];
    }
    MessageDigest digest = copy(SHA_256);
    digest.update(block);
    Arrays.fill(block, (byte) 0);
    return digest;
  }

  private static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 can be copied", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
