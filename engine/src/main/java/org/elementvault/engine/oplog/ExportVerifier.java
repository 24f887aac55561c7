package org.elementvault.engine.oplog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.merkle.MerkleTree;
import org.elementvault.crypto.merkle.SignedTreeHead;

/**
 * Verifies a log export offline, with no vault: only the export file and the vault's public key
 * file ({@code evault log verify --export F --public-key F.pub}).
 *
 * <p>It recomputes every entry's canonical bytes and hash, follows the hash chain from the purged
 * hashes through the entries, computes the Merkle root over all leaves, and checks that the signed
 * tree head covers exactly these entries with this root and that its signature verifies with the
 * public key. It reports the first bad position: an edited entry fails its hash, a dropped or moved
 * one breaks sequence continuity, a missing tail falls short of the tree head.
 *
 * <p>The public key file is UTF-8 JSON: {@code {"format": "evault/public-key/v1", "suite": "INTL" |
 * "GM", "publicKey": "<base64>"}}; its suite names the hash and signature algorithms. The auditor
 * must obtain the key by a channel the vault's operator cannot rewrite, since a forger controlling
 * both files could sign anything.
 *
 * <p>The export is read as a stream, holding only the leaf hashes. Thread-safe: each call of {@link
 * #verify} reads with its own state.
 */
public final class ExportVerifier {

  private final CipherSuite suite;
  private final Verifier verifier;
  private final Hasher hasher;
  private final MerkleTree tree;
  private final List<byte[]> leaves = new ArrayList<>();
  private byte[] lastHash;
  private Optional<HashChain> chain = Optional.empty();
  private Optional<SignedTreeHead> head = Optional.empty();
  private boolean hasFormat;
  private boolean hasSuite;

  private ExportVerifier(CipherSuite suite, Verifier verifier, Hasher hasher) {
    this.suite = suite;
    this.verifier = verifier;
    this.hasher = hasher;
    this.tree = MerkleTree.of(hasher);
    this.lastHash = new byte[hasher.digestLength()];
  }

  /**
   * Verifies {@code export} against the public key in {@code publicKey}.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if a file cannot be read or
   *     the key file is not a public key file; anything wrong inside the export is a failed report
   */
  public static VerifyReport verify(Path export, Path publicKey) {
    PublicKeyFile key = PublicKeyFile.read(publicKey);
    // The primitives want a source of randomness; verifying draws none.
    var primitives = key.suite().primitives(new SecureRandom());
    Verifier verifier;
    try {
      verifier = primitives.verifier(key.publicKey());
    } catch (CryptoException e) {
      return VerifyReport.failed(0, 0, LogMessages.PUBLIC_KEY_INVALID);
    }
    JsonParser json;
    try {
      json = ExportFormat.JSON.createParser(Files.newInputStream(export));
    } catch (IOException e) {
      throw LogMessages.cannotRead("log export", export, e);
    }
    ExportVerifier verification = new ExportVerifier(key.suite(), verifier, primitives.hasher());
    try (json) {
      return verification.read(json);
    } catch (Broken e) {
      return VerifyReport.failed(verification.leaves.size(), e.sequence, e.getMessage());
    } catch (IOException e) {
      return VerifyReport.failed(
          verification.leaves.size(),
          verification.position(),
          LogMessages.exportMalformed("it is not well-formed JSON"));
    }
  }

