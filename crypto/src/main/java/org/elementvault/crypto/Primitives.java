package org.elementvault.crypto;

/**
 * The algorithms of one {@link CipherSuite}: sealing, hashing and signatures. Implementations are
 * thread-safe.
 */
public interface Primitives {

  /** The suite these primitives implement. */
  CipherSuite suite();

  /** Sealing and opening under {@code key}. The key is copied; the caller still owns it. */
  Aead aead(KeyMaterial key);

  /** The suite's hash function (SHA-256 or SM3). */
  Hasher hasher();

  /** A fresh random symmetric key of {@link KeyMaterial#LENGTH} bytes. */
  KeyMaterial newKey();

  /** A fresh random private signing key (an Ed25519 seed or an SM2 scalar). */
  KeyMaterial newSigningKey();

  /** Signs with {@code privateKey}, which must come from {@link #newSigningKey()}. */
  Signer signer(KeyMaterial privateKey);

  /**
   * Verifies signatures by the holder of {@code publicKey}.
   *
   * @throws CryptoException if {@code publicKey} is not a valid key of this suite
   */
  Verifier verifier(byte[] publicKey) throws CryptoException;
}
