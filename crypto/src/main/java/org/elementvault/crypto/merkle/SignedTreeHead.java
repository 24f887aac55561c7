package org.elementvault.crypto.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;

/**
 * A log checkpoint: the root hash of the operation log's Merkle tree at a size and time, signed by
 * the vault, so that an auditor can pin it and later check {@linkplain MerkleTree#verifyConsistency
 * consistency} and {@linkplain MerkleTree#verifyInclusion inclusion} proofs against it.
 *
 * <h2>Format</h2>
 *
 * <p>The signature covers this byte string, all integers big-endian:
 *
 * <pre>
 *   "evault/sth/v1" 0x00      14 bytes: format label and version, NUL-terminated
 *   treeSize                  8 bytes, 0 to 2^63 - 1
 *   timestampMillis           8 bytes, milliseconds since the epoch, 0 to 2^63 - 1
 *   rootHash length           1 byte, 1 to 255
 *   rootHash
 * </pre>
 *
 * <p>{@link #toBytes()} appends the signature's length (2 bytes, 1 to 65535) and the signature.
 * Every field has a fixed size or a length prefix, so no two heads share an encoding, and the label
 * keeps a tree-head signature from being taken for any other message the same key signs.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>{@link #verify} returning normally proves that the holder of the verifier's key signed exactly
 * these four values. It does not prove the root is correct for the log, nor that the timestamp is
 * true: consistency proofs between successive heads are what show the log only grew. Values are
 * immutable; arrays are copied in and out.
 *
 * @param treeSize the number of log entries the tree covers
 * @param rootHash the tree's root hash
 * @param timestampMillis when the head was signed, from the vault's clock
 * @param signature the signature over the encoding above
 */
