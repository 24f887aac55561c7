package org.elementvault.engine.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a restore drill ({@code evault backup drill}): what the temporary backup held,
 * what its restore proved, and how it compares with the live vault.
 *
 * @param vaultId the vault drilled
 * @param time when the drill ran
 * @param backup the temporary backup's manifest
 * @param restored what restoring it proved, if it restored
 * @param live the live vault's inventory at the drill
 * @param problems every difference or failure found, one line each; empty when the drill passed
 */
public record DrillReport(
    String vaultId,
    Instant time,
    BackupManifest backup,
    Optional<VerifiedBackup> restored,
    Inventory live,
    List<String> problems) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public DrillReport {
    Objects.requireNonNull(vaultId, "vaultId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(restored, "restored");
    Objects.requireNonNull(live, "live");
    problems = List.copyOf(problems);
    if (restored.isEmpty() && problems.isEmpty()) {
      throw new IllegalArgumentException("a drill that did not restore has a problem");
    }
  }

  /** Whether the restore succeeded and matched the live vault. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /** One line for the log and operators. */
  public String summary() {
    return passed()
        ? "passed: "
            + restored.map(VerifiedBackup::summary).orElse("")
            + ", matching the live vault"
        : "failed: " + String.join("; ", problems);
  }

  /** Writes the report as one JSON document to {@code file}, readable by its owner only. */
  public void write(Path file) {
    BackupFiles.deleteTree(file);
    BackupFiles.write(file, toJson());
  }

  /** The report as JSON: numbers are numbers, digests lower-case hex. */
  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("result", passed() ? "OK" : "FAILED");
    root.put("vault_id", vaultId);
    root.put("time", time.toString());
    ObjectNode taken = root.putObject("backup");
    taken.put("created_at", backup.createdAt().toString());
    taken.put("files", backup.files().size());
    taken.put("bytes", backup.totalBytes());
    taken.put("log_size", backup.logSize());
    taken.put("log_root", backup.logRoot());
    taken.put("digest", BackupMessages.digestName(backup.suite()));
    if (restored.isPresent()) {
      ObjectNode node = root.putObject("restored");
      node.put("datasets", restored.get().inventory().datasets());
      node.put("versions", restored.get().inventory().versions());
      node.put("rows", restored.get().inventory().rows());
      node.put("chunks_authenticated", restored.get().chunks());
      node.put("log_verified", true);
    } else {
      root.putNull("restored");
    }
    ObjectNode current = root.putObject("live");
    current.put("datasets", live.datasets());
    current.put("versions", live.versions());
    current.put("rows", live.rows());
    ArrayNode list = root.putArray("problems");
    problems.forEach(list::add);
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
