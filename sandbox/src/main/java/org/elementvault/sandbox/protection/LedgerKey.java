package org.elementvault.sandbox.protection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.elementvault.crypto.KeyMaterial;

/**
 * The key of the release ledger's fingerprints (DESIGN.md, Release protection: group keys and
 * conditions of a release, never their values): SipHash-2-4-128 under a key derived from the vault
 * secret by HMAC-SHA256 with its own purpose, because a release fingerprints every key of every
 * group, up to millions, and an HMAC per key costs microseconds.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Fingerprints are stable across elements, runs and tenants of one vault (the gate compares
 *       releases by them), and unpredictable without the vault secret.
 *   <li>The derivation's purpose differs from every noise key's, so no fingerprint is a noise seed
 *       or a subject hash.
 *   <li>{@link #toString()} is redacted; {@link #destroy()} wipes the key (any later use throws
 *       {@link IllegalStateException}). Whoever derives it destroys it. Thread-safe for use.
 * </ul>
 */
public final class LedgerKey implements Destroyable {

  /** The length of a fingerprint in bytes. */
  public static final int FINGERPRINT_BYTES = 16;

  private final SipHash hash;

  private LedgerKey(SipHash hash) {
    this.hash = hash;
  }

  /** The ledger key of the vault whose secret is {@code vaultSecret}. */
  public static LedgerKey derive(KeyMaterial vaultSecret) {
    Objects.requireNonNull(vaultSecret, "vaultSecret");
    byte[] derived = vaultSecret.hmacSha256(SeedEncoder.of("release-ledger-key").bytes());
    try {
      return new LedgerKey(SipHash.keyed(derived));
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  /** The {@value #FINGERPRINT_BYTES}-byte fingerprint of {@code message}. */
  public byte[] fingerprint(byte[] message) {
    Objects.requireNonNull(message, "message");
    SubjectHash value = hash.hash(message);
    return ByteBuffer.allocate(FINGERPRINT_BYTES)
        .putLong(value.high())
        .putLong(value.low())
        .array();
  }

  @Override
  public void destroy() {
    hash.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return hash.isDestroyed();
  }

  @Override
  public String toString() {
    return "LedgerKey[redacted]";
  }
}