  private VerifyReport read(JsonParser json) throws IOException, Broken {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw malformed("it is not a JSON object");
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "format" -> readFormat(json);
        case "vault" -> json.skipChildren();
        case "suite" -> readSuite(json);
        case "purgedHashes" -> readPurgedHashes(json, value);
        case "entries" -> readEntries(json, value);
        case "treeHead" -> readTreeHead(json);
        default -> throw malformed("it has an unknown field");
      }
    }
    if (!hasFormat || !hasSuite || chain.isEmpty() || head.isEmpty()) {
      throw malformed("a field is missing");
    }
    return checkTreeHead(head.get());
  }

  private void readFormat(JsonParser json) throws IOException, Broken {
    if (!ExportFormat.FORMAT.equals(json.getValueAsString())) {
      throw malformed("it is not an ElementVault log export");
    }
    hasFormat = true;
  }

  private void readSuite(JsonParser json) throws IOException, Broken {
    if (!suite.name().equals(json.getValueAsString())) {
      throw new Broken(0, LogMessages.EXPORT_SUITE);
    }
    hasSuite = true;
  }

  private void readPurgedHashes(JsonParser json, JsonToken value) throws IOException, Broken {
    if (value != JsonToken.START_ARRAY || chain.isPresent() || !leaves.isEmpty()) {
      throw malformed("the purged hashes are not one array before the entries");
    }
    while (json.nextToken() == JsonToken.VALUE_STRING) {
      byte[] hash;
      try {
        hash = ExportFormat.HEX.parseHex(json.getText());
      } catch (IllegalArgumentException e) {
        throw malformed("a purged hash is not hexadecimal");
      }
      if (hash.length != hasher.digestLength()) {
        throw malformed("a purged hash has the wrong length");
      }
      leaves.add(tree.leafHash(hash));
      lastHash = hash;
    }
    if (json.currentToken() != JsonToken.END_ARRAY) {
      throw malformed("a purged hash is not a string");
    }
  }

  private void readEntries(JsonParser json, JsonToken value) throws IOException, Broken {
    if (value != JsonToken.START_ARRAY || chain.isPresent()) {
      throw malformed("the entries are not one array");
    }
    HashChain entries = new HashChain(hasher, leaves.size() + 1L, lastHash);
    chain = Optional.of(entries);
    while (json.nextToken() == JsonToken.START_OBJECT) {
      LogEntry entry;
      try {
        entry = ExportFormat.readEntry(ExportFormat.JSON.readTree(json));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw malformed("an entry has a missing or malformed field");
      }
      long sequence = entries.next();
      Optional<String> broken = entries.accept(entry);
      if (broken.isPresent()) {
        throw new Broken(sequence, broken.get());
      }
      leaves.add(tree.leafHash(entry.hash()));
    }
    if (json.currentToken() != JsonToken.END_ARRAY) {
      throw malformed("an entry is not a JSON object");
    }
  }

  private void readTreeHead(JsonParser json) throws IOException, Broken {
    try {
      head = Optional.of(ExportFormat.readTreeHead(ExportFormat.JSON.readTree(json)));
    } catch (IllegalArgumentException e) {
      throw new Broken(0, LogMessages.exportMalformed("the tree head is malformed"));
    }
  }

  private VerifyReport checkTreeHead(SignedTreeHead treeHead) {
    long size = leaves.size();
    if (size < treeHead.treeSize()) {
      return VerifyReport.failed(size, size + 1, LogMessages.EXPORT_TRUNCATED);
    }
    if (size > treeHead.treeSize()) {
      return VerifyReport.failed(size, treeHead.treeSize() + 1, LogMessages.EXPORT_EXCEEDED);
    }
    byte[] root = tree.rootHash(leaves, size);
    if (!Arrays.equals(root, treeHead.rootHash())) {
      return VerifyReport.failed(size, 0, LogMessages.EXPORT_ROOT);
    }
    try {
      treeHead.verify(verifier);
    } catch (CryptoException e) {
      return VerifyReport.failed(size, 0, LogMessages.EXPORT_SIGNATURE);
    }
    return VerifyReport.passed(size, root);
  }

  /** Where reading stands: the entry expected next, or 0 outside the entries. */
  private long position() {
    return chain.map(HashChain::next).orElse(0L);
  }

  private Broken malformed(String what) {
    return new Broken(position(), LogMessages.exportMalformed(what));
  }

  /** The first rule the export breaks, at a position; carries no stack trace. */
  private static final class Broken extends Exception {
    private static final long serialVersionUID = 1L;

    private final long sequence;

    Broken(long sequence, String reason) {
      super(reason, null, false, false);
      this.sequence = sequence;
    }
  }
}