// Array components are copied in and out and compared by content below.
@SuppressWarnings("ArrayRecordComponent")
public record SignedTreeHead(
    long treeSize, byte[] rootHash, long timestampMillis, byte[] signature) {

  private static final byte[] LABEL = "evault/sth/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_ROOT_HASH_LENGTH = 0xff;
  private static final int MAX_SIGNATURE_LENGTH = 0xffff;
  private static final int FIXED_SIGNED_LENGTH = LABEL.length + Long.BYTES + Long.BYTES + 1;

  public SignedTreeHead {
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(signature, "signature");
    checkSignedFields(treeSize, rootHash, timestampMillis);
    if (signature.length < 1 || signature.length > MAX_SIGNATURE_LENGTH) {
      throw MerkleMessages.outOfRange(
          "signature length", signature.length, 1, MAX_SIGNATURE_LENGTH);
    }
    rootHash = rootHash.clone();
    signature = signature.clone();
  }

  /**
   * Signs a tree head with the vault's log key.
   *
   * @param timestampMillis the time of signing, from the vault's injected clock
   * @throws IllegalArgumentException if {@code treeSize} or {@code timestampMillis} is negative, or
   *     {@code rootHash} is empty or longer than 255 bytes
   */
  public static SignedTreeHead sign(
      Signer signer, long treeSize, byte[] rootHash, long timestampMillis) {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(rootHash, "rootHash");
    checkSignedFields(treeSize, rootHash, timestampMillis);
    byte[] signature = signer.sign(signedBytes(treeSize, rootHash, timestampMillis));
    return new SignedTreeHead(treeSize, rootHash, timestampMillis, signature);
  }

  /**
   * Checks the signature against the verifier's key.
   *
   * @throws CryptoException if any of the four values or the signature was altered, or another key
   *     signed it
   */
  public void verify(Verifier verifier) throws CryptoException {
    Objects.requireNonNull(verifier, "verifier");
    try {
      verifier.verify(signedBytes(treeSize, rootHash, timestampMillis), signature);
    } catch (CryptoException e) {
      throw MerkleMessages.treeHeadSignatureInvalid(e);
    }
  }

  /**
   * The signed encoding followed by the signature, for saving the checkpoint; see the class doc.
   */
  public byte[] toBytes() {
    byte[] signed = signedBytes(treeSize, rootHash, timestampMillis);
    return ByteBuffer.allocate(signed.length + Short.BYTES + signature.length)
        .put(signed)
        .putShort((short) signature.length)
        .put(signature)
        .array();
  }

  /**
   * Reads a head written by {@link #toBytes()}. It is not verified: call {@link #verify} next.
   *
   * @throws CryptoException if {@code bytes} is not exactly one well-formed version-1 head
   */
  public static SignedTreeHead fromBytes(byte[] bytes) throws CryptoException {
    Objects.requireNonNull(bytes, "bytes");
    ByteBuffer in = ByteBuffer.wrap(bytes);
    require(in, FIXED_SIGNED_LENGTH);
    byte[] label = new byte[LABEL.length];
    in.get(label);
    if (!Arrays.equals(label, LABEL)) {
      throw MerkleMessages.treeHeadMalformed("not a version 1 signed tree head");
    }
    long treeSize = in.getLong();
    if (treeSize < 0) {
      throw MerkleMessages.treeHeadMalformed("the tree size is negative");
    }
    long timestampMillis = in.getLong();
    if (timestampMillis < 0) {
      throw MerkleMessages.treeHeadMalformed("the timestamp is negative");
    }
    int rootHashLength = Byte.toUnsignedInt(in.get());
    if (rootHashLength == 0) {
      throw MerkleMessages.treeHeadMalformed("the root hash is empty");
    }
    require(in, rootHashLength + Short.BYTES);
    byte[] rootHash = new byte[rootHashLength];
    in.get(rootHash);
    int signatureLength = Short.toUnsignedInt(in.getShort());
    if (signatureLength == 0) {
      throw MerkleMessages.treeHeadMalformed("the signature is empty");
    }
    require(in, signatureLength);
    byte[] signature = new byte[signatureLength];
    in.get(signature);
    // Trailing bytes would let two different files read as the same head.
    if (in.hasRemaining()) {
      throw MerkleMessages.treeHeadMalformed("bytes follow the signature");
    }
    return new SignedTreeHead(treeSize, rootHash, timestampMillis, signature);
  }

  /** The root hash, as a fresh copy. */
  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The signature, as a fresh copy. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedTreeHead that
        && treeSize == that.treeSize
        && timestampMillis == that.timestampMillis
        && Arrays.equals(rootHash, that.rootHash)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        treeSize, timestampMillis, Arrays.hashCode(rootHash), Arrays.hashCode(signature));
  }

  /** Size, root and time, which operators compare between checkpoints; the signature's length. */
  @Override
  public String toString() {
    return "SignedTreeHead[treeSize="
        + treeSize
        + ", rootHash="
        + HexFormat.of().formatHex(rootHash)
        + ", timestampMillis="
        + timestampMillis
        + ", signature="
        + signature.length
        + " bytes]";
  }

  private static void checkSignedFields(long treeSize, byte[] rootHash, long timestampMillis) {
    if (treeSize < 0) {
      throw MerkleMessages.negative("tree size", treeSize);
    }
    if (rootHash.length < 1 || rootHash.length > MAX_ROOT_HASH_LENGTH) {
      throw MerkleMessages.outOfRange("root hash length", rootHash.length, 1, MAX_ROOT_HASH_LENGTH);
    }
    if (timestampMillis < 0) {
      throw MerkleMessages.negative("timestamp", timestampMillis);
    }
  }

  private static byte[] signedBytes(long treeSize, byte[] rootHash, long timestampMillis) {
    return ByteBuffer.allocate(FIXED_SIGNED_LENGTH + rootHash.length)
        .put(LABEL)
        .putLong(treeSize)
        .putLong(timestampMillis)
        .put((byte) rootHash.length)
        .put(rootHash)
        .array();
  }

  private static void require(ByteBuffer in, int length) throws CryptoException {
    if (in.remaining() < length) {
      throw MerkleMessages.treeHeadMalformed("it is truncated");
    }
  }
}
