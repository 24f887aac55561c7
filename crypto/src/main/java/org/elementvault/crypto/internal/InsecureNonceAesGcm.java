package org.elementvault.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;

/** AES-256-GCM through JCA, which uses the CPU's AES and carry-less multiply instructions. */
public final class InsecureNonceAesGcm implements InsecureNonceCipher {

  private final SecretKeySpec key;

  /**
   * One cipher per thread, re-initialised for every value: looking a cipher up and expanding the
   * key cost more than sealing a small value (a log entry, a metadata record).
   */
  private final ThreadLocal<Cipher> ciphers =
      ThreadLocal.withInitial(InsecureNonceAesGcm::newCipher);

  public InsecureNonceAesGcm(KeyMaterial key) {
    byte[] bytes = key.exposeSecretBytes();
    try {
      this.key = new SecretKeySpec(bytes, "AES");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  @Override
  public void encrypt(byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset) {
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(aad);
      cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  @Override
  public byte[] decrypt(byte[] nonce, byte[] aad, byte[] input, int offset, int length)
      throws CryptoException {
    if (length < TAG_LENGTH) {
      // JCA reports this as an unchecked ProviderException, which would escape the tamper path.
      throw new CryptoException("sealed value failed authentication");
    }
    Cipher cipher;
    try {
      cipher = ciphers.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
    try {
      cipher.updateAAD(aad);
      return cipher.doFinal(input, offset, length);
    } catch (AEADBadTagException e) {
      throw new CryptoException("sealed value failed authentication");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("sealed value failed authentication", e);
    }
  }
}
