package org.elementvault.crypto.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.TestingRandom;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DigestHasherTest {

  @Test
  void hash_gmSuite_matchesGbt32905Digests() {
    List<Vector> vectors = TestingVectors.load("sm3.txt");
    Hasher sm3 = hasher(CipherSuite.GM);
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(vectors)
        .extracting(Vector::name)
        .containsExactly("GB/T 32905 A.1", "GB/T 32905 A.2");

    for (Vector vector : vectors) {
      softly
          .assertThat(sm3.hash(vector.bytes("message")))
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("digest"));
    }

    softly.assertAll();
  }

  @Test
  void hash_intlSuite_matchesFips180Digest() {
    List<Vector> vectors = TestingVectors.load("sha-256.txt");
    Hasher sha256 = hasher(CipherSuite.INTL);
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(vectors).extracting(Vector::name).containsExactly("FIPS 180-2 B.1");

    for (Vector vector : vectors) {
      softly
          .assertThat(sha256.hash(vector.bytes("message")))
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("digest"));
    }

    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void hash_messageSplitIntoParts_equalsHashOfWholeMessage(CipherSuite suite) {
    Hasher hasher = hasher(suite);
    byte[] whole = "abcdabcdabcd".getBytes(StandardCharsets.US_ASCII);

    byte[] split =
        hasher.hash(
            "a".getBytes(StandardCharsets.US_ASCII),
            new byte[0],
            "bcdabcdabcd".getBytes(StandardCharsets.US_ASCII));

    assertThat(split).isEqualTo(hasher.hash(whole));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void digestLength_eitherSuite_is32BytesLikeItsDigests(CipherSuite suite) {
    Hasher hasher = hasher(suite);

    int length = hasher.digestLength();

    assertThat(length).isEqualTo(32).isEqualTo(hasher.hash().length);
  }

  private static Hasher hasher(CipherSuite suite) {
    return suite.primitives(TestingRandom.seeded()).hasher();
  }
}
