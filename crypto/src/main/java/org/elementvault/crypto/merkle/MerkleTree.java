package org.elementvault.crypto.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;

/**
 * Computes RFC 9162 (§2.1) Merkle tree hashes, inclusion proofs and consistency proofs over a list
 * of leaf hashes, and verifies such proofs.
 *
 * <p>A leaf hash is {@code H(0x00 ‖ entry)}, an interior node {@code H(0x01 ‖ left ‖ right)} and
 * the empty tree {@code H("")}, with the vault suite's {@link Hasher}. The log keeps one leaf hash
 * per entry, so every computing method takes that list and a tree size: the tree is the list's
 * first {@code treeSize} leaves, and later leaves are ignored. Each method hashes every leaf it
 * needs once (linear time, memory logarithmic in the size besides the result), so the log can
 * recompute a root over millions of entries. Instances hold only the hasher: immutable and
 * thread-safe.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>{@link #verifyInclusion} returning normally proves that the leaf hash sits at the given
 *       index of the tree of the given size whose root is the given root hash.
 *   <li>{@link #verifyConsistency} returning normally proves that the tree with the old root is the
 *       first {@code oldSize} leaves of the tree with the new root: nothing logged before was
 *       altered, reordered or removed.
 *   <li>Both rely on the collision resistance of the hash and say nothing about why a root should
 *       be trusted: check the {@link SignedTreeHead} that carries it first.
 *   <li>A proof that does not verify raises {@link CryptoException}, the tamper path. Arguments no
 *       tree can have (negative sizes or indices) raise {@link IllegalArgumentException}.
 * </ul>
 */
public final class MerkleTree {

  // Distinct leaf and node prefixes stop a leaf from being passed off as an interior node, the
  // second-preimage attack on unprefixed Merkle trees (RFC 9162 §2.1.1). Never mutated.
  private static final byte[] LEAF_PREFIX = {0x00};
  private static final byte[] NODE_PREFIX = {0x01};

  private final Hasher hasher;

  private MerkleTree(Hasher hasher) {
    this.hasher = hasher;
  }

  /** A tree calculator hashing with {@code hasher}, the vault suite's hash. */
  public static MerkleTree of(Hasher hasher) {
    return new MerkleTree(Objects.requireNonNull(hasher, "hasher"));
  }

  /** The leaf hash of one log entry, {@code H(0x00 ‖ entry)}. */
  public byte[] leafHash(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    return hasher.hash(LEAF_PREFIX, entry);
  }

