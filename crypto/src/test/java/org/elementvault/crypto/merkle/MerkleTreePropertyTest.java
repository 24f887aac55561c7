package org.elementvault.crypto.merkle;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random trees of both suites, at edge sizes around powers of two and at random sizes up to {@value
 * #MAX_RANDOM_SIZE}: every generated proof matches RFC 9162's recursive definitions and verifies,
 * and fails once tampered with. The random sizes and each case's seed follow from {@link #SEED}; a
 * case's leaves and flipped bits follow from its seed, which its display name and every failure
 * message show.
 */
class MerkleTreePropertyTest {

  private static final long SEED = 0x5eed_2026_1123L;
  private static final int[] EDGE_SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 33};
  private static final int RANDOM_SIZES_PER_SUITE = 3;
  private static final int MAX_RANDOM_SIZE = 300;
  private static final byte[] NODE_PREFIX = {0x01};

  // Proof generation over every index is quadratic in the size; share it between the tests.
  private static final Map<Case, Fixture> FIXTURES = new ConcurrentHashMap<>();

  static Stream<Case> cases() {
    SecureRandom random = seeded(SEED);
    int smallestRandomSize = EDGE_SIZES[EDGE_SIZES.length - 1] + 1;
    List<Case> cases = new ArrayList<>();
    for (CipherSuite suite : CipherSuite.values()) {
      for (int size : EDGE_SIZES) {
        cases.add(new Case(suite, size, random.nextLong()));
      }
      for (int i = 0; i < RANDOM_SIZES_PER_SUITE; i++) {
        int size = smallestRandomSize + random.nextInt(MAX_RANDOM_SIZE - smallestRandomSize + 1);
        cases.add(new Case(suite, size, random.nextLong()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rootHash_everySize_matchesRecursiveDefinition(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int size = 0; size <= c.size(); size++) {
      softly
          .assertThat(hex(f.root(size)))
          .as("%s: size %d", c, size)
          .isEqualTo(hex(mth(f.hasher(), f.leaves().subList(0, size))));
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inclusionProof_everyIndex_matchesRecursiveDefinition(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      softly
          .assertThat(hexes(f.inclusion(index).path()))
          .as("%s: index %d", c, index)
          .isEqualTo(hexes(path(f.hasher(), index, f.leaves().subList(0, c.size()))));
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void consistencyProof_everyOldSize_matchesRecursiveDefinition(Case c) {
    Fixture f = fixture(c);
    List<byte[]> tree = f.leaves().subList(0, c.size());
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      List<byte[]> expected =
          old == 0 || old == c.size() ? List.of() : subproof(f.hasher(), old, tree, true);
      softly
          .assertThat(hexes(f.consistency(old).path()))
          .as("%s: old size %d", c, old)
          .isEqualTo(hexes(expected));
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_everyIndex_succeeds(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      List<byte[]> path = f.inclusion(index).path();
      int i = index;
      softly
          .assertThatCode(
              () ->
                  MerkleTree.verifyInclusion(
                      f.hasher(), i, c.size(), f.leaf(i), path, f.root(c.size())))
          .as("%s: index %d", c, index)
          .doesNotThrowAnyException();
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_anyPathBitFlipped_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      List<byte[]> path = f.inclusion(index).path();
      for (int j = 0; j < path.size(); j++) {
        List<byte[]> tampered = new ArrayList<>(path);
        tampered.set(j, flipRandomBit(path.get(j), random));
        String what = "index " + index + " hash " + j;
        expectInclusionFails(
            softly, f, what, index, c.size(), f.leaf(index), tampered, f.root(c.size()));
      }
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_leafHashBitFlipped_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      byte[] leaf = flipRandomBit(f.leaf(index), random);
      List<byte[]> path = f.inclusion(index).path();
      expectInclusionFails(
          softly, f, "index " + index, index, c.size(), leaf, path, f.root(c.size()));
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_rootBitFlipped_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      byte[] root = flipRandomBit(f.root(c.size()), random);
      List<byte[]> path = f.inclusion(index).path();
      expectInclusionFails(softly, f, "index " + index, index, c.size(), f.leaf(index), path, root);
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_neighbouringIndex_fails(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      List<byte[]> path = f.inclusion(index).path();
      byte[] leaf = f.leaf(index);
      for (int wrong : new int[] {index - 1, index + 1}) {
        if (wrong >= 0) {
          String what = "index " + index + " as " + wrong;
          expectInclusionFails(softly, f, what, wrong, c.size(), leaf, path, f.root(c.size()));
        }
      }
    }

    softly.assertAll();
  }

  /**
   * A proof for one checkpoint must not prove inclusion in a neighbouring one, even with that
   * checkpoint's genuine root. (With the original root a larger size can pass: leaf 0's path in a
   * 5-leaf tree also fits a 6-leaf tree whose last two leaves hash to leaf 4, so the size is only
   * meaningful together with its root, as in a signed tree head.)
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_neighbouringTreeSize_fails(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      List<byte[]> path = f.inclusion(index).path();
      for (int size : new int[] {c.size() - 1, c.size() + 1}) {
        if (size > index) {
          String what = "index " + index + " in size " + size;
          expectInclusionFails(softly, f, what, index, size, f.leaf(index), path, f.root(size));
        }
      }
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_truncatedPath_fails(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      List<byte[]> path = f.inclusion(index).path();
      if (!path.isEmpty()) {
        List<byte[]> withoutLast = path.subList(0, path.size() - 1);
        List<byte[]> withoutFirst = path.subList(1, path.size());
        byte[] leaf = f.leaf(index);
        byte[] root = f.root(c.size());
        expectInclusionFails(
            softly, f, "index " + index + " last", index, c.size(), leaf, withoutLast, root);
        expectInclusionFails(
            softly, f, "index " + index + " first", index, c.size(), leaf, withoutFirst, root);
      }
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyInclusion_extendedPath_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int index = 0; index < c.size(); index++) {
      List<byte[]> path = f.inclusion(index).path();
      byte[] extra = randomHash(f.hasher(), random);
      byte[] leaf = f.leaf(index);
      byte[] root = f.root(c.size());
      expectInclusionFails(
          softly,
          f,
          "index " + index + " appended",
          index,
          c.size(),
          leaf,
          append(path, extra),
          root);
      expectInclusionFails(
          softly,
          f,
          "index " + index + " prepended",
          index,
          c.size(),
          leaf,
          prepend(extra, path),
          root);
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_everyOldSize_succeeds(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      List<byte[]> path = f.consistency(old).path();
      int o = old;
      softly
          .assertThatCode(
              () ->
                  MerkleTree.verifyConsistency(
                      f.hasher(), o, c.size(), f.root(o), f.root(c.size()), path))
          .as("%s: old size %d", c, old)
          .doesNotThrowAnyException();
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_anyPathBitFlipped_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      List<byte[]> path = f.consistency(old).path();
      for (int j = 0; j < path.size(); j++) {
        List<byte[]> tampered = new ArrayList<>(path);
        tampered.set(j, flipRandomBit(path.get(j), random));
        String what = "old size " + old + " hash " + j;
        expectConsistencyFails(
            softly, f, what, old, c.size(), f.root(old), f.root(c.size()), tampered);
      }
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_oldRootBitFlipped_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      byte[] oldRoot = flipRandomBit(f.root(old), random);
      List<byte[]> path = f.consistency(old).path();
      expectConsistencyFails(
          softly, f, "old size " + old, old, c.size(), oldRoot, f.root(c.size()), path);
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_newRootBitFlipped_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    // From the empty tree every tree is consistent: no new root is wrong there.
    for (int old = 1; old <= c.size(); old++) {
      byte[] newRoot = flipRandomBit(f.root(c.size()), random);
      List<byte[]> path = f.consistency(old).path();
      expectConsistencyFails(
          softly, f, "old size " + old, old, c.size(), f.root(old), newRoot, path);
    }

    softly.assertAll();
  }

  /**
   * A proof must not verify for a neighbouring old size, with that size's genuine root, unless it
   * is also that size's genuine proof (in a one-leaf tree the empty proof is right from 0 and 1).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_neighbouringOldSize_fails(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      ConsistencyProof proof = f.consistency(old);
      for (int wrong : new int[] {old - 1, old + 1}) {
        if (wrong >= 0
            && wrong <= c.size()
            && !sameHashes(f.consistency(wrong).path(), proof.path())) {
          String what = "old size " + old + " as " + wrong;
          expectConsistencyFails(
              softly, f, what, wrong, c.size(), f.root(wrong), f.root(c.size()), proof.path());
        }
      }
    }

    softly.assertAll();
  }

  /**
   * A proof must not verify for a neighbouring new size, with that size's genuine root, unless it
   * is also that size's genuine proof (from the empty tree, the empty proof is right for any size).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_neighbouringNewSize_fails(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      List<byte[]> path = f.consistency(old).path();
      for (int size : new int[] {c.size() - 1, c.size() + 1}) {
        boolean genuine =
            size >= old
                && sameHashes(f.tree().consistencyProof(f.leaves(), old, size).path(), path);
        if (!genuine) {
          String what = "old size " + old + " to " + size;
          expectConsistencyFails(softly, f, what, old, size, f.root(old), f.root(size), path);
        }
      }
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_truncatedPath_fails(Case c) {
    Fixture f = fixture(c);
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      List<byte[]> path = f.consistency(old).path();
      if (!path.isEmpty()) {
        List<byte[]> withoutLast = path.subList(0, path.size() - 1);
        List<byte[]> withoutFirst = path.subList(1, path.size());
        byte[] oldRoot = f.root(old);
        byte[] newRoot = f.root(c.size());
        expectConsistencyFails(
            softly, f, "old size " + old + " last", old, c.size(), oldRoot, newRoot, withoutLast);
        expectConsistencyFails(
            softly, f, "old size " + old + " first", old, c.size(), oldRoot, newRoot, withoutFirst);
      }
    }

    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifyConsistency_extendedPath_fails(Case c) {
    Fixture f = fixture(c);
    SecureRandom random = seeded(c.seed());
    SoftAssertions softly = new SoftAssertions();

    for (int old = 0; old <= c.size(); old++) {
      List<byte[]> path = f.consistency(old).path();
      byte[] extra = randomHash(f.hasher(), random);
      byte[] oldRoot = f.root(old);
      byte[] newRoot = f.root(c.size());
      expectConsistencyFails(
          softly,
          f,
          "old size " + old + " appended",
          old,
          c.size(),
          oldRoot,
          newRoot,
          append(path, extra));
      expectConsistencyFails(
          softly,
          f,
          "old size " + old + " prepended",
          old,
          c.size(),
          oldRoot,
          newRoot,
          prepend(extra, path));
    }

    softly.assertAll();
  }

  /** One generated tree: its suite, size and seed, shown as the test's display name. */
  record Case(CipherSuite suite, int size, long seed) {
    @Override
    public String toString() {
      return suite + " size " + size + " seed " + seed;
    }
  }

  /**
   * A case's tree: {@code size + 1} leaf hashes (one spare for the next tree size), the roots of
   * every prefix, and the proofs of every index and old size in the tree of {@code size}.
   */
  private record Fixture(
      Case c,
      Hasher hasher,
      MerkleTree tree,
      List<byte[]> leaves,
      List<byte[]> roots,
      List<InclusionProof> inclusions,
      List<ConsistencyProof> consistencies) {

    byte[] leaf(int index) {
      return leaves.get(index);
    }

    byte[] root(int size) {
      return roots.get(size);
    }

    InclusionProof inclusion(int index) {
      return inclusions.get(index);
    }

    ConsistencyProof consistency(int oldSize) {
      return consistencies.get(oldSize);
    }
  }

  private static Fixture fixture(Case c) {
    return FIXTURES.computeIfAbsent(c, MerkleTreePropertyTest::newFixture);
  }

  private static Fixture newFixture(Case c) {
    SecureRandom random = seeded(c.seed());
    Hasher hasher = c.suite().primitives(random).hasher();
    MerkleTree tree = MerkleTree.of(hasher);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i <= c.size(); i++) {
      // The index prefix keeps entries distinct: with two equal leaves, a proof for one index
      // would rightly verify for the other.
      byte[] entry = new byte[Integer.BYTES + random.nextInt(48)];
      random.nextBytes(entry);
      ByteBuffer.wrap(entry).putInt(i);
      leaves.add(tree.leafHash(entry));
    }
    List<byte[]> roots =
        IntStream.rangeClosed(0, c.size() + 1).mapToObj(s -> tree.rootHash(leaves, s)).toList();
    List<InclusionProof> inclusions =
        IntStream.range(0, c.size())
            .mapToObj(i -> tree.inclusionProof(leaves, i, c.size()))
            .toList();
    List<ConsistencyProof> consistencies =
        IntStream.rangeClosed(0, c.size())
            .mapToObj(old -> tree.consistencyProof(leaves, old, c.size()))
            .toList();
    return new Fixture(c, hasher, tree, List.copyOf(leaves), roots, inclusions, consistencies);
  }

  private static void expectInclusionFails(
      SoftAssertions softly,
      Fixture f,
      String what,
      int index,
      int size,
      byte[] leafHash,
      List<byte[]> path,
      byte[] rootHash) {
    Throwable thrown =
        catchThrowable(
            () -> MerkleTree.verifyInclusion(f.hasher(), index, size, leafHash, path, rootHash));
    softly
        .assertThat(thrown)
        .as("%s: %s must not verify", f.c(), what)
        .isInstanceOf(CryptoException.class);
  }

  private static void expectConsistencyFails(
      SoftAssertions softly,
      Fixture f,
      String what,
      int oldSize,
      int newSize,
      byte[] oldRoot,
      byte[] newRoot,
      List<byte[]> path) {
    Throwable thrown =
        catchThrowable(
            () ->
                MerkleTree.verifyConsistency(f.hasher(), oldSize, newSize, oldRoot, newRoot, path));
    softly
        .assertThat(thrown)
        .as("%s: %s must not verify", f.c(), what)
        .isInstanceOf(CryptoException.class);
  }

  // RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 written as their recursive definitions: slow but
  // obviously right, an oracle independent of the iterative code under test.

  private static byte[] mth(Hasher hasher, List<byte[]> leaves) {
    int n = leaves.size();
    if (n == 0) {
      return hasher.hash();
    }
    if (n == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return hasher.hash(
        NODE_PREFIX, mth(hasher, leaves.subList(0, k)), mth(hasher, leaves.subList(k, n)));
  }

  private static List<byte[]> path(Hasher hasher, int m, List<byte[]> leaves) {
    int n = leaves.size();
    if (n == 1) {
      return List.of();
    }
    int k = Integer.highestOneBit(n - 1);
    List<byte[]> path =
        m < k
            ? new ArrayList<>(path(hasher, m, leaves.subList(0, k)))
            : new ArrayList<>(path(hasher, m - k, leaves.subList(k, n)));
    path.add(m < k ? mth(hasher, leaves.subList(k, n)) : mth(hasher, leaves.subList(0, k)));
    return path;
  }

  private static List<byte[]> subproof(
      Hasher hasher, int m, List<byte[]> leaves, boolean oldTreeItself) {
    int n = leaves.size();
    if (m == n) {
      return oldTreeItself ? List.of() : List.of(mth(hasher, leaves));
    }
    int k = Integer.highestOneBit(n - 1);
    List<byte[]> proof =
        m <= k
            ? new ArrayList<>(subproof(hasher, m, leaves.subList(0, k), oldTreeItself))
            : new ArrayList<>(subproof(hasher, m - k, leaves.subList(k, n), false));
    proof.add(m <= k ? mth(hasher, leaves.subList(k, n)) : mth(hasher, leaves.subList(0, k)));
    return proof;
  }

  /** A deterministic generator: SHA1PRNG seeded before first use yields the same stream. */
  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA1PRNG is required by every JDK", e);
    }
  }

  private static byte[] flipRandomBit(byte[] hash, SecureRandom random) {
    byte[] flipped = hash.clone();
    int bit = random.nextInt(flipped.length * Byte.SIZE);
    flipped[bit / Byte.SIZE] ^= (byte) (1 << (bit % Byte.SIZE));
    return flipped;
  }

  private static byte[] randomHash(Hasher hasher, SecureRandom random) {
    byte[] hash = new byte[hasher.digestLength()];
    random.nextBytes(hash);
    return hash;
  }

  private static List<byte[]> append(List<byte[]> path, byte[] hash) {
    List<byte[]> longer = new ArrayList<>(path);
    longer.add(hash);
    return longer;
  }

  private static List<byte[]> prepend(byte[] hash, List<byte[]> path) {
    List<byte[]> longer = new ArrayList<>();
    longer.add(hash);
    longer.addAll(path);
    return longer;
  }

  private static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
    return hexes(a).equals(hexes(b));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static List<String> hexes(List<byte[]> hashes) {
    return hashes.stream().map(MerkleTreePropertyTest::hex).toList();
  }
}
