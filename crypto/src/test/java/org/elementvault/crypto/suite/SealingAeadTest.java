package org.elementvault.crypto.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.TestingRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The sealed-value format of both suites, and every way a sealed value can be tampered with. */
class SealingAeadTest {

  private static final byte[] PLAINTEXT = "id_card=1101".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PLACE =
      "vault/1/tenant/7/dataset/3/version/1/batch/0/column/2".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_PLACE =
      "vault/1/tenant/7/dataset/3/version/1/batch/0/column/3".getBytes(StandardCharsets.UTF_8);

  private final SecureRandom random = TestingRandom.seeded();

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_sealedValue_returnsPlaintext(CipherSuite suite) throws CryptoException {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);

    byte[] opened = aead.open(sealed, PLACE);

    assertThat(opened).isEqualTo(PLAINTEXT);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_sealedEmptyValue_returnsEmptyPlaintext(CipherSuite suite) throws CryptoException {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(new byte[0], PLACE);

    byte[] opened = aead.open(sealed, PLACE);

    assertThat(opened).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_anyPlaintext_writesVersionAndSuiteHeaderAndAddsOverhead(CipherSuite suite) {
    Aead aead = newAead(suite);

    byte[] sealed = aead.seal(PLAINTEXT, PLACE);

    assertThat(sealed).hasSize(PLAINTEXT.length + Aead.OVERHEAD).startsWith(1, suite.id());
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_samePlaintextTwice_givesDifferentOutputs(CipherSuite suite) {
    Aead aead = newAead(suite);

    byte[] first = aead.seal(PLAINTEXT, PLACE);
    byte[] second = aead.seal(PLAINTEXT, PLACE);

    assertThat(first).isNotEqualTo(second);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_anySingleBitFlipped_fails(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);
    SoftAssertions softly = new SoftAssertions();

    for (int bit = 0; bit < sealed.length * Byte.SIZE; bit++) {
      byte[] tampered = sealed.clone();
      tampered[bit / Byte.SIZE] ^= (byte) (1 << (bit % Byte.SIZE));
      softly
          .assertThatThrownBy(() -> aead.open(tampered, PLACE))
          .as("bit %d flipped (seed %d)", bit, TestingRandom.SEED)
          .isInstanceOf(CryptoException.class);
    }

    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_truncatedToAnyShorterLength_fails(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);
    SoftAssertions softly = new SoftAssertions();

    for (int length = 0; length < sealed.length; length++) {
      byte[] truncated = Arrays.copyOf(sealed, length);
      softly
          .assertThatThrownBy(() -> aead.open(truncated, PLACE))
          .as("truncated to %d of %d bytes", length, sealed.length)
          .isInstanceOf(CryptoException.class);
    }

    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_truncatedBelowOverhead_failsAsTruncated(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] truncated = Arrays.copyOf(aead.seal(PLAINTEXT, PLACE), Aead.OVERHEAD - 1);

    assertThatThrownBy(() -> aead.open(truncated, PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value is truncated");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_byteAppended_fails(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);
    byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);

    assertThatThrownBy(() -> aead.open(extended, PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_wrongKey_fails(CipherSuite suite) {
    byte[] sealed = newAead(suite).seal(PLAINTEXT, PLACE);
    Aead otherKey = newAead(suite);

    assertThatThrownBy(() -> otherKey.open(sealed, PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  /** A sealed chunk moved to another column must not open there (place-bound associated data). */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_otherAssociatedData_fails(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);

    assertThatThrownBy(() -> aead.open(sealed, OTHER_PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_sealedByOtherSuiteUnderSameKey_fails(CipherSuite suite) {
    KeyMaterial key = KeyMaterial.generate(random);
    byte[] sealed = primitives(other(suite)).aead(key).seal(PLAINTEXT, PLACE);
    Aead aead = primitives(suite).aead(key);

    assertThatThrownBy(() -> aead.open(sealed, PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value belongs to another cipher suite");
  }

  /** Relabelling the suite byte gets past the header check but not the tag. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_sealedByOtherSuiteAndRelabelled_fails(CipherSuite suite) {
    KeyMaterial key = KeyMaterial.generate(random);
    byte[] sealed = primitives(other(suite)).aead(key).seal(PLAINTEXT, PLACE);
    sealed[1] = suite.id();
    Aead aead = primitives(suite).aead(key);

    assertThatThrownBy(() -> aead.open(sealed, PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_versionByteChanged_fails(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);
    sealed[0] = 2;

    assertThatThrownBy(() -> aead.open(sealed, PLACE))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value has an unknown format version");
  }

  private Primitives primitives(CipherSuite suite) {
    return suite.primitives(random);
  }

  /**
   * Plaintext lengths around the AES block and a whole 512 KiB chunk, as a chunk's segments vary.
   */
  static Stream<Arguments> suitesAndLengths() {
    return Stream.of(CipherSuite.values())
        .flatMap(
            suite ->
                IntStream.of(0, 1, 15, 16, 17, 512 << 10)
                    .mapToObj(length -> Arguments.of(suite, length)));
  }

  @ParameterizedTest
  @MethodSource("suitesAndLengths")
  void openInto_directOutput_equalsOpen(CipherSuite suite, int length) throws CryptoException {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(randomBytes(length), PLACE);
    ByteBuffer fromHeap = ByteBuffer.allocateDirect(length);
    ByteBuffer fromDirect = ByteBuffer.allocateDirect(length);

    aead.openInto(ByteBuffer.wrap(sealed), PLACE, fromHeap);
    aead.openInto(direct(sealed), PLACE, fromDirect);

    byte[] expected = aead.open(sealed, PLACE);
    assertThat(bytes(fromHeap.flip()))
        .as("heap input, seed %d", TestingRandom.SEED)
        .isEqualTo(expected);
    assertThat(bytes(fromDirect.flip())).as("direct input").isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openInto_valueInsideLargerBuffers_readsAndWritesOnlyItsRange(CipherSuite suite)
      throws CryptoException {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);
    ByteBuffer input = ByteBuffer.allocateDirect(sealed.length + 10);
    input.position(5).put(sealed).position(5).limit(5 + sealed.length);
    ByteBuffer output = ByteBuffer.allocateDirect(PLAINTEXT.length + 6).position(3);

    aead.openInto(input, PLACE, output);

    assertThat(output.position()).isEqualTo(3 + PLAINTEXT.length);
    assertThat(input.position()).isEqualTo(input.limit());
    byte[] expected = new byte[PLAINTEXT.length + 6];
    System.arraycopy(PLAINTEXT, 0, expected, 3, PLAINTEXT.length);
    assertThat(bytes(output.clear())).isEqualTo(expected);
  }

  /** A forged value must leave no plaintext behind in the caller's (off-heap) buffer. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openInto_anySingleBitFlipped_failsAndWritesNothing(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(randomBytes(48), PLACE);
    SoftAssertions softly = new SoftAssertions();

    for (int bit = 0; bit < sealed.length * Byte.SIZE; bit++) {
      byte[] tampered = sealed.clone();
      tampered[bit / Byte.SIZE] ^= (byte) (1 << (bit % Byte.SIZE));
      ByteBuffer output = ByteBuffer.allocateDirect(48);
      softly
          .assertThatThrownBy(() -> aead.openInto(ByteBuffer.wrap(tampered), PLACE, output))
          .as("bit %d flipped (seed %d)", bit, TestingRandom.SEED)
          .isInstanceOf(CryptoException.class);
      softly.assertThat(output.position()).as("bit %d: position", bit).isZero();
      softly.assertThat(bytes(output.clear())).as("bit %d: output", bit).containsOnly(0);
    }

    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openInto_outputTooSmall_throwsOverflowRatherThanForgery(CipherSuite suite) {
    Aead aead = newAead(suite);
    byte[] sealed = aead.seal(PLAINTEXT, PLACE);

    assertThatThrownBy(
            () ->
                aead.openInto(
                    ByteBuffer.wrap(sealed),
                    PLACE,
                    ByteBuffer.allocateDirect(PLAINTEXT.length - 1)))
        .isInstanceOf(BufferOverflowException.class);
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static ByteBuffer direct(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private Aead newAead(CipherSuite suite) {
    Primitives primitives = primitives(suite);
    return primitives.aead(primitives.newKey());
  }

  private static CipherSuite other(CipherSuite suite) {
    return switch (suite) {
      case INTL -> CipherSuite.GM;
      case GM -> CipherSuite.INTL;
    };
  }
}
