package org.elementvault.crypto.merkle;

import java.util.List;
import java.util.Objects;

/**
 * The hashes that prove a tree of {@code oldSize} leaves is a prefix of a tree of {@code newSize}
 * leaves, so nothing logged before was changed or removed (RFC 9162 §2.1.4). Check it with {@link
 * MerkleTree#verifyConsistency}.
 *
 * @param oldSize the size of the earlier tree, at most {@code newSize}
 * @param newSize the size of the later tree
 * @param path the proof's hashes; empty when {@code oldSize} is 0 or equals {@code newSize}; copied
 *     in and out
 */
public record ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {

  public ConsistencyProof {
    if (newSize < 0) {
      throw MerkleMessages.outOfRange("new tree size", newSize, 0, Long.MAX_VALUE);
    }
    if (oldSize < 0 || oldSize > newSize) {
      throw MerkleMessages.outOfRange("old tree size", oldSize, 0, newSize);
    }
    path = HashLists.deepCopy(path);
  }

  /** The proof's hashes, as fresh copies. */
  @Override
  public List<byte[]> path() {
    return HashLists.deepCopy(path);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConsistencyProof that
        && oldSize == that.oldSize
        && newSize == that.newSize
        && HashLists.contentEquals(path, that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(oldSize, newSize, HashLists.contentHashCode(path));
  }

  @Override
  public String toString() {
    return "ConsistencyProof[oldSize="
        + oldSize
        + ", newSize="
        + newSize
        + ", path="
        + path.size()
        + " hashes]";
  }
}
