package org.elementvault.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing, verifying and the saved form of {@link SignedTreeHead}, for both suites. */
class SignedTreeHeadTest {

  private static final long TREE_SIZE = 1_234_567L;
  private static final long TIMESTAMP = 1_795_000_000_000L;
  private static final String SIGNATURE_FAILED =
      "signed tree head failed: the signature does not verify";

  /** The version-1 layout, field by field, of the head {@link #pinnedHead()} returns. */
  private static final String PINNED_HEX =
      "657661756c742f7374682f763100" // "evault/sth/v1" NUL
          + "0102030405060708" // tree size
          + "1112131415161718" // timestamp
          + "03" // root hash length
          + "0a0b0c" // root hash
          + "0002" // signature length
          + "f1f2"; // signature

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_signedHead_succeeds(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);

    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);

    assertThatCode(() -> head.verify(keys.verifier())).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_alteredTreeSize_fails(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);

    SignedTreeHead altered =
        new SignedTreeHead(TREE_SIZE + 1, head.rootHash(), TIMESTAMP, head.signature());

    assertThatThrownBy(() -> altered.verify(keys.verifier()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(SIGNATURE_FAILED);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_alteredRootHash_fails(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);
    byte[] root = head.rootHash();
    root[31] ^= 1;

    SignedTreeHead altered = new SignedTreeHead(TREE_SIZE, root, TIMESTAMP, head.signature());

    assertThatThrownBy(() -> altered.verify(keys.verifier()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(SIGNATURE_FAILED);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_alteredTimestamp_fails(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);

    SignedTreeHead altered =
        new SignedTreeHead(TREE_SIZE, head.rootHash(), TIMESTAMP - 1, head.signature());

    assertThatThrownBy(() -> altered.verify(keys.verifier()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(SIGNATURE_FAILED);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_alteredSignature_fails(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);
    byte[] signature = head.signature();
    signature[signature.length / 2] ^= 0x10;

    SignedTreeHead altered = new SignedTreeHead(TREE_SIZE, head.rootHash(), TIMESTAMP, signature);

    assertThatThrownBy(() -> altered.verify(keys.verifier()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(SIGNATURE_FAILED);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_otherKey_fails(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    Keys otherKeys = Keys.generate(suite);

    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);

    assertThatThrownBy(() -> head.verify(otherKeys.verifier()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(SIGNATURE_FAILED);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void fromBytes_savedHead_roundTripsToEqualHead(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);

    SignedTreeHead read = SignedTreeHead.fromBytes(head.toBytes());

    assertThat(read).isEqualTo(head).hasSameHashCodeAs(head);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void fromBytes_savedHead_stillVerifies(CipherSuite suite) throws CryptoException {
    Keys keys = Keys.generate(suite);
    SignedTreeHead head = SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), TIMESTAMP);

    SignedTreeHead read = SignedTreeHead.fromBytes(head.toBytes());

    assertThatCode(() -> read.verify(keys.verifier())).doesNotThrowAnyException();
  }

  /** Pins the version-1 format: a change to it must come with a new version label. */
  @Test
  void toBytes_fixedHead_matchesPinnedLayout() {
    byte[] bytes = pinnedHead().toBytes();

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(PINNED_HEX);
  }

  @Test
  void fromBytes_pinnedLayout_readsEveryField() throws CryptoException {
    SignedTreeHead head = SignedTreeHead.fromBytes(pinnedBytes());

    assertThat(head).isEqualTo(pinnedHead());
  }

  @Test
  void fromBytes_anyTruncation_throws() {
    byte[] bytes = pinnedBytes();
    SoftAssertions softly = new SoftAssertions();

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      softly
          .assertThatThrownBy(() -> SignedTreeHead.fromBytes(truncated))
          .as("length %d", length)
          .isInstanceOf(CryptoException.class)
          .hasMessage("signed tree head is malformed: it is truncated");
    }

    softly.assertAll();
  }

  @Test
  void fromBytes_trailingByte_throws() {
    byte[] bytes = Arrays.copyOf(pinnedBytes(), pinnedBytes().length + 1);

    assertThatThrownBy(() -> SignedTreeHead.fromBytes(bytes))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signed tree head is malformed: bytes follow the signature");
  }

  @Test
  void fromBytes_otherVersion_throws() {
    byte[] bytes = pinnedBytes();
    bytes["evault/sth/v".length()] = '2';

    assertThatThrownBy(() -> SignedTreeHead.fromBytes(bytes))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signed tree head is malformed: not a version 1 signed tree head");
  }

  @Test
  void fromBytes_negativeTreeSize_throws() {
    byte[] bytes = pinnedBytes();
    bytes[14] = (byte) 0x80;

    assertThatThrownBy(() -> SignedTreeHead.fromBytes(bytes))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signed tree head is malformed: the tree size is negative");
  }

  @Test
  void fromBytes_negativeTimestamp_throws() {
    byte[] bytes = pinnedBytes();
    bytes[22] = (byte) 0x80;

    assertThatThrownBy(() -> SignedTreeHead.fromBytes(bytes))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signed tree head is malformed: the timestamp is negative");
  }

  @Test
  void fromBytes_emptyRootHash_throws() {
    byte[] bytes = HexFormat.of().parseHex(PINNED_HEX.replace("030a0b0c", "00"));

    assertThatThrownBy(() -> SignedTreeHead.fromBytes(bytes))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signed tree head is malformed: the root hash is empty");
  }

  @Test
  void fromBytes_emptySignature_throws() {
    byte[] bytes = HexFormat.of().parseHex(PINNED_HEX.replace("0002f1f2", "0000"));

    assertThatThrownBy(() -> SignedTreeHead.fromBytes(bytes))
        .isInstanceOf(CryptoException.class)
        .hasMessage("signed tree head is malformed: the signature is empty");
  }

  @Test
  void new_negativeTreeSize_throws() {
    assertThatThrownBy(() -> new SignedTreeHead(-1, new byte[32], TIMESTAMP, new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size must not be negative, got -1");
  }

  @Test
  void new_emptyRootHash_throws() {
    assertThatThrownBy(() -> new SignedTreeHead(TREE_SIZE, new byte[0], TIMESTAMP, new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("root hash length must be between 1 and 255, got 0");
  }

  @Test
  void new_emptySignature_throws() {
    assertThatThrownBy(() -> new SignedTreeHead(TREE_SIZE, new byte[32], TIMESTAMP, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signature length must be between 1 and 65535, got 0");
  }

  @Test
  void sign_negativeTimestamp_throws() {
    Keys keys = Keys.generate(CipherSuite.INTL);

    assertThatThrownBy(() -> SignedTreeHead.sign(keys.signer(), TREE_SIZE, keys.root(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timestamp must not be negative, got -1");
  }

  @Test
  void new_rootHashChangedAfterwards_leavesHeadUnchanged() {
    byte[] root = {1, 2, 3};
    SignedTreeHead head = new SignedTreeHead(TREE_SIZE, root, TIMESTAMP, new byte[] {9});

    root[0] = 7;

    assertThat(head.rootHash()).containsExactly(1, 2, 3);
  }

  @Test
  void signature_returnedArrayChanged_leavesHeadUnchanged() {
    SignedTreeHead head = pinnedHead();

    head.signature()[0] = 0;

    assertThat(head.signature()).containsExactly(0xf1, 0xf2);
  }

  @Test
  void toString_showsSizeRootAndTime() {
    SignedTreeHead head = pinnedHead();

    assertThat(head)
        .hasToString(
            "SignedTreeHead[treeSize=72623859790382856, rootHash=0a0b0c,"
                + " timestampMillis=1230066625199609624, signature=2 bytes]");
  }

  private static SignedTreeHead pinnedHead() {
    return new SignedTreeHead(
        0x0102030405060708L,
        new byte[] {0x0a, 0x0b, 0x0c},
        0x1112131415161718L,
        new byte[] {(byte) 0xf1, (byte) 0xf2});
  }

  private static byte[] pinnedBytes() {
    return HexFormat.of().parseHex(PINNED_HEX);
  }

  /** A suite's primitives, a fresh signing key and its verifier. */
  private record Keys(Primitives primitives, Signer signer, Verifier verifier) {

    static Keys generate(CipherSuite suite) {
      Primitives primitives = suite.primitives(new SecureRandom());
      Signer signer = primitives.signer(primitives.newSigningKey());
      try {
        return new Keys(primitives, signer, primitives.verifier(signer.publicKey()));
      } catch (CryptoException e) {
        throw new AssertionError("the suite rejected its own public key", e);
      }
    }

    /** A root hash of the suite's length. */
    byte[] root() {
      return primitives.hasher().hash("a log root".getBytes(StandardCharsets.UTF_8));
    }
  }
}
