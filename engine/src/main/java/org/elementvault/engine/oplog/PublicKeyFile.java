package org.elementvault.engine.oplog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.elementvault.crypto.CipherSuite;

/**
 * The vault's public signing key as an export writes it to {@code F.pub}: a UTF-8 JSON object
 * {@code {"format": "evault/public-key/v1", "suite": "INTL" | "GM", "publicKey": "<base64>"}}. The
 * suite tells an offline verifier which hash and signature algorithms to use.
 */
// The array is copied in and out and compared by content below.
@SuppressWarnings("ArrayRecordComponent")
record PublicKeyFile(CipherSuite suite, byte[] publicKey) {

  static final String FORMAT = "evault/public-key/v1";

  PublicKeyFile {
    Objects.requireNonNull(suite, "suite");
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@code export} with {@code .pub} appended to its file name. */
  static Path besides(Path export) {
    return export.resolveSibling(export.getFileName() + ".pub");
  }

  void write(Path file) {
    ObjectNode json = ExportFormat.JSON.createObjectNode();
    json.put("format", FORMAT);
    json.put("suite", suite.name());
    json.put("publicKey", Base64.getEncoder().encodeToString(publicKey));
    try {
      Files.write(file, ExportFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    } catch (IOException e) {
      throw LogMessages.cannotWrite("public key", file, e);
    }
  }

  /**
   * Reads a public key file.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if it cannot be read or is
   *     not a public key file
   */
  static PublicKeyFile read(Path file) {
    JsonNode json;
    try {
      json = ExportFormat.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw LogMessages.cannotRead("public key", file, e);
    }
    try {
      if (json == null || !FORMAT.equals(json.path("format").asText())) {
        throw new IllegalArgumentException("format");
      }
      return new PublicKeyFile(
          CipherSuite.valueOf(ExportFormat.text(json, "suite")),
          Base64.getDecoder().decode(ExportFormat.text(json, "publicKey")));
    } catch (IllegalArgumentException e) {
      throw LogMessages.notA("an ElementVault public key", file);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PublicKeyFile that
        && suite == that.suite
        && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * suite.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "PublicKeyFile[" + suite + "]";
  }
}
