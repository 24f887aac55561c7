package org.elementvault.crypto.internal;

import java.nio.ByteBuffer;
import org.elementvault.crypto.CryptoException;

/**
 * A 96-bit-nonce AEAD that trusts its caller to never repeat a nonce under one key. Reusing a nonce
 * with GCM reveals the XOR of plaintexts and the authentication key: only the sealing layer, which
 * draws every nonce from a {@link java.security.SecureRandom}, and known-answer tests may call it.
 */
public interface InsecureNonceCipher {

  /** Nonce length in bytes. */
  int NONCE_LENGTH = 12;

  /** Tag length in bytes. */
  int TAG_LENGTH = 16;

  /**
   * Encrypts {@code plaintext} and writes {@code ciphertext ‖ tag} into {@code out} at {@code
   * outOffset}, which must have room for {@code plaintext.length + TAG_LENGTH} bytes.
   */
  void encrypt(byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset);

  /**
   * Decrypts {@code input[offset, offset+length)} (ciphertext and tag).
   *
   * @throws CryptoException if authentication fails; nothing is returned then
   */
  byte[] decrypt(byte[] nonce, byte[] aad, byte[] input, int offset, int length)
      throws CryptoException;

  /**
   * Decrypts {@code input}'s remaining bytes (ciphertext and tag) into {@code output} at its
   * position, advancing both buffers; {@code output} must have room for {@code input.remaining() -
   * TAG_LENGTH} bytes.
   *
   * @throws CryptoException if authentication fails; {@code output} then holds no plaintext
   */
  void decrypt(byte[] nonce, byte[] aad, ByteBuffer input, ByteBuffer output)
      throws CryptoException;
}