  /**
   * The Merkle tree hash (root) of the first {@code treeSize} leaves; {@code H("")} for size 0.
   *
   * @throws IllegalArgumentException if {@code treeSize} is negative or above the list's size, or a
   *     leaf hash is not {@link Hasher#digestLength()} bytes
   */
  public byte[] rootHash(List<byte[]> leafHashes, long treeSize) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    int size = checkRange("tree size", treeSize, 0, leafHashes.size());
    return subtreeHash(leafHashes, 0, size);
  }

  /**
   * The audit path of leaf {@code leafIndex} in the tree of the first {@code treeSize} leaves (RFC
   * 9162 §2.1.3.1, {@code PATH(m, D_n)}).
   *
   * @throws IllegalArgumentException if {@code treeSize} is not in [1, list size], {@code
   *     leafIndex} not in [0, treeSize - 1], or a leaf hash is not {@link Hasher#digestLength()}
   *     bytes
   */
  public InclusionProof inclusionProof(List<byte[]> leafHashes, long leafIndex, long treeSize) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    int size = checkRange("tree size", treeSize, 1, leafHashes.size());
    int index = checkRange("leaf index", leafIndex, 0, size - 1L);
    // PATH's recursion unrolled: descend towards the leaf, keeping the sibling subtree's hash at
    // each split. The siblings together cover the other leaves once, so this is linear time.
    List<byte[]> path = new ArrayList<>();
    int start = 0;
    int end = size;
    while (end - start > 1) {
      int k = largestPowerOfTwoBelow(end - start);
      if (index < start + k) {
        path.add(subtreeHash(leafHashes, start + k, end));
        end = start + k;
      } else {
        path.add(subtreeHash(leafHashes, start, start + k));
        start += k;
      }
    }
    // Collected root-down; the path runs leaf-up.
    Collections.reverse(path);
    return new InclusionProof(leafIndex, treeSize, path);
  }

  /**
   * The proof that the tree of the first {@code oldSize} leaves is a prefix of the tree of the
   * first {@code newSize} (RFC 9162 §2.1.4.1, {@code PROOF(m, D_n)}); empty when {@code oldSize} is
   * 0 or equals {@code newSize}, which need no proof.
   *
   * @throws IllegalArgumentException if {@code newSize} is not in [0, list size], {@code oldSize}
   *     not in [0, newSize], or a leaf hash is not {@link Hasher#digestLength()} bytes
   */
  public ConsistencyProof consistencyProof(List<byte[]> leafHashes, long oldSize, long newSize) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    int size = checkRange("new tree size", newSize, 0, leafHashes.size());
    int old = checkRange("old tree size", oldSize, 0, size);
    List<byte[]> path = new ArrayList<>();
    if (old > 0 && old < size) {
      // SUBPROOF's recursion unrolled. oldTreeItself is its flag b: while the subtree being split
      // starts at leaf 0 and the old tree ends at its right edge, the verifier knows its hash (the
      // old root), so it is left out of the proof.
      int start = 0;
      int end = size;
      boolean oldTreeItself = true;
      while (old - start != end - start) {
        int k = largestPowerOfTwoBelow(end - start);
        if (old - start <= k) {
          path.add(subtreeHash(leafHashes, start + k, end));
          end = start + k;
        } else {
          path.add(subtreeHash(leafHashes, start, start + k));
          start += k;
          oldTreeItself = false;
        }
      }
      if (!oldTreeItself) {
        path.add(subtreeHash(leafHashes, start, end));
      }
      Collections.reverse(path);
    }
    return new ConsistencyProof(oldSize, newSize, path);
  }

  /**
   * Checks that {@code leafHash} is leaf {@code leafIndex} of the tree of {@code treeSize} leaves
   * whose root is {@code rootHash}, following RFC 9162 §2.1.3.2.
   *
   * @throws CryptoException if the proof does not verify: the index is not below the size, a hash
   *     has the wrong length, the path has the wrong number of hashes for this index and size, or
   *     it leads to another root
   * @throws IllegalArgumentException if {@code leafIndex} or {@code treeSize} is negative
   */
  public static void verifyInclusion(
      Hasher hasher,
      long leafIndex,
      long treeSize,
      byte[] leafHash,
      List<byte[]> path,
      byte[] rootHash)
      throws CryptoException {
    Objects.requireNonNull(hasher, "hasher");
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rootHash, "rootHash");
    checkNotNegative("leaf index", leafIndex);
    checkNotNegative("tree size", treeSize);
    if (leafIndex >= treeSize) {
      throw MerkleMessages.inclusionIndexNotBelowSize();
    }
    int length = hasher.digestLength();
    // Hashes of another length could still compare equal to each other (an empty leaf hash and
    // an empty root in a one-leaf tree), so reject them before any comparison.
    if (leafHash.length != length) {
      throw MerkleMessages.inclusionHashLength("leaf hash", length);
    }
    if (rootHash.length != length) {
      throw MerkleMessages.inclusionHashLength("root hash", length);
    }
    for (byte[] hash : path) {
      if (hash.length != length) {
        throw MerkleMessages.inclusionHashLength("path hash", length);
      }
    }
    // fn is the node's index on its level and sn the last index on that level; fn == sn means the
    // node is on the tree's right edge, where a level may have no sibling and is skipped.
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        throw MerkleMessages.inclusionPathTooLong();
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hasher.hash(NODE_PREFIX, p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = hasher.hash(NODE_PREFIX, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw MerkleMessages.inclusionPathTooShort();
    }
    if (!MessageDigest.isEqual(r, rootHash)) {
      throw MerkleMessages.inclusionRootMismatch();
    }
  }

  /**
   * Checks that the tree of {@code oldSize} leaves with root {@code oldRoot} is a prefix of the
   * tree of {@code newSize} leaves with root {@code newRoot}, following RFC 9162 §2.1.4.2. RFC 9162
   * covers {@code 0 < oldSize < newSize}; for the rest the proof must be empty and, for equal
   * sizes, the roots equal, and for an empty old tree its root must be {@code H("")}.
   *
   * @throws CryptoException if the proof does not verify: the old size is above the new, a hash has
   *     the wrong length, the path has the wrong number of hashes for these sizes, or it leads to
   *     other roots
   * @throws IllegalArgumentException if {@code oldSize} or {@code newSize} is negative
   */
  public static void verifyConsistency(
      Hasher hasher, long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> path)
      throws CryptoException {
    Objects.requireNonNull(hasher, "hasher");
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    Objects.requireNonNull(path, "path");
    checkNotNegative("old tree size", oldSize);
    checkNotNegative("new tree size", newSize);
    // A smaller new tree is a rollback, which is what this check exists to catch: a failed proof,
    // not a misuse.
    if (oldSize > newSize) {
      throw MerkleMessages.consistencyOldLargerThanNew();
    }
    int length = hasher.digestLength();
    if (oldRoot.length != length) {
      throw MerkleMessages.consistencyHashLength("old root hash", length);
    }
    if (newRoot.length != length) {
      throw MerkleMessages.consistencyHashLength("new root hash", length);
    }
    for (byte[] hash : path) {
      if (hash.length != length) {
        throw MerkleMessages.consistencyHashLength("path hash", length);
      }
    }
    if (oldSize == newSize || oldSize == 0) {
      if (!path.isEmpty()) {
        throw MerkleMessages.consistencyPathNotEmpty();
      }
      if (oldSize == newSize && !MessageDigest.isEqual(oldRoot, newRoot)) {
        throw MerkleMessages.consistencyEqualSizesRootsDiffer();
      }
      // Stricter than the RFC, which leaves size 0 out: a checkpoint of the empty tree with any
      // other root is not one this log could have signed.
      if (oldSize == 0 && !MessageDigest.isEqual(oldRoot, hasher.hash())) {
        throw MerkleMessages.consistencyOldRootNotEmptyTree();
      }
      return;
    }
    if (path.isEmpty()) {
      throw MerkleMessages.consistencyPathEmpty();
    }
    Iterator<byte[]> hashes = path.iterator();
    // When the old tree is a complete subtree, its root is the proof's implicit first hash.
    byte[] first = isPowerOfTwo(oldSize) ? oldRoot : hashes.next();
    byte[] fr = first;
    byte[] sr = first;
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    while (hashes.hasNext()) {
      byte[] c = hashes.next();
      if (sn == 0) {
        throw MerkleMessages.consistencyPathTooLong();
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hasher.hash(NODE_PREFIX, c, fr);
        sr = hasher.hash(NODE_PREFIX, c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = hasher.hash(NODE_PREFIX, sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw MerkleMessages.consistencyPathTooShort();
    }
    if (!MessageDigest.isEqual(fr, oldRoot)) {
      throw MerkleMessages.consistencyOldRootMismatch();
    }
    if (!MessageDigest.isEqual(sr, newRoot)) {
      throw MerkleMessages.consistencyNewRootMismatch();
    }
  }

  /**
   * MTH(D[start:end]) without recursion: a stack holds the roots of the complete subtrees seen so
   * far, largest first, so each leaf and node is hashed once. Folding the stack from the right at
   * the end gives RFC 9162's split at the largest power of two below the size.
   */
  private byte[] subtreeHash(List<byte[]> leafHashes, int start, int end) {
    if (start == end) {
      return hasher.hash();
    }
    if (end - start == 1) {
      // The root of a one-leaf tree is the leaf hash itself; copy it, the list is the caller's.
      return checkLeafHash(leafHashes.get(start), start).clone();
    }
    byte[][] stack = new byte[Integer.SIZE][];
    int top = 0;
    int index = start;
    for (byte[] leafHash : leafHashes.subList(start, end)) {
      byte[] node = checkLeafHash(leafHash, index);
      index++;
      // After c leaves, the stack holds one complete subtree per set bit of c: each trailing zero
      // of c is a merge of two equal subtrees.
      for (int count = index - start; (count & 1) == 0; count >>>= 1) {
        node = hasher.hash(NODE_PREFIX, stack[--top], node);
      }
      stack[top++] = node;
    }
    byte[] root = stack[--top];
    while (top > 0) {
      root = hasher.hash(NODE_PREFIX, stack[--top], root);
    }
    return root;
  }

  private byte[] checkLeafHash(byte[] leafHash, int index) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (leafHash.length != hasher.digestLength()) {
      throw MerkleMessages.wrongLeafHashLength(index, leafHash.length, hasher.digestLength());
    }
    return leafHash;
  }

  /** The largest power of two strictly below {@code n}, for {@code n >= 2}: RFC 9162's k. */
  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static boolean isPowerOfTwo(long n) {
    return Long.bitCount(n) == 1;
  }

  private static int checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw MerkleMessages.outOfRange(name, value, min, max);
    }
    return (int) value;
  }

  private static void checkNotNegative(String name, long value) {
    if (value < 0) {
      throw MerkleMessages.negative(name, value);
    }
  }
}
