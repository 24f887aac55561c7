package org.elementvault.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Edge cases, argument checks and the exact failure messages of {@link MerkleTree}. */
class MerkleTreeTest {

  private static final Hasher SHA256 = CipherSuite.INTL.primitives(new SecureRandom()).hasher();
  private static final MerkleTree TREE = MerkleTree.of(SHA256);
  private static final List<byte[]> LEAVES = leafHashes(5);

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void rootHash_emptyTree_isHashOfEmptyString(CipherSuite suite) {
    Hasher hasher = suite.primitives(new SecureRandom()).hasher();

    byte[] root = MerkleTree.of(hasher).rootHash(List.of(), 0);

    assertThat(root).isEqualTo(hasher.hash());
  }

  @Test
  void rootHash_oneLeaf_isACopyOfTheLeafHash() {
    byte[] root = TREE.rootHash(LEAVES, 1);

    assertThat(root).isEqualTo(LEAVES.get(0)).isNotSameAs(LEAVES.get(0));
  }

  @Test
  void rootHash_leavesBeyondSize_areIgnored() {
    List<byte[]> longer = new ArrayList<>(LEAVES);
    longer.add(TREE.leafHash(new byte[] {42}));

    byte[] root = TREE.rootHash(longer, 5);

    assertThat(root).isEqualTo(TREE.rootHash(LEAVES, 5));
  }

