package org.elementvault.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;

class InsecureNonceSm4GcmTest {

  private static final List<Vector> RFC_8998 = TestingVectors.load("sm4-gcm.txt");

  /** Pins the block cipher under the GCM mode to GB/T 32907, independently of GCM. */
  @Test
  void sm4Engine_gbt32907Example_encryptsToPublishedCiphertext() {
    List<Vector> vectors = TestingVectors.load("sm4-block.txt");
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(vectors).extracting(Vector::name).containsExactly("GB/T 32907 A.1");

    for (Vector vector : vectors) {
      SM4Engine engine = new SM4Engine();
      engine.init(true, new KeyParameter(vector.bytes("key")));
      byte[] out = new byte[engine.getBlockSize()];
      engine.processBlock(vector.bytes("plaintext"), 0, out, 0);
      softly
          .assertThat(out)
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
