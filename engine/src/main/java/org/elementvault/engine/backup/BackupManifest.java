package org.elementvault.engine.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.jspecify.annotations.Nullable;

/**
 * What a backup holds: every file with its size and digest, and the operation log it carries (its
 * size and Merkle root). Stored as {@value #FILE_NAME}, JSON sealed under the backup key ({@link
 * BackupKey}) and bound to the vault id, so the manifest can be neither read nor forged without the
 * master secret, and a manifest of one vault does not pass for another's.
 *
 * @param vaultId the vault backed up
 * @param suite its cipher suite, which names the file digest (SHA-256 or SM3)
 * @param createdAt when the backup was taken
 * @param logSize entries in the backed-up operation log
 * @param logRoot the log's Merkle root, lower-case hex
 * @param files every file of the backup but the manifest, in path order, with where it lives
 * @param bases the backups an incremental backup builds on, nearest first (empty for a full
 *     backup): the base it was taken from, then that one's bases
 */
public record BackupManifest(
    String vaultId,
    CipherSuite suite,
    Instant createdAt,
    long logSize,
    String logRoot,
    List<BackupFile> files,
    List<BackupBase> bases) {

  /** The manifest's file name in a backup directory. */
  public static final String FILE_NAME = "backup.manifest";

  /** Format 1: a full backup; format 2 adds {@code bases} and each file's {@code base}. */
  private static final int FULL = 1;

  private static final int INCREMENTAL = 2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("format", "vaultId", "suite", "createdAt", "logSize", "logRoot", "files", "bases");

  public BackupManifest {
    Objects.requireNonNull(vaultId, "vaultId");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(logRoot, "logRoot");
    if (logSize < 1) {
      throw new IllegalArgumentException("logSize must be at least 1, got " + logSize);
    }
    files = List.copyOf(files);
    bases = List.copyOf(bases);
    for (BackupFile file : files) {
      if (file.base() > bases.size()) {
        throw new IllegalArgumentException(
            "file " + file.path() + " lives in base " + file.base() + " of " + bases.size());
      }
    }
  }

  /** The total size of the files in bytes, wherever they live. */
  public long totalBytes() {
    return files.stream().mapToLong(BackupFile::size).sum();
  }

  /** The size in bytes of the files stored in this backup's own directory. */
  public long storedBytes() {
    return files.stream().filter(f -> f.base() == 0).mapToLong(BackupFile::size).sum();
  }

  /** Whether the backup builds on others. */
  public boolean isIncremental() {
    return !bases.isEmpty();
  }

  /** The manifest sealed with {@code sealer} (the backup key), as stored. */
  byte[] seal(Aead sealer) {
    return sealer.seal(toJson(), place(vaultId));
  }

  /**
   * Opens a stored manifest of vault {@code vaultId}.
   *
   * @throws CryptoException if it is damaged, forged, of another vault, or malformed
   */
  static BackupManifest open(byte[] sealed, Aead sealer, String vaultId) throws CryptoException {
    byte[] json = sealer.open(sealed, place(vaultId));
    try {
      BackupManifest manifest = parse(JSON.readTree(json));
      if (!manifest.vaultId().equals(vaultId)) {
        throw new CryptoException("the manifest names another vault");
      }
      return manifest;
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new CryptoException("the manifest is malformed", e);
    }
  }

  private static byte[] place(String vaultId) {
    return ("vault/" + vaultId + "/backup-manifest").getBytes(StandardCharsets.UTF_8);
  }

  private byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", isIncremental() ? INCREMENTAL : FULL);
    root.put("vaultId", vaultId);
    root.put("suite", suite.name());
    root.put("createdAt", createdAt.toString());
    root.put("logSize", logSize);
    root.put("logRoot", logRoot);
    ArrayNode list = root.putArray("files");
    for (BackupFile file : files) {
      ObjectNode entry =
          list.addObject()
              .put("path", file.path())
              .put("size", file.size())
              .put("hash", file.hash());
      if (isIncremental()) {
        entry.put("base", file.base());
      }
    }
    if (isIncremental()) {
      ArrayNode chain = root.putArray("bases");
      for (BackupBase base : bases) {
        chain
            .addObject()
            .put("directory", base.directory())
            .put("manifestHash", base.manifestHash());
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static BackupManifest parse(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name);
              }
            });
    int format = root.path("format").asInt(-1);
    if (format != FULL && format != INCREMENTAL) {
      throw new IllegalArgumentException("unsupported format version");
    }
    boolean incremental = format == INCREMENTAL;
    JsonNode list = root.path("files");
    if (!list.isArray()) {
      throw new IllegalArgumentException("files is not a list");
    }
    List<BackupFile> files = new ArrayList<>();
    for (JsonNode file : list) {
      files.add(
          new BackupFile(
              text(file, "path"),
              number(file, "size"),
              text(file, "hash"),
              incremental ? base(file) : 0));
    }
    List<BackupBase> bases = new ArrayList<>();
    JsonNode chain = root.path("bases");
    if (incremental != chain.isArray()) {
      throw new IllegalArgumentException("bases goes with format " + INCREMENTAL + " only");
    }
    for (JsonNode base : chain) {
      bases.add(new BackupBase(text(base, "directory"), text(base, "manifestHash")));
    }
    return new BackupManifest(
        text(root, "vaultId"),
        CipherSuite.valueOf(text(root, "suite")),
        Instant.parse(text(root, "createdAt")),
        number(root, "logSize"),
        text(root, "logRoot"),
        files,
        bases);
  }

  /** A file's base index; anything beyond the chain is refused by the constructor. */
  private static int base(JsonNode file) {
    return (int) Math.max(-1, Math.min(number(file, "base"), Integer.MAX_VALUE));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not text");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is missing or not a whole number");
    }
    return value.asLong();
  }
}
