package org.elementvault.crypto.suite;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.internal.InsecureNonceCipher;

/**
 * The sealed-value format shared by both suites: {@code version ‖ suite ‖ nonce ‖ ciphertext ‖
 * tag}, where the header is authenticated along with the caller's associated data and every nonce
 * is fresh from the vault's {@link SecureRandom}.
 */
final class SealingAead implements Aead {

  static final byte VERSION = 1;
  private static final int HEADER = 2;

  private final CipherSuite suite;
  private final InsecureNonceCipher cipher;
  private final SecureRandom random;

  SealingAead(CipherSuite suite, InsecureNonceCipher cipher, SecureRandom random) {
    this.suite = suite;
    this.cipher = cipher;
    this.random = random;
  }

  @Override
  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[InsecureNonceCipher.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] sealed = new byte[plaintext.length + OVERHEAD];
    sealed[0] = VERSION;
    sealed[1] = suite.id();
    System.arraycopy(nonce, 0, sealed, HEADER, nonce.length);
    cipher.encrypt(nonce, aad(associatedData), plaintext, sealed, HEADER + nonce.length);
    return sealed;
  }

  @Override
  public byte[] open(byte[] sealed, byte[] associatedData) throws CryptoException {
    Objects.requireNonNull(sealed, "sealed");
    checkHeader(ByteBuffer.wrap(sealed));
    byte[] nonce = new byte[InsecureNonceCipher.NONCE_LENGTH];
    System.arraycopy(sealed, HEADER, nonce, 0, nonce.length);
    int bodyOffset = HEADER + nonce.length;
    return cipher.decrypt(
        nonce, aad(associatedData), sealed, bodyOffset, sealed.length - bodyOffset);
  }

  @Override
  public void openInto(ByteBuffer sealed, byte[] associatedData, ByteBuffer plaintext)
      throws CryptoException {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(plaintext, "plaintext");
    checkHeader(sealed);
    int start = sealed.position();
    byte[] nonce = new byte[InsecureNonceCipher.NONCE_LENGTH];
    sealed.get(start + HEADER, nonce);
    cipher.decrypt(
        nonce, aad(associatedData), sealed.position(start + HEADER + nonce.length), plaintext);
  }

  /** Checks the value between {@code sealed}'s position and limit; moves neither. */
  private void checkHeader(ByteBuffer sealed) throws CryptoException {
    if (sealed.remaining() < OVERHEAD) {
      throw new CryptoException("sealed value is truncated");
    }
    if (sealed.get(sealed.position()) != VERSION) {
      throw new CryptoException("sealed value has an unknown format version");
    }
    if (sealed.get(sealed.position() + 1) != suite.id()) {
      throw new CryptoException("sealed value belongs to another cipher suite");
    }
  }

  /** The header is authenticated so that a value cannot be relabelled as another version. */
  private byte[] aad(byte[] associatedData) {
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] aad = new byte[HEADER + associatedData.length];
    aad[0] = VERSION;
    aad[1] = suite.id();
    System.arraycopy(associatedData, 0, aad, HEADER, associatedData.length);
    return aad;
  }
}
