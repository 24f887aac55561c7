package org.elementvault.crypto.merkle;

import org.elementvault.crypto.CryptoException;

/**
 * The messages of this package's exceptions, in one place so that tests and documentation quote the
 * same text. They name the value or rule that failed, never a hash or another data value.
 */
final class MerkleMessages {

  private MerkleMessages() {}

  static IllegalArgumentException outOfRange(String name, long value, long min, long max) {
    return new IllegalArgumentException(
        name + " must be between " + min + " and " + max + ", got " + value);
  }

  static IllegalArgumentException negative(String name, long value) {
    return new IllegalArgumentException(name + " must not be negative, got " + value);
  }

  static IllegalArgumentException wrongLeafHashLength(long index, int length, int expected) {
    return new IllegalArgumentException(
        "leaf hash " + index + " must be " + expected + " bytes, got " + length);
  }

  static CryptoException inclusionIndexNotBelowSize() {
    return new CryptoException("inclusion proof failed: the leaf index is not below the tree size");
  }

  static CryptoException inclusionHashLength(String which, int expected) {
    return new CryptoException(
        "inclusion proof failed: the " + which + " is not " + expected + " bytes");
  }

  static CryptoException inclusionPathTooLong() {
    return new CryptoException(
        "inclusion proof failed: the path has more hashes than the tree size allows");
  }

  static CryptoException inclusionPathTooShort() {
    return new CryptoException(
        "inclusion proof failed: the path has fewer hashes than the tree size needs");
  }

  static CryptoException inclusionRootMismatch() {
    return new CryptoException("inclusion proof failed: the path does not lead to the root hash");
  }

  static CryptoException consistencyOldLargerThanNew() {
    return new CryptoException(
        "consistency proof failed: the old tree size is larger than the new tree size");
  }

  static CryptoException consistencyHashLength(String which, int expected) {
    return new CryptoException(
        "consistency proof failed: the " + which + " is not " + expected + " bytes");
  }

  static CryptoException consistencyPathNotEmpty() {
    return new CryptoException(
        "consistency proof failed: the path must be empty when the old tree is empty or as large"
            + " as the new one");
  }

  static CryptoException consistencyEqualSizesRootsDiffer() {
    return new CryptoException(
        "consistency proof failed: the trees have the same size but different root hashes");
  }

  static CryptoException consistencyOldRootNotEmptyTree() {
    return new CryptoException(
        "consistency proof failed: the old root hash is not the root hash of the empty tree");
  }

  static CryptoException consistencyPathEmpty() {
    return new CryptoException(
        "consistency proof failed: the path is empty but the tree sizes differ");
  }

  static CryptoException consistencyPathTooLong() {
    return new CryptoException(
        "consistency proof failed: the path has more hashes than the tree sizes allow");
  }

  static CryptoException consistencyPathTooShort() {
    return new CryptoException(
        "consistency proof failed: the path has fewer hashes than the tree sizes need");
  }

  static CryptoException consistencyOldRootMismatch() {
    return new CryptoException(
        "consistency proof failed: the path does not lead to the old root hash");
  }

  static CryptoException consistencyNewRootMismatch() {
    return new CryptoException(
        "consistency proof failed: the path does not lead to the new root hash");
  }

  static CryptoException treeHeadSignatureInvalid(CryptoException cause) {
    return new CryptoException("signed tree head failed: the signature does not verify", cause);
  }

  static CryptoException treeHeadMalformed(String reason) {
    return new CryptoException("signed tree head is malformed: " + reason);
  }
}
