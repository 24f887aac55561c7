package org.elementvault.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Hasher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Known answers from the Certificate Transparency reference test vectors (SHA-256); the file {@code
 * merkle/rfc6962-sha256.txt} names its sources. Failures are collected before asserting.
 */
class MerkleTreeKnownAnswerTest {

  private static final Hasher SHA256 = CipherSuite.INTL.primitives(new SecureRandom()).hasher();
  private static final MerkleTree TREE = MerkleTree.of(SHA256);

  private static Vectors vectors;

  @BeforeAll
  static void loadVectors() {
    vectors = Vectors.load("/merkle/rfc6962-sha256.txt");
  }

  @Test
  void vectors_loadedFile_holdsEveryPublishedTable() {
    assertThat(vectors.entries()).hasSize(8);
    assertThat(vectors.nodes()).hasSize(15);
    assertThat(vectors.roots()).hasSize(9);
    assertThat(vectors.inclusions()).hasSize(5);
    assertThat(vectors.consistencies()).hasSize(5);
  }

  @Test
  void leafHash_referenceEntries_matchPublishedLeafHashes() {
    SoftAssertions softly = new SoftAssertions();

    for (Node node : vectors.nodes()) {
      if (node.level() == 0) {
        softly
            .assertThat(hex(TREE.leafHash(vectors.entries().get(node.index()))))
            .as("leaf %d", node.index())
            .isEqualTo(node.hash());
      }
    }

    softly.assertAll();
  }

  @Test
  void rootHash_completeSubtrees_matchPublishedNodeHashes() {
    List<byte[]> leafHashes = vectors.leafHashes(TREE);
    SoftAssertions softly = new SoftAssertions();

    for (Node node : vectors.nodes()) {
      int width = 1 << node.level();
      List<byte[]> subtree = leafHashes.subList(node.index() * width, (node.index() + 1) * width);
      softly
          .assertThat(hex(TREE.rootHash(subtree, width)))
          .as("node level %d index %d", node.level(), node.index())
          .isEqualTo(node.hash());
    }

    softly.assertAll();
  }

  @Test
  void rootHash_everyPrefix_matchesPublishedRoots() {
    List<byte[]> leafHashes = vectors.leafHashes(TREE);
    SoftAssertions softly = new SoftAssertions();

    for (Root root : vectors.roots()) {
      softly
          .assertThat(hex(TREE.rootHash(leafHashes, root.treeSize())))
          .as("tree size %d", root.treeSize())
          .isEqualTo(root.hash());
    }

    softly.assertAll();
  }

  @Test
  void inclusionProof_referenceTree_matchesPublishedPaths() {
    List<byte[]> leafHashes = vectors.leafHashes(TREE);
    SoftAssertions softly = new SoftAssertions();

    for (Inclusion vector : vectors.inclusions()) {
      InclusionProof proof = TREE.inclusionProof(leafHashes, vector.leafIndex(), vector.treeSize());
      softly
          .assertThat(hexes(proof.path()))
          .as("leaf %d of %d", vector.leafIndex(), vector.treeSize())
          .isEqualTo(hexes(vector.path()));
    }

    softly.assertAll();
  }

  @Test
  void verifyInclusion_publishedPaths_succeed() {
    List<byte[]> leafHashes = vectors.leafHashes(TREE);
    SoftAssertions softly = new SoftAssertions();

    for (Inclusion vector : vectors.inclusions()) {
      byte[] root = vectors.root(vector.treeSize());
      softly
          .assertThatCode(
              () ->
                  MerkleTree.verifyInclusion(
                      SHA256,
                      vector.leafIndex(),
                      vector.treeSize(),
                      leafHashes.get(vector.leafIndex()),
                      vector.path(),
                      root))
          .as("leaf %d of %d", vector.leafIndex(), vector.treeSize())
          .doesNotThrowAnyException();
    }

    softly.assertAll();
  }

  @Test
  void consistencyProof_referenceTree_matchesPublishedProofs() {
    List<byte[]> leafHashes = vectors.leafHashes(TREE);
    SoftAssertions softly = new SoftAssertions();

    for (Consistency vector : vectors.consistencies()) {
      ConsistencyProof proof =
          TREE.consistencyProof(leafHashes, vector.oldSize(), vector.newSize());
      softly
          .assertThat(hexes(proof.path()))
          .as("%d to %d", vector.oldSize(), vector.newSize())
          .isEqualTo(hexes(vector.path()));
    }

    softly.assertAll();
  }

