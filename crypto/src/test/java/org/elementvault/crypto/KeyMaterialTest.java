package org.elementvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyMaterialTest {

  @Test
  void toString_anyKey_isRedacted() {
    byte[] bytes = counting();
    KeyMaterial key = KeyMaterial.copyOf(bytes);

    String text = key.toString();

    assertThat(text)
        .isEqualTo("KeyMaterial[redacted]")
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(bytes, 0, 4))
        .doesNotContain(Arrays.toString(bytes).substring(1, 10))
        .doesNotContain(Base64.getEncoder().encodeToString(bytes).substring(0, 4));
  }

  @Test
  void equals_sameBytes_isTrue() {
    KeyMaterial key = KeyMaterial.copyOf(counting());

    boolean equal = key.equals(KeyMaterial.copyOf(counting()));

    assertThat(equal).isTrue();
  }

  /** The comparison covers every byte, not a prefix: keys differing only at the end differ. */
  @ParameterizedTest
  @ValueSource(ints = {0, 15, 31})
  void equals_bytesDifferingInOnePosition_isFalse(int position) {
    byte[] other = counting();
    other[position] ^= 0x01;
    KeyMaterial key = KeyMaterial.copyOf(counting());

    boolean equal = key.equals(KeyMaterial.copyOf(other));

    assertThat(equal).isFalse();
  }

  /** A hash code derived from the bytes would leak information about them. */
  @Test
  void hashCode_differentKeys_isTheSame() {
    KeyMaterial key = KeyMaterial.generate(TestingRandom.seeded());
    KeyMaterial other = KeyMaterial.copyOf(counting());

    int hashCode = key.hashCode();

    assertThat(hashCode).isEqualTo(other.hashCode());
  }

  @Test
  void generate_twice_givesDifferentKeys() {
    var random = TestingRandom.seeded();
    KeyMaterial first = KeyMaterial.generate(random);

    KeyMaterial second = KeyMaterial.generate(random);

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void copyOf_sourceArrayChangedAfterwards_keyKeepsOriginalBytes() {
    byte[] bytes = counting();
    KeyMaterial key = KeyMaterial.copyOf(bytes);

    Arrays.fill(bytes, (byte) 0);

    assertThat(key).isEqualTo(KeyMaterial.copyOf(counting()));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 31, 33, 64})
  void copyOf_wrongLength_isRefused(int length) {
    byte[] bytes = new byte[length];

    assertThatThrownBy(() -> KeyMaterial.copyOf(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a key must be exactly 32 bytes, got " + length);
  }

  @Test
  void destroy_key_isDestroyed() {
    KeyMaterial key = KeyMaterial.copyOf(counting());

    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
  }

  /**
   * Reads the private array by reflection because no API may reveal bytes of a destroyed key; this
   * pins that {@code destroy()} overwrites the bytes instead of only setting a flag.
   */
  @Test
  void destroy_key_overwritesBytesWithZeros() throws ReflectiveOperationException {
    KeyMaterial key = KeyMaterial.copyOf(counting());
    Field bytes = KeyMaterial.class.getDeclaredField("bytes");
    bytes.setAccessible(true);

    key.destroy();

    assertThat((byte[]) bytes.get(key)).containsOnly(0);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void aead_destroyedKey_throwsIllegalStateException(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyMaterial key = primitives.newKey();
    key.destroy();

    assertThatThrownBy(() -> primitives.aead(key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key material was destroyed");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void signer_destroyedKey_throwsIllegalStateException(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyMaterial key = primitives.newSigningKey();
    key.destroy();

    assertThatThrownBy(() -> primitives.signer(key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key material was destroyed");
  }

  @Test
  void equals_destroyedKey_throwsIllegalStateException() {
    KeyMaterial key = KeyMaterial.copyOf(counting());
    KeyMaterial destroyed = KeyMaterial.copyOf(counting());
    destroyed.destroy();

    assertThatThrownBy(() -> key.equals(destroyed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key material was destroyed");
  }

  /** The bytes 0, 1, …, 31: recognisable in any encoding a leak might use. */
  private static byte[] counting() {
    byte[] bytes = new byte[KeyMaterial.LENGTH];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  /** Python: hmac.new(bytes(range(32)), b"pseudonym e1", "sha256").hexdigest() */
  @Test
  void hmacSha256_countingKey_matchesAnIndependentComputation() {
    KeyMaterial key = KeyMaterial.copyOf(counting());

    byte[] mac = key.hmacSha256("pseudonym e1".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("31a8f630fcd6a5acfe24d0973cdafa589a0bcfe0cc208e92ddadaf87881ee4de");
  }

  /** The kept MAC starts afresh for every message: each equals a MAC made for it alone. */
  @Test
  void hmacSha256_manyMessagesUnderOneKey_eachEqualsAFreshMac() throws Exception {
    KeyMaterial key = KeyMaterial.copyOf(counting());
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261205);
    for (int i = 0; i < 50; i++) {
      byte[] message = new byte[random.nextInt(200)];
      random.nextBytes(message);
      javax.crypto.Mac fresh = javax.crypto.Mac.getInstance("HmacSHA256");
      fresh.init(new javax.crypto.spec.SecretKeySpec(counting(), "HmacSHA256"));

      assertThat(key.hmacSha256(message)).isEqualTo(fresh.doFinal(message));
    }
  }

  @Test
  void hmacSha256_destroyedAfterUse_throws() {
    KeyMaterial key = KeyMaterial.copyOf(counting());
    var unused = key.hmacSha256(new byte[1]);
    key.destroy();

    assertThatThrownBy(() -> key.hmacSha256(new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void hmacSha256_destroyedKey_throws() {
    KeyMaterial key = KeyMaterial.copyOf(counting());
    key.destroy();

    assertThatThrownBy(() -> key.hmacSha256(new byte[1])).isInstanceOf(IllegalStateException.class);
  }
}
