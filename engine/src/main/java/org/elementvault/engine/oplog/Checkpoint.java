package org.elementvault.engine.oplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.merkle.SignedTreeHead;

/**
 * A signed tree head of a vault's operation log that an auditor keeps, to prove later that the log
 * only grew ({@code evault log checkpoint --out F}, then {@code evault log verify --checkpoint F}).
 *
 * <h2>File format</h2>
 *
 * <p>A UTF-8 JSON object:
 *
 * <pre>
 * {"format": "evault/checkpoint/v1",
 *  "vault": "&lt;vault id&gt;",
 *  "suite": "INTL" | "GM",
 *  "treeHead": "&lt;base64 of SignedTreeHead.toBytes()&gt;"}
 * </pre>
 *
 * <p>The tree head carries the log's size, Merkle root and signing time under the vault's
 * signature; the vault id and suite are not signed and only say which vault and algorithms the head
 * is for: a head presented for another vault fails its signature check there.
 *
 * @param vaultId the vault whose log this is
 * @param suite the vault's cipher suite (hash and signature algorithms)
 * @param treeHead the signed size and root
 */
public record Checkpoint(String vaultId, CipherSuite suite, SignedTreeHead treeHead) {

  static final String FORMAT = "evault/checkpoint/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  public Checkpoint {
    Objects.requireNonNull(vaultId, "vaultId");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(treeHead, "treeHead");
  }

  /**
   * Verifies {@code log} and signs its current size and root with the vault's {@code signer}, at
   * the log's clock time.
   *
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} if the log fails verification:
   *     signing a tampered log would vouch for it
   */
  public static Checkpoint sign(OperationLog log, CipherSuite suite, Signer signer) {
    VerifyReport report = log.exclusively(() -> LogVerifier.of(log).read()).report();
    if (!report.ok()) {
      throw LogMessages.failsVerification(report, "no checkpoint was signed");
    }
    SignedTreeHead head =
        SignedTreeHead.sign(signer, report.size(), report.rootHash(), log.clock().millis());
    return new Checkpoint(log.vaultId(), suite, head);
  }

  /** Writes this checkpoint to {@code file} in the format above, replacing it if it exists. */
  public void write(Path file) {
    ObjectNode json = JSON.createObjectNode();
    json.put("format", FORMAT);
    json.put("vault", vaultId);
    json.put("suite", suite.name());
    json.put("treeHead", Base64.getEncoder().encodeToString(treeHead.toBytes()));
    try {
      Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    } catch (IOException e) {
      throw LogMessages.cannotWrite("checkpoint", file, e);
    }
  }

  /**
   * Reads a checkpoint written by {@link #write}. Its signature is not checked here: {@link
   * LogVerifier#verify(Checkpoint, org.elementvault.crypto.Verifier)} does that.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if the file cannot be read or
   *     is not a checkpoint
   */
  public static Checkpoint read(Path file) {
    JsonNode json;
    try {
      json = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw LogMessages.cannotRead("checkpoint", file, e);
    }
    try {
      if (json == null || !FORMAT.equals(json.path("format").asText())) {
        throw LogMessages.notA("an ElementVault checkpoint", file);
      }
      String vaultId = text(json, "vault");
      CipherSuite suite = CipherSuite.valueOf(text(json, "suite"));
      SignedTreeHead head =
          SignedTreeHead.fromBytes(Base64.getDecoder().decode(text(json, "treeHead")));
      return new Checkpoint(vaultId, suite, head);
    } catch (CryptoException | IllegalArgumentException e) {
      throw LogMessages.notA("an ElementVault checkpoint", file);
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value.asText();
  }
}