  @Test
  void rootHash_sizeAboveLeafCount_throws() {
    assertThatThrownBy(() -> TREE.rootHash(LEAVES, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size must be between 0 and 5, got 6");
  }

  @Test
  void rootHash_negativeSize_throws() {
    assertThatThrownBy(() -> TREE.rootHash(LEAVES, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size must be between 0 and 5, got -1");
  }

  @Test
  void rootHash_leafHashOfWrongLength_throws() {
    List<byte[]> leaves = new ArrayList<>(LEAVES);
    leaves.set(3, new byte[31]);

    assertThatThrownBy(() -> TREE.rootHash(leaves, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf hash 3 must be 32 bytes, got 31");
  }

  @Test
  void inclusionProof_indexAtSize_throws() {
    assertThatThrownBy(() -> TREE.inclusionProof(LEAVES, 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf index must be between 0 and 2, got 3");
  }

  @Test
  void inclusionProof_emptyTree_throws() {
    assertThatThrownBy(() -> TREE.inclusionProof(LEAVES, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size must be between 1 and 5, got 0");
  }

  @Test
  void inclusionProof_oneLeafTree_hasEmptyPath() {
    InclusionProof proof = TREE.inclusionProof(LEAVES, 0, 1);

    assertThat(proof).isEqualTo(new InclusionProof(0, 1, List.of()));
  }

  @Test
  void consistencyProof_oldAboveNew_throws() {
    assertThatThrownBy(() -> TREE.consistencyProof(LEAVES, 4, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("old tree size must be between 0 and 3, got 4");
  }

  @Test
  void consistencyProof_newAboveLeafCount_throws() {
    assertThatThrownBy(() -> TREE.consistencyProof(LEAVES, 1, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("new tree size must be between 0 and 5, got 6");
  }

  @Test
  void consistencyProof_emptyOldTree_isEmpty() {
    ConsistencyProof proof = TREE.consistencyProof(LEAVES, 0, 5);

    assertThat(proof.path()).isEmpty();
  }

  @Test
  void consistencyProof_equalSizes_isEmpty() {
    ConsistencyProof proof = TREE.consistencyProof(LEAVES, 5, 5);

    assertThat(proof.path()).isEmpty();
  }

  @Test
  void verifyInclusion_indexNotBelowSize_fails() {
    byte[] root = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(
            () -> MerkleTree.verifyInclusion(SHA256, 5, 5, LEAVES.get(4), List.of(), root))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the leaf index is not below the tree size");
  }

  @Test
  void verifyInclusion_negativeIndex_throws() {
    byte[] root = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(
            () -> MerkleTree.verifyInclusion(SHA256, -1, 5, LEAVES.get(0), List.of(), root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf index must not be negative, got -1");
  }

  /** Pins the one-leaf case: an empty leaf hash and an empty root are equal, yet no proof. */
  @Test
  void verifyInclusion_emptyLeafHashAndRoot_fails() {
    assertThatThrownBy(
            () -> MerkleTree.verifyInclusion(SHA256, 0, 1, new byte[0], List.of(), new byte[0]))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the leaf hash is not 32 bytes");
  }

  @Test
  void verifyInclusion_rootOfWrongLength_fails() {
    assertThatThrownBy(
            () -> MerkleTree.verifyInclusion(SHA256, 0, 1, LEAVES.get(0), List.of(), new byte[33]))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the root hash is not 32 bytes");
  }

  @Test
  void verifyInclusion_pathHashOfWrongLength_fails() {
    List<byte[]> path = new ArrayList<>(TREE.inclusionProof(LEAVES, 1, 5).path());
    path.set(1, new byte[16]);
    byte[] root = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(() -> MerkleTree.verifyInclusion(SHA256, 1, 5, LEAVES.get(1), path, root))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the path hash is not 32 bytes");
  }

  @Test
  void verifyInclusion_extraHash_fails() {
    List<byte[]> path = new ArrayList<>(TREE.inclusionProof(LEAVES, 1, 5).path());
    path.add(LEAVES.get(0));
    byte[] root = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(() -> MerkleTree.verifyInclusion(SHA256, 1, 5, LEAVES.get(1), path, root))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the path has more hashes than the tree size allows");
  }

  @Test
  void verifyInclusion_missingHash_fails() {
    List<byte[]> path = TREE.inclusionProof(LEAVES, 1, 5).path().subList(0, 2);
    byte[] root = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(() -> MerkleTree.verifyInclusion(SHA256, 1, 5, LEAVES.get(1), path, root))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the path has fewer hashes than the tree size needs");
  }

  @Test
  void verifyInclusion_otherLeaf_fails() {
    List<byte[]> path = TREE.inclusionProof(LEAVES, 1, 5).path();
    byte[] root = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(() -> MerkleTree.verifyInclusion(SHA256, 1, 5, LEAVES.get(2), path, root))
        .isInstanceOf(CryptoException.class)
        .hasMessage("inclusion proof failed: the path does not lead to the root hash");
  }

  @Test
  void verifyConsistency_oldLargerThanNew_fails() {
    byte[] oldRoot = TREE.rootHash(LEAVES, 5);
    byte[] newRoot = TREE.rootHash(LEAVES, 4);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 5, 4, oldRoot, newRoot, List.of()))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the old tree size is larger than the new tree size");
  }

  @Test
  void verifyConsistency_negativeSize_throws() {
    byte[] root = TREE.rootHash(LEAVES, 0);

    assertThatThrownBy(() -> MerkleTree.verifyConsistency(SHA256, 0, -2, root, root, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("new tree size must not be negative, got -2");
  }

  @Test
  void verifyConsistency_rootOfWrongLength_fails() {
    byte[] root = TREE.rootHash(LEAVES, 3);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 3, 3, root, new byte[31], List.of()))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the new root hash is not 32 bytes");
  }

  @Test
  void verifyConsistency_equalSizesAndRoots_succeeds() {
    byte[] root = TREE.rootHash(LEAVES, 3);

    assertThatCode(() -> MerkleTree.verifyConsistency(SHA256, 3, 3, root, root.clone(), List.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void verifyConsistency_equalSizesDifferentRoots_fails() {
    byte[] root = TREE.rootHash(LEAVES, 3);
    byte[] otherRoot = TREE.rootHash(LEAVES.subList(1, 5), 3);

    assertThatThrownBy(() -> MerkleTree.verifyConsistency(SHA256, 3, 3, root, otherRoot, List.of()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "consistency proof failed: the trees have the same size but different root hashes");
  }

  @Test
  void verifyConsistency_equalSizesNonEmptyPath_fails() {
    byte[] root = TREE.rootHash(LEAVES, 3);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 3, 3, root, root, List.of(LEAVES.get(0))))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "consistency proof failed: the path must be empty when the old tree is empty or as"
                + " large as the new one");
  }

  @Test
  void verifyConsistency_emptyOldTreeWithOtherRoot_fails() {
    byte[] newRoot = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 0, 5, LEAVES.get(0), newRoot, List.of()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "consistency proof failed: the old root hash is not the root hash of the empty tree");
  }

  /** The empty tree is a prefix of every tree, so no new root can contradict it. */
  @Test
  void verifyConsistency_emptyOldTree_succeedsForAnyNewRoot() {
    byte[] emptyRoot = TREE.rootHash(LEAVES, 0);

    assertThatCode(
            () -> MerkleTree.verifyConsistency(SHA256, 0, 5, emptyRoot, LEAVES.get(0), List.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void verifyConsistency_emptyPathForDifferentSizes_fails() {
    byte[] oldRoot = TREE.rootHash(LEAVES, 2);
    byte[] newRoot = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 2, 5, oldRoot, newRoot, List.of()))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the path is empty but the tree sizes differ");
  }

  @Test
  void verifyConsistency_extraHash_fails() {
    List<byte[]> path = new ArrayList<>(TREE.consistencyProof(LEAVES, 3, 5).path());
    path.add(LEAVES.get(0));
    byte[] oldRoot = TREE.rootHash(LEAVES, 3);
    byte[] newRoot = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(() -> MerkleTree.verifyConsistency(SHA256, 3, 5, oldRoot, newRoot, path))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the path has more hashes than the tree sizes allow");
  }

  @Test
  void verifyConsistency_missingHash_fails() {
    List<byte[]> full = TREE.consistencyProof(LEAVES, 3, 5).path();
    List<byte[]> path = full.subList(0, full.size() - 1);
    byte[] oldRoot = TREE.rootHash(LEAVES, 3);
    byte[] newRoot = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(() -> MerkleTree.verifyConsistency(SHA256, 3, 5, oldRoot, newRoot, path))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the path has fewer hashes than the tree sizes need");
  }

  @Test
  void verifyConsistency_otherOldRoot_fails() {
    List<byte[]> path = TREE.consistencyProof(LEAVES, 3, 5).path();
    byte[] otherOldRoot = TREE.rootHash(LEAVES.subList(1, 5), 3);
    byte[] newRoot = TREE.rootHash(LEAVES, 5);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 3, 5, otherOldRoot, newRoot, path))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the path does not lead to the old root hash");
  }

  @Test
  void verifyConsistency_otherNewRoot_fails() {
    List<byte[]> path = TREE.consistencyProof(LEAVES, 3, 5).path();
    byte[] oldRoot = TREE.rootHash(LEAVES, 3);
    byte[] otherNewRoot = TREE.rootHash(leafHashes(6).subList(1, 6), 5);

    assertThatThrownBy(
            () -> MerkleTree.verifyConsistency(SHA256, 3, 5, oldRoot, otherNewRoot, path))
        .isInstanceOf(CryptoException.class)
        .hasMessage("consistency proof failed: the path does not lead to the new root hash");
  }

  @Test
  void inclusionProofRecord_indexNotBelowSize_throws() {
    assertThatThrownBy(() -> new InclusionProof(4, 4, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf index must be between 0 and 3, got 4");
  }

  @Test
  void inclusionProofRecord_pathArrays_areCopiedInAndOut() {
    byte[] hash = LEAVES.get(0).clone();
    InclusionProof proof = new InclusionProof(0, 2, List.of(hash));

    hash[0] ^= 1;
    proof.path().get(0)[1] ^= 1;

    assertThat(proof.path().get(0)).isEqualTo(LEAVES.get(0));
  }

  @Test
  void inclusionProofRecord_sameContents_areEqual() {
    InclusionProof proof = new InclusionProof(1, 2, List.of(LEAVES.get(0).clone()));
    InclusionProof same = new InclusionProof(1, 2, List.of(LEAVES.get(0).clone()));

    assertThat(proof).isEqualTo(same).hasSameHashCodeAs(same);
  }

  @Test
  void inclusionProofRecord_toString_showsSizesNotHashes() {
    InclusionProof proof = TREE.inclusionProof(LEAVES, 1, 5);

    assertThat(proof).hasToString("InclusionProof[leafIndex=1, treeSize=5, path=3 hashes]");
  }

  @Test
  void consistencyProofRecord_oldAboveNew_throws() {
    assertThatThrownBy(() -> new ConsistencyProof(3, 2, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("old tree size must be between 0 and 2, got 3");
  }

  @Test
  void consistencyProofRecord_sameContents_areEqual() {
    ConsistencyProof proof = TREE.consistencyProof(LEAVES, 3, 5);
    ConsistencyProof same = new ConsistencyProof(3, 5, proof.path());

    assertThat(proof).isEqualTo(same).hasSameHashCodeAs(same);
  }

  @Test
  void consistencyProofRecord_otherPath_isNotEqual() {
    ConsistencyProof proof = TREE.consistencyProof(LEAVES, 3, 5);
    List<byte[]> path = proof.path();
    path.get(0)[0] ^= 1;

    assertThat(proof).isNotEqualTo(new ConsistencyProof(3, 5, path));
  }

  private static List<byte[]> leafHashes(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> TREE.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)))
        .toList();
  }
}
