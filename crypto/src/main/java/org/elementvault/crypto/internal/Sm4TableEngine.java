package org.elementvault.crypto.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The SM4 block cipher (GB/T 32907), encryption direction only (all that GCM needs), with each
 * round's S-box and linear transform {@code L} folded into four 256-entry word tables, the layout
 * of OpenSSL's and GmSSL's table implementations: a round is four lookups and three XORs instead of
 * Bouncy Castle's four S-box lookups followed by four rotations.
 *
 * <p>A round cannot start before the previous one has finished its table lookups, so one block at a
 * time leaves most of the CPU idle waiting for loads; {@link #encryptFourBlocks} runs four
 * independent blocks (CTR mode's counter blocks) round by round in step, which roughly doubles the
 * throughput again.
 *
 * <h2>Timing</h2>
 *
 * <p>Not constant time: every round indexes the tables with bytes of the secret state, so an
 * attacker who shares the CPU caches with the vault (another process on the same core, a co-tenant
 * VM) may learn key bits from cache timing. The 4 KiB of tables span 64 cache lines where Bouncy
 * Castle's 256-byte S-box (also indexed by secret bytes) spans four, so each lookup leaks more. The
 * trade-off is OpenSSL's for its portable SM4 code: the vault runs on hosts it does not share with
 * strangers, and a Java SM4 without the CPU's SM4 or AES instructions is either table-driven or
 * several times slower.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class Sm4TableEngine {

  static final int BLOCK_SIZE = 16;
  static final int KEY_SIZE = 16;
  private static final int ROUNDS = 32;

  private static final byte[] SBOX =
      HexFormat.of()
          .parseHex(
              "d690e9fecce13db716b614c228fb2c052b679a762abe04c3aa44132649860699"
                  + "9c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa6"
                  + "4707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35"
                  + "1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89e"
                  + "eabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e3"
                  + "1df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51"
                  + "8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b0"
                  + "8969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948");

  /** The system parameter FK of the key schedule. */
  private static final int[] FK = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc};

  /** {@code T0[b] = L(S(b) << 24)}; T1…T3 are T0 rotated right by 8, 16 and 24 bits. */
  private static final int[] T0 = new int[256];

  private static final int[] T1 = new int[256];
  private static final int[] T2 = new int[256];
  private static final int[] T3 = new int[256];

  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  static {
    for (int b = 0; b < 256; b++) {
      int word = linear(sbox(b) << 24);
      T0[b] = word;
      T1[b] = Integer.rotateRight(word, 8);
      T2[b] = Integer.rotateRight(word, 16);
      T3[b] = Integer.rotateRight(word, 24);
    }
  }

  private final int[] roundKeys = new int[ROUNDS];

  /**
   * Expands {@code key} with the key schedule of GB/T 32907 section 7.3; the caller keeps owning
   * and wipes {@code key}.
   */
  Sm4TableEngine(byte[] key) {
    if (key.length != KEY_SIZE) {
      throw new IllegalArgumentException("SM4 keys are 16 bytes, got " + key.length);
    }
    int k0 = load(key, 0) ^ FK[0];
    int k1 = load(key, 4) ^ FK[1];
    int k2 = load(key, 8) ^ FK[2];
    int k3 = load(key, 12) ^ FK[3];
    for (int i = 0; i < ROUNDS; i++) {
      int next = k0 ^ keyScheduleT(k1 ^ k2 ^ k3 ^ ck(i));
      roundKeys[i] = next;
      k0 = k1;
      k1 = k2;
      k2 = k3;
      k3 = next;
    }
  }

  /** Encrypts the block {@code in[inOff, inOff+16)} into {@code out[outOff, outOff+16)}. */
  void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
    int x0 = load(in, inOff);
    int x1 = load(in, inOff + 4);
    int x2 = load(in, inOff + 8);
    int x3 = load(in, inOff + 12);
    int[] rk = roundKeys;
    // Four rounds per iteration, so that the state words never move between variables.
    for (int i = 0; i < ROUNDS; i += 4) {
      x0 ^= t(x1 ^ x2 ^ x3 ^ rk[i]);
      x1 ^= t(x2 ^ x3 ^ x0 ^ rk[i + 1]);
      x2 ^= t(x3 ^ x0 ^ x1 ^ rk[i + 2]);
      x3 ^= t(x0 ^ x1 ^ x2 ^ rk[i + 3]);
    }
    store(out, outOff, x0, x1, x2, x3);
  }

  /**
   * Encrypts the four consecutive blocks {@code in[inOff, inOff+64)} into {@code out[outOff,
   * outOff+64)}: the same as four {@link #encryptBlock} calls, interleaved so that the CPU overlaps
   * their lookups.
   */
  void encryptFourBlocks(byte[] in, int inOff, byte[] out, int outOff) {
    int a0 = load(in, inOff);
    int a1 = load(in, inOff + 4);
    int a2 = load(in, inOff + 8);
    int a3 = load(in, inOff + 12);
    int b0 = load(in, inOff + 16);
    int b1 = load(in, inOff + 20);
    int b2 = load(in, inOff + 24);
    int b3 = load(in, inOff + 28);
    int c0 = load(in, inOff + 32);
    int c1 = load(in, inOff + 36);
    int c2 = load(in, inOff + 40);
    int c3 = load(in, inOff + 44);
    int d0 = load(in, inOff + 48);
    int d1 = load(in, inOff + 52);
    int d2 = load(in, inOff + 56);
    int d3 = load(in, inOff + 60);
    int[] rk = roundKeys;
    for (int i = 0; i < ROUNDS; i += 4) {
      int k = rk[i];
      a0 ^= t(a1 ^ a2 ^ a3 ^ k);
      b0 ^= t(b1 ^ b2 ^ b3 ^ k);
      c0 ^= t(c1 ^ c2 ^ c3 ^ k);
      d0 ^= t(d1 ^ d2 ^ d3 ^ k);
      k = rk[i + 1];
      a1 ^= t(a2 ^ a3 ^ a0 ^ k);
      b1 ^= t(b2 ^ b3 ^ b0 ^ k);
      c1 ^= t(c2 ^ c3 ^ c0 ^ k);
      d1 ^= t(d2 ^ d3 ^ d0 ^ k);
      k = rk[i + 2];
      a2 ^= t(a3 ^ a0 ^ a1 ^ k);
      b2 ^= t(b3 ^ b0 ^ b1 ^ k);
      c2 ^= t(c3 ^ c0 ^ c1 ^ k);
      d2 ^= t(d3 ^ d0 ^ d1 ^ k);
      k = rk[i + 3];
      a3 ^= t(a0 ^ a1 ^ a2 ^ k);
      b3 ^= t(b0 ^ b1 ^ b2 ^ k);
      c3 ^= t(c0 ^ c1 ^ c2 ^ k);
      d3 ^= t(d0 ^ d1 ^ d2 ^ k);
    }
    store(out, outOff, a0, a1, a2, a3);
    store(out, outOff + 16, b0, b1, b2, b3);
    store(out, outOff + 32, c0, c1, c2, c3);
    store(out, outOff + 48, d0, d1, d2, d3);
  }

  /** The final reverse transform R: the ciphertext is (X35, X34, X33, X32). */
  private static void store(byte[] out, int outOff, int x0, int x1, int x2, int x3) {
    BIG_ENDIAN_INT.set(out, outOff, x3);
    BIG_ENDIAN_INT.set(out, outOff + 4, x2);
    BIG_ENDIAN_INT.set(out, outOff + 8, x1);
    BIG_ENDIAN_INT.set(out, outOff + 12, x0);
  }

  /** The round function's T = L ∘ τ, as four table lookups. */
  private static int t(int x) {
    return T0[x >>> 24] ^ T1[(x >>> 16) & 0xff] ^ T2[(x >>> 8) & 0xff] ^ T3[x & 0xff];
  }

  private static int linear(int b) {
    return b
        ^ Integer.rotateLeft(b, 2)
        ^ Integer.rotateLeft(b, 10)
        ^ Integer.rotateLeft(b, 18)
        ^ Integer.rotateLeft(b, 24);
  }

  /** The key schedule's T' = L' ∘ τ; it runs 32 times a key, so it needs no tables. */
  private static int keyScheduleT(int x) {
    int b =
        sbox(x >>> 24) << 24
            | sbox((x >>> 16) & 0xff) << 16
            | sbox((x >>> 8) & 0xff) << 8
            | sbox(x & 0xff);
    return b ^ Integer.rotateLeft(b, 13) ^ Integer.rotateLeft(b, 23);
  }

  /** The constant CK_i: its byte j (from the most significant) is (4i + j) · 7 mod 256. */
  private static int ck(int i) {
    int word = 0;
    for (int j = 0; j < 4; j++) {
      word = word << 8 | (((4 * i + j) * 7) & 0xff);
    }
    return word;
  }

  private static int sbox(int b) {
    return SBOX[b] & 0xff;
  }

  private static int load(byte[] bytes, int offset) {
    return (int) BIG_ENDIAN_INT.get(bytes, offset);
  }
}
