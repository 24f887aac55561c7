package org.elementvault.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing and verification in both suites: what verifies and every refusal. */
class VerifierTest {

  private static final byte[] MESSAGE =
      "tree head 42: 9f86d081884c7d659a2feaa0c55ad015".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_MESSAGE =
      "tree head 43: 9f86d081884c7d659a2feaa0c55ad015".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_signatureBySigner_passes(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    Signer signer = primitives.signer(primitives.newSigningKey());
    byte[] signature = signer.sign(MESSAGE);
    Verifier verifier = primitives.verifier(signer.publicKey());

    assertThatCode(() -> verifier.verify(MESSAGE, signature)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_signatureOverOtherMessage_fails(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    Signer signer = primitives.signer(primitives.newSigningKey());
    byte[] signature = signer.sign(MESSAGE);
    Verifier verifier = primitives.verifier(signer.publicKey());

    assertThatThrownBy(() -> verifier.verify(OTHER_MESSAGE, signature))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signature does not verify");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_signatureByOtherKey_fails(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    byte[] signature = primitives.signer(primitives.newSigningKey()).sign(MESSAGE);
    Signer other = primitives.signer(primitives.newSigningKey());
    Verifier verifier = primitives.verifier(other.publicKey());

    assertThatThrownBy(() -> verifier.verify(MESSAGE, signature))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signature does not verify");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_truncatedSignature_fails(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    Signer signer = primitives.signer(primitives.newSigningKey());
    byte[] signature = signer.sign(MESSAGE);
    byte[] truncated = Arrays.copyOf(signature, signature.length - 1);
    Verifier verifier = primitives.verifier(signer.publicKey());

    assertThatThrownBy(() -> verifier.verify(MESSAGE, truncated))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signature does not verify");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_emptySignature_fails(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    Signer signer = primitives.signer(primitives.newSigningKey());
    Verifier verifier = primitives.verifier(signer.publicKey());

    assertThatThrownBy(() -> verifier.verify(MESSAGE, new byte[0]))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signature does not verify");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifier_publicKeyOfOtherSuite_isRefused(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    Primitives other = otherSuite(suite).primitives(TestingRandom.seeded());
    byte[] otherPublicKey = other.signer(other.newSigningKey()).publicKey();

    assertThatThrownBy(() -> primitives.verifier(otherPublicKey))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("not an ");
  }

  /** Pins a bug: Bouncy Castle's SM2 point decoder threw ArrayIndexOutOfBoundsException. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifier_emptyPublicKey_isRefused(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());

    assertThatThrownBy(() -> primitives.verifier(new byte[0]))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("not an ");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifier_publicKeyMissingLastByte_isRefused(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    byte[] publicKey = primitives.signer(primitives.newSigningKey()).publicKey();
    byte[] truncated = Arrays.copyOf(publicKey, publicKey.length - 1);

    assertThatThrownBy(() -> primitives.verifier(truncated))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("not an ");
  }

  private static CipherSuite otherSuite(CipherSuite suite) {
    return switch (suite) {
      case INTL -> CipherSuite.GM;
      case GM -> CipherSuite.INTL;
    };
  }
}
