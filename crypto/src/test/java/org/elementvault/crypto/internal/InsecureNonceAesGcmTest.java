package org.elementvault.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;

class InsecureNonceAesGcmTest {

  private static final List<Vector> GCM_SPEC = TestingVectors.load("aes-256-gcm.txt");

  @Test
  void encrypt_gcmSpecTestCases13To16_matchPublishedCiphertextAndTag() {
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(GCM_SPEC)
        .extracting(Vector::name)
        .containsExactly("Test Case 13", "Test Case 14", "Test Case 15", "Test Case 16");

    for (Vector vector : GCM_SPEC) {
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
  void decrypt_gcmSpecTestCases13To16_returnPublishedPlaintext() {
    SoftAssertions softly = new SoftAssertions();

    for (Vector vector : GCM_SPEC) {
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

  @Test
  void encrypt_atOffset_leavesBytesBeforeOffsetAlone() {
    Vector vector = GCM_SPEC.get(3);
    byte[] plaintext = vector.bytes("plaintext");
    byte[] out = new byte[5 + plaintext.length + InsecureNonceCipher.TAG_LENGTH];
    out[0] = 42;

    cipher(vector).encrypt(vector.bytes("iv"), vector.bytes("aad"), plaintext, out, 5);

    assertThat(out).startsWith(42, 0, 0, 0, 0).endsWith(vector.bytes("ciphertext", "tag"));
  }

  /**
   * Values longer than a slice are sealed in several cipher calls, small slices while the process
   * warms up (the 9 MiB value uses up the warm-up) and large ones after: each result is one GCM
   * seal.
   */
  @Test
  void encrypt_valuesOfManySlicesBeforeAndAfterWarmUp_matchOneShotJcaSeals() throws Exception {
    for (int size : new int[] {100_003, 9 << 20, 100_003, 3 * 16_384 + 1, 16_384}) {
      assertSealedAsOneShot(size);
    }
  }

  private static void assertSealedAsOneShot(int size) throws GeneralSecurityException {
    Vector vector = GCM_SPEC.get(3);
    byte[] plaintext = new byte[size];
    new SplittableRandom(size).nextBytes(plaintext);
    byte[] out = new byte[3 + plaintext.length + InsecureNonceCipher.TAG_LENGTH];

    cipher(vector).encrypt(vector.bytes("iv"), vector.bytes("aad"), plaintext, out, 3);

    Cipher oneShot = Cipher.getInstance("AES/GCM/NoPadding");
    oneShot.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(vector.bytes("key"), "AES"),
        new GCMParameterSpec(InsecureNonceCipher.TAG_LENGTH * 8, vector.bytes("iv")));
    oneShot.updateAAD(vector.bytes("aad"));
    assertThat(Arrays.copyOfRange(out, 3, out.length))
        .as("a value of %d bytes", size)
        .isEqualTo(oneShot.doFinal(plaintext));
  }

  /** Pins a bug: JCA threw an unchecked ProviderException instead of failing authentication. */
  @Test
  void decrypt_inputShorterThanTag_failsAuthentication() {
    Vector vector = GCM_SPEC.get(0);
    byte[] input = new byte[InsecureNonceCipher.TAG_LENGTH - 1];

    assertThatThrownBy(
            () -> cipher(vector).decrypt(vector.bytes("iv"), vector.bytes("aad"), input, 0, 15))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  private static InsecureNonceAesGcm cipher(Vector vector) {
    return new InsecureNonceAesGcm(KeyMaterial.copyOf(vector.bytes("key")));
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
