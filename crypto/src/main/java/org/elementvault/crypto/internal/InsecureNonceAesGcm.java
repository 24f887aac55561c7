package org.elementvault.crypto.internal;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;

/** AES-256-GCM through JCA, which uses the CPU's AES and carry-less multiply instructions. */
public final class InsecureNonceAesGcm implements InsecureNonceCipher {

  /**
   * Bytes handed to the cipher per call while the process warms up. C2 compiles JCA's GHASH with
   * its carry-less multiply intrinsic only after some thousands of calls; a large value sealed in
   * one call runs GHASH in plain Java, about 65 MB/s, so an import's few hundred chunks of 300 KB
   * would never reach the fast path. Fed in slices, the same chunks reach it within the first dozen
   * and seal at about 1.5 GB/s. The output is the same: GCM is a stream.
   */
  private static final int WARM_UP_SLICE = 512;

  /**
   * Bytes per call once warm: the calls keep to the path C2 compiled (a value's last part in one
   * call would take another, colder one), and are large enough that their own cost is small (512
   * bytes a call cost warm sealing about a sixth of its throughput).
   */
  private static final int SLICE = 16_384;

  /** Warm-up slices the process still feeds: 8 MiB, past the point where C2 compiled GHASH. */
  private static final AtomicLong warmUpSlices = new AtomicLong(16_384);

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
      boolean warmingUp = warmUpSlices.get() > 0;
      int slice = warmingUp ? WARM_UP_SLICE : SLICE;
      int done = 0;
      int written = 0;
      for (; plaintext.length - done > slice; done += slice) {
        written += cipher.update(plaintext, done, slice, out, outOffset + written);
      }
      if (warmingUp) {
        warmUpSlices.addAndGet(-(done / slice));
      }
      cipher.doFinal(plaintext, done, plaintext.length - done, out, outOffset + written);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  @Override
  public byte[] decrypt(byte[] nonce, byte[] aad, byte[] input, int offset, int length)
      throws CryptoException {
    requireTag(length);
    Cipher cipher = decryptor(nonce);
    try {
      cipher.updateAAD(aad);
      return cipher.doFinal(input, offset, length);
    } catch (AEADBadTagException e) {
      throw new CryptoException("sealed value failed authentication");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("sealed value failed authentication", e);
    }
  }

  /**
   * JCA verifies the tag before it writes any plaintext (and zeroes what it wrote otherwise), so a
   * forged value leaves {@code output} without plaintext. With {@code output} direct, the plaintext
   * goes straight to off-heap memory.
   */
  @Override
  public void decrypt(byte[] nonce, byte[] aad, ByteBuffer input, ByteBuffer output)
      throws CryptoException {
    requireTag(input.remaining());
    if (output.remaining() < input.remaining() - TAG_LENGTH) {
      // JCA reports this as a checked ShortBufferException, which would read as a forgery.
      throw new BufferOverflowException();
    }
    Cipher cipher = decryptor(nonce);
    try {
      cipher.updateAAD(aad);
      cipher.doFinal(input, output);
    } catch (AEADBadTagException e) {
      throw new CryptoException("sealed value failed authentication");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("sealed value failed authentication", e);
    }
  }

  /** JCA reports a value shorter than a tag as an unchecked ProviderException: not a forgery. */
  private static void requireTag(int length) throws CryptoException {
    if (length < TAG_LENGTH) {
      throw new CryptoException("sealed value failed authentication");
    }
  }

  private Cipher decryptor(byte[] nonce) {
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }
}
