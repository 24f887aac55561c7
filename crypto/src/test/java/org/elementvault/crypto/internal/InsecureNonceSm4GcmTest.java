package org.elementvault.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.TestingRandom;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InsecureNonceSm4GcmTest {

  private static final List<Vector> RFC_8998 = TestingVectors.load("sm4-gcm.txt");

  /**
   * Pins Bouncy Castle's {@code SM4Engine}, the reference the differential tests hold this cipher
   * to, to GB/T 32907.
   */
  @Test
  void bouncyCastleSm4Engine_gbt32907Examples_encryptToPublishedCiphertexts() {
    List<Vector> vectors = TestingVectors.load("sm4-block.txt");
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(vectors)
        .extracting(Vector::name)
        .containsExactly("GB/T 32907 A.1", "GB/T 32907 A.2");

    for (Vector vector : vectors) {
      SM4Engine engine = new SM4Engine();
      engine.init(true, new KeyParameter(vector.bytes("key")));
      byte[] block = vector.bytes("plaintext");
      for (int i = 0; i < vector.number("iterations"); i++) {
        engine.processBlock(block, 0, block, 0);
      }
      softly
          .assertThat(block)
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("ciphertext"));
    }

    softly.assertAll();
  }

  @Test
  void encrypt_rfc8998Vector_matchesPublishedCiphertextAndTag() {
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(RFC_8998).extracting(Vector::name).containsExactly("RFC 8998 A.1");

    for (Vector vector : RFC_8998) {
      byte[] plaintext = vector.bytes("plaintext");
      byte[] out = new byte[plaintext.length + InsecureNonceCipher.TAG_LENGTH];
      cipher(vector).encrypt(vector.bytes("iv"), vector.bytes("aad"), plaintext, out, 0);
      softly
          .assertThat(out)
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("ciphertext", "tag"));
    }

    softly.assertAll();
  }

  @Test
  void decrypt_rfc8998Vector_returnsPublishedPlaintext() {
    SoftAssertions softly = new SoftAssertions();

    for (Vector vector : RFC_8998) {
      byte[] input = vector.bytes("ciphertext", "tag");
      softly.check(
          () ->
              assertThat(decrypt(cipher(vector), vector, input))
                  .as(vector.name())
                  .inHexadecimal()
                  .isEqualTo(vector.bytes("plaintext")));
    }

    softly.assertAll();
  }

  /** The GM suite keys SM4 with the first 128 bits of the vault's 256-bit key material. */
  @Test
  void constructor_256BitKey_usesItsFirstHalfAsSm4Key() throws CryptoException {
    Vector vector = RFC_8998.get(0);
    byte[] keyMaterial = new byte[KeyMaterial.LENGTH];
    System.arraycopy(vector.bytes("key"), 0, keyMaterial, 0, 16);
    keyMaterial[31] = (byte) 0xff;
    InsecureNonceSm4Gcm cipher = new InsecureNonceSm4Gcm(KeyMaterial.copyOf(keyMaterial));
    byte[] input = vector.bytes("ciphertext", "tag");

    byte[] plaintext =
        cipher.decrypt(vector.bytes("iv"), vector.bytes("aad"), input, 0, input.length);

    assertThat(plaintext).isEqualTo(vector.bytes("plaintext"));
  }

  @Test
  void ofRawKey_256BitKey_isRefused() {
    byte[] key = new byte[KeyMaterial.LENGTH];

    assertThatThrownBy(() -> InsecureNonceSm4Gcm.ofRawKey(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SM4 keys are 16 bytes, got 32");
  }

  @Test
  void decrypt_inputShorterThanTag_failsAuthentication() {
    Vector vector = RFC_8998.get(0);
    byte[] input = new byte[InsecureNonceCipher.TAG_LENGTH - 1];

    assertThatThrownBy(
            () -> cipher(vector).decrypt(vector.bytes("iv"), vector.bytes("aad"), input, 0, 15))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  /** Lengths around the block (16) and four-block batch (64) edges, and one sealed segment. */
  @ParameterizedTest(name = "plaintext length {0}")
  @MethodSource("lengths")
  void encrypt_randomInput_opensWithBouncyCastleGcm(int length) throws InvalidCipherTextException {
    RandomCase input = RandomCase.of(length);
    byte[] sealed = new byte[length + InsecureNonceCipher.TAG_LENGTH];

    InsecureNonceSm4Gcm.ofRawKey(input.key)
        .encrypt(input.nonce, input.aad, input.plaintext, sealed, 0);

    assertThat(bouncyCastleGcm(false, input, sealed)).isEqualTo(input.plaintext);
  }

  @ParameterizedTest(name = "plaintext length {0}")
  @MethodSource("lengths")
  void decrypt_bouncyCastleGcmOutput_returnsPlaintext(int length)
      throws InvalidCipherTextException, CryptoException {
    RandomCase input = RandomCase.of(length);
    byte[] sealed = bouncyCastleGcm(true, input, input.plaintext);

    byte[] plaintext =
        InsecureNonceSm4Gcm.ofRawKey(input.key)
            .decrypt(input.nonce, input.aad, sealed, 0, sealed.length);

    assertThat(plaintext).isEqualTo(input.plaintext);
  }

  /** Tink's corrupted-ciphertext test: every bit of ciphertext and tag is authenticated. */
  @ParameterizedTest(name = "bit {0}")
  @MethodSource("bitsOfOneBlockAndTag")
  void decrypt_flippedBit_failsAuthentication(int bit) {
    RandomCase input = RandomCase.of(InsecureNonceCipher.TAG_LENGTH);
    InsecureNonceSm4Gcm cipher = InsecureNonceSm4Gcm.ofRawKey(input.key);
    byte[] sealed = new byte[2 * InsecureNonceCipher.TAG_LENGTH];
    cipher.encrypt(input.nonce, input.aad, input.plaintext, sealed, 0);
    sealed[bit / 8] ^= (byte) (1 << (bit % 8));

    assertThatThrownBy(() -> cipher.decrypt(input.nonce, input.aad, sealed, 0, sealed.length))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @Test
  void decrypt_otherAssociatedData_failsAuthentication() {
    RandomCase input = RandomCase.of(100);
    InsecureNonceSm4Gcm cipher = InsecureNonceSm4Gcm.ofRawKey(input.key);
    byte[] sealed = new byte[100 + InsecureNonceCipher.TAG_LENGTH];
    cipher.encrypt(input.nonce, input.aad, input.plaintext, sealed, 0);
    byte[] otherAad = input.aad.clone();
    otherAad[0] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt(input.nonce, otherAad, sealed, 0, sealed.length))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @Test
  void decrypt_otherNonce_failsAuthentication() {
    RandomCase input = RandomCase.of(100);
    InsecureNonceSm4Gcm cipher = InsecureNonceSm4Gcm.ofRawKey(input.key);
    byte[] sealed = new byte[100 + InsecureNonceCipher.TAG_LENGTH];
    cipher.encrypt(input.nonce, input.aad, input.plaintext, sealed, 0);
    byte[] otherNonce = input.nonce.clone();
    otherNonce[11] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt(otherNonce, input.aad, sealed, 0, sealed.length))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @Test
  void encrypt_96BitNonceMissing_isRefused() {
    RandomCase input = RandomCase.of(16);
    byte[] out = new byte[32];

    assertThatThrownBy(
            () ->
                InsecureNonceSm4Gcm.ofRawKey(input.key)
                    .encrypt(new byte[16], input.aad, input.plaintext, out, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SM4-GCM nonces are 12 bytes, got 16");
  }

  /** One instance serves a scan's threads: it must hold no per-call state. */
  @Test
  void decrypt_oneInstanceOnFourThreads_returnsEachThreadsPlaintext() throws Exception {
    RandomCase input = RandomCase.of(4096);
    InsecureNonceSm4Gcm cipher = InsecureNonceSm4Gcm.ofRawKey(input.key);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        byte[] plaintext = input.plaintext.clone();
        plaintext[0] = (byte) thread;
        byte[] sealed = new byte[plaintext.length + InsecureNonceCipher.TAG_LENGTH];
        cipher.encrypt(input.nonce, input.aad, plaintext, sealed, 0);
        results.add(
            threads.submit(
                () -> {
                  boolean allEqual = true;
                  for (int i = 0; i < 200; i++) {
                    byte[] opened =
                        cipher.decrypt(input.nonce, input.aad, sealed, 0, sealed.length);
                    allEqual &= Arrays.equals(opened, plaintext);
                  }
                  return allEqual;
                }));
      }

      for (Future<Boolean> result : results) {
        assertThat(result.get(1, TimeUnit.MINUTES)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  static IntStream lengths() {
    return IntStream.of(0, 1, 15, 16, 17, 47, 48, 63, 64, 65, 127, 128, 129, 1000, 65536);
  }

  static IntStream bitsOfOneBlockAndTag() {
    return IntStream.range(0, 2 * InsecureNonceCipher.TAG_LENGTH * 8);
  }

  /**
   * A key, nonce, associated data of 0 to 80 bytes and a plaintext of {@code length} bytes, drawn
   * from a generator seeded with {@link TestingRandom#SEED} plus {@code length}.
   */
  private static final class RandomCase {
    final byte[] key;
    final byte[] nonce;
    final byte[] aad;
    final byte[] plaintext;

    private RandomCase(int length) {
      SplittableRandom random = new SplittableRandom(TestingRandom.SEED + length);
      key = bytes(random, 16);
      nonce = bytes(random, InsecureNonceCipher.NONCE_LENGTH);
      aad = bytes(random, random.nextInt(81));
      plaintext = bytes(random, length);
    }

    static RandomCase of(int length) {
      return new RandomCase(length);
    }

    private static byte[] bytes(SplittableRandom random, int length) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return bytes;
    }
  }

  /** Bouncy Castle's own GCM over its {@code SM4Engine}: the reference implementation. */
  private static byte[] bouncyCastleGcm(boolean encrypt, RandomCase input, byte[] data)
      throws InvalidCipherTextException {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(
        encrypt,
        new AEADParameters(
            new KeyParameter(input.key),
            InsecureNonceCipher.TAG_LENGTH * 8,
            input.nonce,
            input.aad));
    byte[] out = new byte[gcm.getOutputSize(data.length)];
    int written = gcm.processBytes(data, 0, data.length, out, 0);
    gcm.doFinal(out, written);
    return out;
  }

  private static InsecureNonceSm4Gcm cipher(Vector vector) {
    return InsecureNonceSm4Gcm.ofRawKey(vector.bytes("key"));
  }

  /** Decrypts, turning a tag failure into an assertion error so that soft assertions collect it. */
  private static byte[] decrypt(InsecureNonceCipher cipher, Vector vector, byte[] input) {
    try {
      return cipher.decrypt(vector.bytes("iv"), vector.bytes("aad"), input, 0, input.length);
    } catch (CryptoException e) {
      throw new AssertionError(vector.name() + ": " + e.getMessage(), e);
    }
  }
}
