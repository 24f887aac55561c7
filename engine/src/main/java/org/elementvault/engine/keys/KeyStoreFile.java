package org.elementvault.engine.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.WrappedKey;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.crypto.kdf.Argon2idKdf;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * The contents of {@code vault.keystore}: public parameters plus wrapped keys, as JSON. Every
 * public field is bound into the master key's wrapping ({@link #masterKeyPlace()}), so editing one
 * makes the vault refuse to open rather than silently weakening it.
 *
 * @param vaultId random identifier of this vault, bound into every sealed value
 * @param suite the vault's cipher suite
 * @param createdAt when the vault was created
 * @param method how the master key is unlocked
 * @param kdf the Argon2id cost, present exactly when {@code method} is {@code PASSPHRASE}
 * @param salt 16 random bytes mixed into the key-encryption key
 * @param masterKey the master key wrapped under the key-encryption key
 * @param signingKey the vault's private signing key wrapped under the master key
 * @param signingPublicKey the vault's public key, for auditors
 */
public record KeyStoreFile(
    String vaultId,
    CipherSuite suite,
    Instant createdAt,
    UnlockMethod method,
    @Nullable Argon2Params kdf,
    byte[] salt,
    WrappedKey masterKey,
    WrappedKey signingKey,
    byte[] signingPublicKey) {

  /** The file name inside the vault directory. */
  public static final String FILE_NAME = "vault.keystore";

  /** The next key store while it is being written. */
  private static final String TEMPORARY_NAME = FILE_NAME + ".tmp";

  private static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of(
          "format",
          "vaultId",
          "suite",
          "createdAt",
          "unlock",
          "kdf",
          "salt",
          "masterKey",
          "signingKey",
          "signingPublicKey");

  public KeyStoreFile {
    Objects.requireNonNull(vaultId, "vaultId");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(masterKey, "masterKey");
    Objects.requireNonNull(signingKey, "signingKey");
    if ((kdf != null) != (method == UnlockMethod.PASSPHRASE)) {
      throw new IllegalArgumentException("KDF parameters go with passphrase unlocking only");
    }
    if (salt.length != Argon2idKdf.SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be " + Argon2idKdf.SALT_LENGTH + " bytes");
    }
    salt = salt.clone();
    signingPublicKey = signingPublicKey.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] signingPublicKey() {
    return signingPublicKey.clone();
  }

  /** The place label the master key is wrapped for: every public parameter of this file. */
  String masterKeyPlace() {
    return masterKeyPlace(vaultId, suite, createdAt, method, kdf, salt, signingPublicKey);
  }

  static String masterKeyPlace(
      String vaultId,
      CipherSuite suite,
      Instant createdAt,
      UnlockMethod method,
      @Nullable Argon2Params kdf,
      byte[] salt,
      byte[] signingPublicKey) {
    return String.join(
        "/",
        "vault",
        vaultId,
        "master",
        suite.name(),
        createdAt.toString(),
        method.name(),
        kdf == null ? "-" : kdf.memoryKiB() + "," + kdf.iterations() + "," + kdf.parallelism(),
        HexFormat.of().formatHex(salt),
        Base64.getEncoder().encodeToString(signingPublicKey));
  }

  /** The place label the signing key is wrapped for. */
  String signingKeyPlace() {
    return signingKeyPlace(vaultId);
  }

  static String signingKeyPlace(String vaultId) {
    return "vault/" + vaultId + "/signing-key";
  }

  /**
   * Writes the file into {@code directory} atomically (a synced temporary file renamed over the
   * target), readable by the owner only.
   */
  public void write(Path directory) {
    prepare(directory);
    commit(directory);
  }

  /**
   * The first half of {@link #write}: writes and syncs the temporary file next to the key store,
   * leaving the key store itself untouched. A crash now leaves the old key store working; the next
   * {@link #prepare} replaces the leftover.
   */
  void prepare(Path directory) {
    Path temporary = directory.resolve(TEMPORARY_NAME);
    try {
      Files.deleteIfExists(temporary);
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, toJson(), StandardOpenOption.WRITE);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "writing the key store failed", e);
    }
  }

  /** Deletes a prepared key store that will not be committed; does nothing if there is none. */
  static void discardPrepared(Path directory) {
    try {
      Files.deleteIfExists(directory.resolve(TEMPORARY_NAME));
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "removing the prepared key store failed", e);
    }
  }

  /** The second half of {@link #write}: renames the prepared file over the key store, synced. */
  static void commit(Path directory) {
    try {
      Files.move(
          directory.resolve(TEMPORARY_NAME),
          directory.resolve(FILE_NAME),
          StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "writing the key store failed", e);
    }
  }

  private byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("vaultId", vaultId);
    root.put("suite", suite.name());
    root.put("createdAt", createdAt.toString());
    root.put("unlock", method.name());
    if (kdf != null) {
      ObjectNode node = root.putObject("kdf");
      node.put("algorithm", "argon2id");
      node.put("memoryKiB", kdf.memoryKiB());
      node.put("iterations", kdf.iterations());
      node.put("parallelism", kdf.parallelism());
    }
    Base64.Encoder base64 = Base64.getEncoder();
    root.put("salt", base64.encodeToString(salt));
    root.put("masterKey", base64.encodeToString(masterKey.sealed()));
    root.put("signingKey", base64.encodeToString(signingKey.sealed()));
    root.put("signingPublicKey", base64.encodeToString(signingPublicKey));
    try {
      return JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(root)
          .concat("\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /**
   * Reads the key store of the vault in {@code directory}.
   *
   * @throws VaultException {@code USER_ERROR} if there is none, {@code INTEGRITY} if it is
   *     malformed
   */
  public static KeyStoreFile read(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, directory + " is not a vault (it has no " + FILE_NAME + ")", e);
    } catch (AccessDeniedException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "cannot read " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading " + file + " failed", e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw malformed("not valid JSON", e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw malformed(e.getMessage(), e);
    }
  }

  private static KeyStoreFile parse(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      throw malformed("not a JSON object", null);
    }
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw malformed("unknown field " + name, null);
              }
            });
    if (root.path("format").asInt(-1) != FORMAT) {
      throw malformed("unsupported format version", null);
    }
    CipherSuite suite = CipherSuite.valueOf(text(root, "suite"));
    UnlockMethod method = UnlockMethod.valueOf(text(root, "unlock"));
    Argon2Params kdf = null;
    JsonNode kdfNode = root.get("kdf");
    if (kdfNode != null) {
      if (!"argon2id".equals(text(kdfNode, "algorithm"))) {
        throw malformed("unknown key derivation", null);
      }
      kdf =
          new Argon2Params(
              number(kdfNode, "memoryKiB"),
              number(kdfNode, "iterations"),
              number(kdfNode, "parallelism"));
    }
    return new KeyStoreFile(
        text(root, "vaultId"),
        suite,
        Instant.parse(text(root, "createdAt")),
        method,
        kdf,
        bytes(root, "salt"),
        new WrappedKey(bytes(root, "masterKey")),
        new WrappedKey(bytes(root, "signingKey")),
        bytes(root, "signingPublicKey"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed("field " + field + " is missing or not text", null);
    }
    return value.asText();
  }

  private static int number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw malformed("field " + field + " is missing or not a number", null);
    }
    return value.asInt();
  }

  private static byte[] bytes(JsonNode node, String field) {
    return Base64.getDecoder().decode(text(node, field));
  }

  private static VaultException malformed(@Nullable String why, @Nullable Throwable cause) {
    return new VaultException(
        ErrorCode.INTEGRITY, "the key store " + FILE_NAME + " is malformed: " + why, cause);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyStoreFile that
        && vaultId.equals(that.vaultId)
        && masterKeyPlace().equals(that.masterKeyPlace())
        && createdAt.equals(that.createdAt)
        && masterKey.equals(that.masterKey)
        && signingKey.equals(that.signingKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vaultId, masterKey, signingKey);
  }

  @Override
  public String toString() {
    return "KeyStoreFile[vault " + vaultId + ", " + suite + ", " + method + "]";
  }
}
