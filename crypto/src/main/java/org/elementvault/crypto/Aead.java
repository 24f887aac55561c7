package org.elementvault.crypto;

import java.nio.ByteBuffer;

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

  /**
   * Authenticates and decrypts the value produced by {@link #seal} that lies between {@code
   * sealed}'s position and limit into {@code plaintext} at its position, which it advances past the
   * {@code sealed.remaining() - OVERHEAD} bytes written; {@code sealed}'s position moves to its
   * limit. Either buffer may be direct: a caller that opens into off-heap memory leaves no copy of
   * the plaintext on the heap.
   *
   * @throws CryptoException if the value is not authentic for this key and associated data; {@code
   *     plaintext} then holds none of it and its position is unchanged
   * @throws java.nio.BufferOverflowException if {@code plaintext} has too little room
   */
  void openInto(ByteBuffer sealed, byte[] associatedData, ByteBuffer plaintext)
      throws CryptoException;
}
