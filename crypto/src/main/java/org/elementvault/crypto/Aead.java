package org.elementvault.crypto;

/**
 * Authenticated encryption with associated data, bound to one key.
 *
 * <h2>Guarantees</h2>
 *
 * <p>{@link #seal} encrypts with a fresh random 96-bit nonce, so sealing the same plaintext twice
 * gives different results. The sealed form is {@code version (1) ‖ suite id (1) ‖ nonce (12) ‖
 * ciphertext ‖ tag (16)}; the header is authenticated too. The associated data is not stored: it
 * binds the value to its place (vault, tenant, dataset, version, batch, column), and {@link #open}
 * must be given the same bytes.
 *
 * <h2>Failure modes</h2>
 *
 * <p>{@link #open} throws {@link CryptoException} and returns nothing when the key is wrong, any
 * byte was modified, the value was sealed for another place (associated data) or by another suite.
 * Confidentiality does not extend to the length of the plaintext.
 *
 * <p>Implementations are thread-safe.
 */
public interface Aead {

  /** The number of bytes {@link #seal} adds to a plaintext. */
  int OVERHEAD = 1 + 1 + 12 + 16;

  /** Encrypts and authenticates {@code plaintext}, binding it to {@code associatedData}. */
  byte[] seal(byte[] plaintext, byte[] associatedData);

  /**
   * Authenticates and decrypts a value produced by {@link #seal}.
   *
   * @throws CryptoException if the value is not authentic for this key and associated data
   */
  byte[] open(byte[] sealed, byte[] associatedData) throws CryptoException;
}
