package org.elementvault.crypto.merkle;

import java.util.List;
import java.util.Objects;

/**
 * The audit path that proves one leaf is in a tree of a given size (RFC 9162 §2.1.3). Check it with
 * {@link MerkleTree#verifyInclusion}.
 *
 * @param leafIndex the leaf's zero-based position, below {@code treeSize}
 * @param treeSize the number of leaves of the tree the path leads to the root of
 * @param path the sibling hashes from the leaf up to the root; copied in and out
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {

  public InclusionProof {
    if (treeSize < 1) {
      throw MerkleMessages.outOfRange("tree size", treeSize, 1, Long.MAX_VALUE);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw MerkleMessages.outOfRange("leaf index", leafIndex, 0, treeSize - 1);
    }
    path = HashLists.deepCopy(path);
  }

  /** The sibling hashes from the leaf up to the root, as fresh copies. */
  @Override
  public List<byte[]> path() {
    return HashLists.deepCopy(path);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InclusionProof that
        && leafIndex == that.leafIndex
        && treeSize == that.treeSize
        && HashLists.contentEquals(path, that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(leafIndex, treeSize, HashLists.contentHashCode(path));
  }

  @Override
  public String toString() {
    return "InclusionProof[leafIndex="
        + leafIndex
        + ", treeSize="
        + treeSize
        + ", path="
        + path.size()
        + " hashes]";
  }
}
