package org.elementvault.crypto.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;

/**
 * SM4-GCM (GB/T 32907 block cipher in GCM, as in RFC 8998): {@link Sm4TableEngine} in counter mode,
 * four counter blocks at a time, authenticated by {@link Ghash}.
 *
 * <p>GCM is composed here rather than taken from Bouncy Castle's {@code GCMBlockCipher}, which
 * encrypts one counter block per call and so cannot overlap four; tests hold this class to Bouncy
 * Castle's GCM over its {@code SM4Engine}, in both directions, besides the published vectors.
 * Decryption checks the tag before it decrypts, so a forged value yields no plaintext at all.
 *
 * <p>SM4 and GHASH here are table-driven and not constant time; {@link Sm4TableEngine} states the
 * trade-off.
 *
 * <p>Instances are immutable and thread-safe: the key schedule and GHASH's tables are computed once
 * per key, in the constructor, because a scan opens thousands of 64 KiB segments under one key.
 */
public final class InsecureNonceSm4Gcm implements InsecureNonceCipher {

  /** SM4 keys are 128 bits: the first half of the vault's 256-bit key material. */
  private static final int SM4_KEY_LENGTH = Sm4TableEngine.KEY_SIZE;

  private static final int BLOCK = Sm4TableEngine.BLOCK_SIZE;
  private static final int BATCH = 4 * BLOCK;

  /** The counter of the first plaintext block: J0 = nonce ‖ 1 is spent on masking the tag. */
  private static final int FIRST_COUNTER = 2;

  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** Byte order does not matter to an XOR; native order is the cheapest. */
  private static final VarHandle NATIVE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final Sm4TableEngine engine;
  private final Ghash ghash;

  public InsecureNonceSm4Gcm(KeyMaterial key) {
    byte[] bytes = key.exposeSecretBytes();
    byte[] sm4Key = Arrays.copyOf(bytes, SM4_KEY_LENGTH);
    try {
      this.engine = new Sm4TableEngine(sm4Key);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(sm4Key, (byte) 0);
    }
    byte[] h = new byte[BLOCK];
    engine.encryptBlock(h, 0, h, 0);
    this.ghash = new Ghash(h);
    Arrays.fill(h, (byte) 0);
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

  @Override
  public void encrypt(byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset) {
    checkNonce(nonce);
    ctr(nonce, plaintext, 0, plaintext.length, out, outOffset);
    byte[] tag = tag(nonce, aad, out, outOffset, plaintext.length);
    System.arraycopy(tag, 0, out, outOffset + plaintext.length, TAG_LENGTH);
  }

  @Override
  public byte[] decrypt(byte[] nonce, byte[] aad, byte[] input, int offset, int length)
      throws CryptoException {
    checkNonce(nonce);
    if (length < TAG_LENGTH) {
      throw new CryptoException("sealed value failed authentication");
    }
    int ciphertextLength = length - TAG_LENGTH;
    byte[] expected = tag(nonce, aad, input, offset, ciphertextLength);
    if (!constantTimeEquals(expected, input, offset + ciphertextLength)) {
      throw new CryptoException("sealed value failed authentication");
    }
    byte[] plaintext = new byte[ciphertextLength];
    ctr(nonce, input, offset, ciphertextLength, plaintext, 0);
    return plaintext;
  }

  /**
   * Opens through the array form: SM4 here works on arrays. A heap input is read in place; the
   * plaintext passes through one heap array, zeroed before this returns.
   */
  @Override
  public void decrypt(byte[] nonce, byte[] aad, ByteBuffer input, ByteBuffer output)
      throws CryptoException {
    int length = input.remaining();
    if (output.remaining() < length - TAG_LENGTH) {
      throw new BufferOverflowException();
    }
    byte[] plaintext;
    if (input.hasArray()) {
      plaintext =
          decrypt(nonce, aad, input.array(), input.arrayOffset() + input.position(), length);
    } else {
      byte[] copy = new byte[length];
      input.duplicate().get(copy);
      plaintext = decrypt(nonce, aad, copy, 0, length);
    }
    input.position(input.limit());
    output.put(plaintext);
    Arrays.fill(plaintext, (byte) 0);
  }

  private static void checkNonce(byte[] nonce) {
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("SM4-GCM nonces are 12 bytes, got " + nonce.length);
    }
  }

  /** {@code GHASH(aad, ciphertext) XOR E(K, J0)}, the full 16-byte tag. */
  private byte[] tag(byte[] nonce, byte[] aad, byte[] ciphertext, int offset, int length) {
    byte[] tag = ghash.hash(aad, ciphertext, offset, length);
    byte[] mask = new byte[BLOCK];
    System.arraycopy(nonce, 0, mask, 0, NONCE_LENGTH);
    mask[BLOCK - 1] = 1;
    engine.encryptBlock(mask, 0, mask, 0);
    for (int i = 0; i < BLOCK; i++) {
      tag[i] ^= mask[i];
    }
    return tag;
  }

  /**
   * XORs {@code in[inOffset, inOffset+length)} with the key stream of counters {@link
   * #FIRST_COUNTER}, 3, … (the last 32 bits of each counter block, after the nonce) into {@code
   * out} at {@code outOffset}.
   */
  private void ctr(byte[] nonce, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    byte[] counters = new byte[BATCH];
    for (int block = 0; block < BATCH; block += BLOCK) {
      System.arraycopy(nonce, 0, counters, block, NONCE_LENGTH);
    }
    byte[] stream = new byte[BATCH];
    int counter = FIRST_COUNTER;
    for (int done = 0; done < length; done += BATCH) {
      for (int block = 0; block < BATCH; block += BLOCK) {
        BIG_ENDIAN_INT.set(counters, block + NONCE_LENGTH, counter++);
      }
      engine.encryptFourBlocks(counters, 0, stream, 0);
      int from = inOffset + done;
      int to = outOffset + done;
      if (length - done >= BATCH) {
        for (int i = 0; i < BATCH; i += Long.BYTES) {
          long x = (long) NATIVE_LONG.get(in, from + i) ^ (long) NATIVE_LONG.get(stream, i);
          NATIVE_LONG.set(out, to + i, x);
        }
      } else {
        for (int i = 0; i < length - done; i++) {
          out[to + i] = (byte) (in[from + i] ^ stream[i]);
        }
      }
    }
    Arrays.fill(stream, (byte) 0);
  }

  /** Compares all 16 bytes whatever the first difference, so timing does not reveal its place. */
  private static boolean constantTimeEquals(byte[] expected, byte[] input, int offset) {
    int difference = 0;
    for (int i = 0; i < TAG_LENGTH; i++) {
      difference |= expected[i] ^ input[offset + i];
    }
    return difference == 0;
  }
}