  @Test
  void verifyConsistency_publishedProofs_succeed() {
    SoftAssertions softly = new SoftAssertions();

    for (Consistency vector : vectors.consistencies()) {
      byte[] oldRoot = vectors.root(vector.oldSize());
      byte[] newRoot = vectors.root(vector.newSize());
      softly
          .assertThatCode(
              () ->
                  MerkleTree.verifyConsistency(
                      SHA256, vector.oldSize(), vector.newSize(), oldRoot, newRoot, vector.path()))
          .as("%d to %d", vector.oldSize(), vector.newSize())
          .doesNotThrowAnyException();
    }

    softly.assertAll();
  }

  @Test
  void verifyConsistency_emptyOldTreeWithPublishedEmptyRoot_succeeds() {
    byte[] emptyRoot = vectors.root(0);

    assertThatCode(
            () -> MerkleTree.verifyConsistency(SHA256, 0, 8, emptyRoot, vectors.root(8), List.of()))
        .doesNotThrowAnyException();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static List<String> hexes(List<byte[]> hashes) {
    return hashes.stream().map(MerkleTreeKnownAnswerTest::hex).toList();
  }

  private record Node(int level, int index, String hash) {}

  private record Root(int treeSize, String hash) {}

  private record Inclusion(int leafIndex, int treeSize, List<byte[]> path) {}

  private record Consistency(int oldSize, int newSize, List<byte[]> path) {}

  /** The parsed vector file; its header describes the line format. */
  private record Vectors(
      List<byte[]> entries,
      List<Node> nodes,
      List<Root> roots,
      List<Inclusion> inclusions,
      List<Consistency> consistencies) {

    List<byte[]> leafHashes(MerkleTree tree) {
      return entries.stream().map(tree::leafHash).toList();
    }

    byte[] root(int treeSize) {
      return unhex(
          roots.stream()
              .filter(root -> root.treeSize() == treeSize)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no published root for size " + treeSize))
              .hash());
    }

    static Vectors load(String resource) {
      List<byte[]> entries = new ArrayList<>();
      List<Node> nodes = new ArrayList<>();
      List<Root> roots = new ArrayList<>();
      List<Inclusion> inclusions = new ArrayList<>();
      List<Consistency> consistencies = new ArrayList<>();
      try (InputStream in =
              Objects.requireNonNull(
                  MerkleTreeKnownAnswerTest.class.getResourceAsStream(resource), resource);
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.trim().split(" +");
          switch (f[0]) {
            case "leaf" -> {
              assertThat(Integer.parseInt(f[1])).as(line).isEqualTo(entries.size());
              entries.add(f[2].equals("-") ? new byte[0] : unhex(f[2]));
            }
            case "node" ->
                nodes.add(new Node(Integer.parseInt(f[1]), Integer.parseInt(f[2]), hash(f[3])));
            case "root" -> roots.add(new Root(Integer.parseInt(f[1]), hash(f[2])));
            case "inclusion" ->
                inclusions.add(
                    new Inclusion(Integer.parseInt(f[1]), Integer.parseInt(f[2]), hashes(f, 3)));
            case "consistency" ->
                consistencies.add(
                    new Consistency(Integer.parseInt(f[1]), Integer.parseInt(f[2]), hashes(f, 3)));
            default -> throw new AssertionError("unknown vector line: " + line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Vectors(entries, nodes, roots, inclusions, consistencies);
    }

    private static List<byte[]> hashes(String[] fields, int from) {
      return Arrays.stream(fields, from, fields.length).map(Vectors::unhex).toList();
    }

    /** A hash as lower-case hex, checked to be 32 bytes so a mistyped vector fails loudly. */
    private static String hash(String hex) {
      assertThat(unhex(hex)).as(hex).hasSize(32);
      return hex;
    }

    private static byte[] unhex(String hex) {
      return HexFormat.of().parseHex(hex);
    }
  }
}
