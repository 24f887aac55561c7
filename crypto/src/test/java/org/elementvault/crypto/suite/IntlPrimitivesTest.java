package org.elementvault.crypto.suite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.TestingRandom;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;

/** Ed25519 in the {@code INTL} suite against RFC 8032, section 7.1. */
class IntlPrimitivesTest {

  private static final List<Vector> RFC_8032 = TestingVectors.load("ed25519.txt");

  private final IntlPrimitives primitives = new IntlPrimitives(TestingRandom.seeded());

  @Test
  void signer_rfc8032SecretKeys_deriveThePublishedPublicKeys() {
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(RFC_8032)
        .extracting(Vector::name)
        .containsExactly("RFC 8032 7.1 TEST 1", "RFC 8032 7.1 TEST 2", "RFC 8032 7.1 TEST 3");

    for (Vector vector : RFC_8032) {
      Signer signer = primitives.signer(KeyMaterial.copyOf(vector.bytes("secret_key")));
      softly
          .assertThat(signer.publicKey())
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("public_key"));
    }

    softly.assertAll();
  }

  @Test
  void sign_rfc8032Vectors_producesThePublishedSignatures() {
    SoftAssertions softly = new SoftAssertions();

    for (Vector vector : RFC_8032) {
      Signer signer = primitives.signer(KeyMaterial.copyOf(vector.bytes("secret_key")));
      softly
          .assertThat(signer.sign(vector.bytes("message")))
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("signature"));
    }

    softly.assertAll();
  }

  @Test
  void verify_rfc8032Vectors_pass() {
    SoftAssertions softly = new SoftAssertions();

    for (Vector vector : RFC_8032) {
      softly
          .assertThatCode(
              () ->
                  primitives
                      .verifier(vector.bytes("public_key"))
                      .verify(vector.bytes("message"), vector.bytes("signature")))
          .as(vector.name())
          .doesNotThrowAnyException();
    }

    softly.assertAll();
  }

  @Test
  void verify_rfc8032SignatureWithOneBitFlipped_fails() throws CryptoException {
    Vector vector = RFC_8032.get(2);
    byte[] signature = vector.bytes("signature");
    signature[40] ^= 0x01;

    assertThatThrownBy(
            () ->
                primitives
                    .verifier(vector.bytes("public_key"))
                    .verify(vector.bytes("message"), signature))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signature does not verify");
  }

  /** RFC 8032 5.1.3: an encoded y at or above the field prime is not a point. */
  @Test
  void verifier_nonCanonicalPublicKey_isRefused() {
    byte[] publicKey = new byte[32];
    Arrays.fill(publicKey, (byte) 0xff);

    assertThatThrownBy(() -> primitives.verifier(publicKey))
        .isInstanceOf(CryptoException.class)
        .hasMessage("not an Ed25519 public key");
  }
}
