package org.elementvault.crypto.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.BigIntegers;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.TestingRandom;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;

/** SM2 in the {@code GM} suite against the GM/T 0003.5 (GB/T 32918.5) example. */
class GmPrimitivesTest {

  private static final BigInteger ORDER = GMNamedCurves.getByName("sm2p256v1").getN();
  private static final List<Vector> GMT_0003 = TestingVectors.load("sm2-signature.txt");

  private final GmPrimitives primitives = new GmPrimitives(TestingRandom.seeded());

  @Test
  void signer_gmt0003PrivateKey_derivesThePublishedPublicKey() {
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(GMT_0003).extracting(Vector::name).containsExactly("GM/T 0003.5 A");

    for (Vector vector : GMT_0003) {
      Signer signer = primitives.signer(KeyMaterial.copyOf(vector.bytes("private_key")));
      softly
          .assertThat(signer.publicKey())
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(uncompressedPoint(vector));
    }

    softly.assertAll();
  }

  /** The published (r, s), DER-encoded as GM/T 0009 specifies, verifies under the default ID. */
  @Test
  void verify_gmt0003Signature_passes() {
    SoftAssertions softly = new SoftAssertions();

    for (Vector vector : GMT_0003) {
      byte[] signature = derSignature(vector.bytes("r"), vector.bytes("s"));
      softly
          .assertThatCode(
              () ->
                  primitives
                      .verifier(uncompressedPoint(vector))
                      .verify(vector.bytes("message"), signature))
          .as(vector.name())
          .doesNotThrowAnyException();
    }

    softly.assertAll();
  }

  @Test
  void verify_gmt0003SignatureWithRAndSSwapped_fails() {
    Vector vector = GMT_0003.get(0);
    byte[] swapped = derSignature(vector.bytes("s"), vector.bytes("r"));

    assertThatThrownBy(
            () ->
                primitives
                    .verifier(uncompressedPoint(vector))
                    .verify(vector.bytes("message"), swapped))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signature does not verify");
  }

  @Test
  void verifier_pointNotOnCurve_isRefused() {
    byte[] publicKey = uncompressedPoint(GMT_0003.get(0));
    publicKey[64] ^= 0x01;

    assertThatThrownBy(() -> primitives.verifier(publicKey))
        .isInstanceOf(CryptoException.class)
        .hasMessage("not an SM2 public key");
  }

  @Test
  void verifier_pointAtInfinity_isRefused() {
    byte[] infinity = {0x00};

    assertThatThrownBy(() -> primitives.verifier(infinity))
        .isInstanceOf(CryptoException.class)
        .hasMessage("not an SM2 public key");
  }

  @Test
  void signer_scalarZero_isRefused() {
    KeyMaterial zero = KeyMaterial.copyOf(new byte[KeyMaterial.LENGTH]);

    assertThatThrownBy(() -> primitives.signer(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an SM2 private key");
  }

  /** GB/T 32918.1 allows private keys in [1, n-2]: n-1 has no inverse of 1+d. */
  @Test
  void signer_scalarOrderMinusOne_isRefused() {
    KeyMaterial nMinusOne =
        KeyMaterial.copyOf(
            BigIntegers.asUnsignedByteArray(KeyMaterial.LENGTH, ORDER.subtract(BigInteger.ONE)));

    assertThatThrownBy(() -> primitives.signer(nMinusOne))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an SM2 private key");
  }

  @Test
  void signer_scalarOrderMinusTwo_isAccepted() {
    KeyMaterial nMinusTwo =
        KeyMaterial.copyOf(
            BigIntegers.asUnsignedByteArray(KeyMaterial.LENGTH, ORDER.subtract(BigInteger.TWO)));

    Signer signer = primitives.signer(nMinusTwo);

    assertThat(signer.publicKey()).hasSize(65).startsWith(0x04);
  }

  private static byte[] uncompressedPoint(Vector vector) {
    byte[] point = new byte[65];
    point[0] = 0x04;
    System.arraycopy(vector.bytes("public_key_x", "public_key_y"), 0, point, 1, 64);
    return point;
  }

  private static byte[] derSignature(byte[] r, byte[] s) {
    try {
      return StandardDSAEncoding.INSTANCE.encode(ORDER, new BigInteger(1, r), new BigInteger(1, s));
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of two integers cannot fail", e);
    }
  }
}
