package org.elementvault.crypto.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;

/** SM4-GCM (GB/T 32907 block cipher in GCM, as in RFC 8998) through Bouncy Castle. */
public final class InsecureNonceSm4Gcm implements InsecureNonceCipher {

  /** SM4 keys are 128 bits: the first half of the vault's 256-bit key material. */
  private static final int SM4_KEY_LENGTH = 16;

  private final byte[] key;

  public InsecureNonceSm4Gcm(KeyMaterial key) {
    byte[] bytes = key.exposeSecretBytes();
    this.key = Arrays.copyOf(bytes, SM4_KEY_LENGTH);
    Arrays.fill(bytes, (byte) 0);
  }

  /** For known-answer tests, which use 128-bit keys. */
  public static InsecureNonceSm4Gcm ofRawKey(byte[] sm4Key) {
    if (sm4Key.length != SM4_KEY_LENGTH) {
      throw new IllegalArgumentException("SM4 keys are 16 bytes, got " + sm4Key.length);
    }
    byte[] padded = Arrays.copyOf(sm4Key, KeyMaterial.LENGTH);
    try {
      return new InsecureNonceSm4Gcm(KeyMaterial.copyOf(padded));
    } finally {
      Arrays.fill(padded, (byte) 0);
    }
  }

  private GCMModeCipher cipher(boolean encrypt, byte[] nonce, byte[] aad) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
    return gcm;
  }

  @Override
  public void encrypt(byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset) {
    GCMModeCipher gcm = cipher(true, nonce, aad);
    int written = gcm.processBytes(plaintext, 0, plaintext.length, out, outOffset);
    try {
      gcm.doFinal(out, outOffset + written);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM encryption cannot fail", e);
    }
  }

  @Override
  public byte[] decrypt(byte[] nonce, byte[] aad, byte[] input, int offset, int length)
      throws CryptoException {
    if (length < TAG_LENGTH) {
      throw new CryptoException("sealed value failed authentication");
    }
    GCMModeCipher gcm = cipher(false, nonce, aad);
    byte[] out = new byte[gcm.getOutputSize(length)];
    int written = gcm.processBytes(input, offset, length, out, 0);
    try {
      gcm.doFinal(out, written);
      return out;
    } catch (InvalidCipherTextException e) {
      Arrays.fill(out, (byte) 0);
      throw new CryptoException("sealed value failed authentication");
    }
  }
}
