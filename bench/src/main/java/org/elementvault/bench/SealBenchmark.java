package org.elementvault.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Throughput of sealing and opening one value with each cipher suite's {@link Aead} (AES-256-GCM
 * through JCA for {@code INTL}, SM4-GCM through the table-driven SM4 of {@code crypto.internal} for
 * {@code GM}), through the public API and so including the random nonce, the header and the copies
 * the sealed format costs.
 *
 * <p>{@link #jca()} is the peer of {@link #seal()} that issue 14's goal names (seal at least 90% of
 * raw JCA): the JDK's AES-256-GCM sealing the same value with the same associated data, and nothing
 * else. It does not depend on {@code suite}, so read it in the {@code INTL} rows.
 *
 * <p>Scores are operations per second; {@link BenchMain} also prints them as MB/s (ops/s × {@code
 * valueBytes} / 10⁶), the unit {@code openssl speed} reports, to compare the two.
 */
public class SealBenchmark extends AbstractMicrobenchmark {

  /** Associated data of a realistic length: a value's place in the vault. */
  private static final byte[] ASSOCIATED_DATA =
      "vault/0/tenant/7/dataset/42/version/3/batch/0/column/id_card"
          .getBytes(StandardCharsets.UTF_8);

  @Param({"INTL", "GM"})
  public CipherSuite suite = CipherSuite.INTL;

  /** 64 KiB: the size of a column chunk, and one of {@code openssl speed}'s sizes. */
  @Param("65536")
  public int valueBytes = 65536;

  private static final int GCM_NONCE_BYTES = 12;
  private static final int GCM_TAG_BITS = 128;

  private Aead aead;
  private byte[] plaintext;
  private byte[] sealed;
  private Cipher jcaCipher;
  private SecretKeySpec jcaKey;
  private long jcaNonces;

  /** Creates a key and a random value, and seals it once for {@link #open()}. */
  @Setup(Level.Trial)
  public void setUp() throws CryptoException {
    SecureRandom random = new SecureRandom();
    Primitives primitives = suite.primitives(random);
    KeyMaterial key = primitives.newKey();
    aead = primitives.aead(key);
    key.destroy();
    plaintext = new byte[valueBytes];
    random.nextBytes(plaintext);
    sealed = aead.seal(plaintext, ASSOCIATED_DATA);
    if (!Arrays.equals(aead.open(sealed, ASSOCIATED_DATA), plaintext)) {
      throw new IllegalStateException(suite + " does not open what it sealed");
    }
    byte[] jcaKeyBytes = new byte[32];
    random.nextBytes(jcaKeyBytes);
    jcaKey = new SecretKeySpec(jcaKeyBytes, "AES");
    Arrays.fill(jcaKeyBytes, (byte) 0);
    try {
      jcaCipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  /** Seals the value under a fresh nonce. */
  @Benchmark
  public byte[] seal() {
    return aead.seal(plaintext, ASSOCIATED_DATA);
  }

  /** Authenticates and decrypts the value sealed in {@link #setUp()}. */
  @Benchmark
  public byte[] open() throws CryptoException {
    return aead.open(sealed, ASSOCIATED_DATA);
  }

  /**
   * Seals the value with the JDK's AES-256-GCM directly: one cipher kept, a counter as the nonce
   * (JCA refuses a repeated one), no header, so the figure is the cipher's alone.
   */
  @Benchmark
  public byte[] jca() throws GeneralSecurityException {
    byte[] nonce = ByteBuffer.allocate(GCM_NONCE_BYTES).putLong(4, ++jcaNonces).array();
    jcaCipher.init(Cipher.ENCRYPT_MODE, jcaKey, new GCMParameterSpec(GCM_TAG_BITS, nonce));
    jcaCipher.updateAAD(ASSOCIATED_DATA);
    return jcaCipher.doFinal(plaintext);
  }
}
