package org.elementvault.crypto.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;

class Argon2idKdfTest {

  private static final Argon2Params CHEAP = Argon2Params.TESTING_ONLY_INSECURE;
  private static final byte[] SALT = new byte[Argon2idKdf.SALT_LENGTH];

  @Test
  void derive_rfc9106Vector_returnsPublishedTag() {
    List<Vector> vectors = TestingVectors.load("argon2id.txt");
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(vectors).extracting(Vector::name).containsExactly("RFC 9106 5.3");

    for (Vector vector : vectors) {
      Argon2Params params =
          new Argon2Params(
              vector.number("memory_kib"),
              vector.number("iterations"),
              vector.number("parallelism"));
      KeyMaterial tag =
          Argon2idKdf.derive(
              vector.bytes("password"),
              vector.bytes("salt"),
              vector.bytes("secret"),
              vector.bytes("associated_data"),
              params);
      softly.assertThat(tag).as(vector.name()).isEqualTo(KeyMaterial.copyOf(vector.bytes("tag")));
    }

    softly.assertAll();
  }

  @Test
  void derive_paramsBelowFloor_isRefusedNamingBoth() {
    char[] passphrase = "correct horse".toCharArray();

    assertThatThrownBy(() -> Argon2idKdf.derive(passphrase, SALT, CHEAP, Argon2Params.MINIMUM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Argon2id cost Argon2Params[memoryKiB=256, iterations=1, parallelism=1] is below the"
                + " enforced minimum Argon2Params[memoryKiB=65536, iterations=3, parallelism=4]");
  }

  @Test
  void derive_oneIterationFewerThanFloor_isRefused() {
    char[] passphrase = "correct horse".toCharArray();
    Argon2Params cheaper = new Argon2Params(64 * 1024, 2, 4);

    assertThatThrownBy(() -> Argon2idKdf.derive(passphrase, SALT, cheaper, Argon2Params.MINIMUM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Argon2id cost Argon2Params[memoryKiB=65536, iterations=2");
  }

  @Test
  void derive_wrongSaltLength_isRefused() {
    char[] passphrase = "correct horse".toCharArray();
    byte[] salt = new byte[Argon2idKdf.SALT_LENGTH - 1];

    assertThatThrownBy(() -> Argon2idKdf.derive(passphrase, salt, CHEAP, CHEAP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Argon2id salt must be 16 bytes, got 15");
  }

  @Test
  void derive_samePassphraseAndSalt_givesSameKey() {
    KeyMaterial first = Argon2idKdf.derive("correct horse".toCharArray(), SALT, CHEAP, CHEAP);

    KeyMaterial second = Argon2idKdf.derive("correct horse".toCharArray(), SALT, CHEAP, CHEAP);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void derive_otherSalt_givesOtherKey() {
    byte[] otherSalt = SALT.clone();
    otherSalt[0] = 1;
    KeyMaterial first = Argon2idKdf.derive("correct horse".toCharArray(), SALT, CHEAP, CHEAP);

    KeyMaterial second = Argon2idKdf.derive("correct horse".toCharArray(), otherSalt, CHEAP, CHEAP);

    assertThat(second).isNotEqualTo(first);
  }

  /**
   * The passphrase is hashed as UTF-8 whatever the platform charset or locale (tests run in tr).
   */
  @Test
  void derive_nonAsciiPassphrase_hashesItsUtf8Encoding() {
    String passphrase = "İstanbul 口令 ß";
    KeyMaterial expected =
        Argon2idKdf.derive(passphrase.getBytes(StandardCharsets.UTF_8), SALT, null, null, CHEAP);

    KeyMaterial derived = Argon2idKdf.derive(passphrase.toCharArray(), SALT, CHEAP, CHEAP);

    assertThat(derived).isEqualTo(expected);
  }
}
