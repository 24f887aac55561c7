package org.elementvault.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * A secret key of {@link #LENGTH} bytes: a master, tenant, dataset or key-encryption key, or a
 * private signing key.
 *
 * <p>It never reveals itself by accident: {@link #toString()} is redacted, equality is constant
 * time, and the bytes are reachable only through {@link #exposeSecretBytes()}, whose callers are
 * restricted to the crypto module by an architecture test. {@link #destroy()} wipes the bytes; any
 * later use throws {@link IllegalStateException}. Not thread-safe against concurrent destruction.
 */
public final class KeyMaterial implements Destroyable {

  /** Every key in the vault is 256 bits. */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private boolean destroyed;

  /**
   * The HMAC keyed by this key, made on first use and kept: a keyed bit stream asks for many MACs
   * under one key, and keying costs as much as a short message's MAC.
   */
  private @Nullable HmacSha256 hmac;

  private KeyMaterial(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh random key. */
  public static KeyMaterial generate(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new KeyMaterial(bytes);
  }

  /**
   * A key holding a copy of {@code bytes}, such as the contents of a key file. The caller should
   * wipe its own array afterwards.
   *
   * @throws IllegalArgumentException if {@code bytes} is not exactly {@link #LENGTH} long
   */
  public static KeyMaterial copyOf(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a key must be exactly " + LENGTH + " bytes, got " + bytes.length);
    }
    return new KeyMaterial(bytes.clone());
  }

  /**
   * A copy of the secret bytes. Only cipher implementations inside the crypto module may call this
   * (enforced by an architecture test); wipe the copy when done.
   */
  public byte[] exposeSecretBytes() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /**
   * HMAC-SHA256 of {@code message} under this key: a pseudorandom function for deriving
   * purpose-bound secrets (such as an element's pseudonym key) without exposing this key.
   */
  public synchronized byte[] hmacSha256(byte[] message) {
    checkNotDestroyed();
    if (hmac == null) {
      hmac = new HmacSha256(bytes);
    }
    return hmac.mac(message);
  }

  /** Overwrites the key bytes with zeros and wipes the keyed MAC's state. */
  @Override
  public synchronized void destroy() {
    Arrays.fill(bytes, (byte) 0);
    if (hmac != null) {
      hmac.wipe();
      hmac = null;
    }
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("key material was destroyed");
    }
  }

  /** Constant-time comparison of the key bytes. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof KeyMaterial that)) {
      return false;
    }
    checkNotDestroyed();
    that.checkNotDestroyed();
    return MessageDigest.isEqual(bytes, that.bytes);
  }

  /** A constant: a hash derived from the bytes would leak information about them. */
  @Override
  public int hashCode() {
    return 0x4b45;
  }

  @Override
  public String toString() {
    return "KeyMaterial[redacted]";
  }
}
