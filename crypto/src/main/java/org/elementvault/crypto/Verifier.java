package org.elementvault.crypto;

/** Verifies signatures of one public key. Thread-safe. */
public interface Verifier {

  /**
   * Checks that {@code signature} was made over {@code message} by this key's holder.
   *
   * @throws CryptoException if it was not
   */
  void verify(byte[] message, byte[] signature) throws CryptoException;
}
