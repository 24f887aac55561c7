package org.elementvault.bench.crash;

import java.nio.file.Path;
import java.util.List;

/**
 * The durable operations a trial interrupts, each as the {@code evault} arguments that start it.
 */
enum CrashOperation {
  /** A second version of the tenant's dataset, larger than the first. */
  IMPORT,
  /** The approved element over the dataset, its result written to a file. */
  ELEMENT_RUN,
  /** A new key version for the dataset and the re-encryption of its chunks. */
  KEY_ROTATION,
  /** The tenant's exit: revocation and crypto-shredding. */
  TENANT_EXIT,
  /** A backup of the whole vault. */
  BACKUP;

  /** The arguments of this operation in a trial whose scratch directory is {@code trial}. */
  List<String> arguments(VaultTemplate template, Path trial) {
    return switch (this) {
      case IMPORT ->
          List.of(
              "--token-file",
              template.tenantToken().toString(),
              "dataset",
              "import",
              "--name",
              VaultTemplate.DATASET,
              "--file",
              template.secondVersion().toString(),
              "--schema",
              template.schema().toString());
      case ELEMENT_RUN ->
          List.of(
              "--token-file",
              template.developerToken().toString(),
              "element",
              "run",
              template.elementId(),
              "--out",
              resultFile(trial).toString());
      case KEY_ROTATION ->
          List.of(
              "keys",
              "rotate",
              "--dataset",
              VaultTemplate.DATASET,
              "--tenant",
              VaultTemplate.TENANT);
      case TENANT_EXIT ->
          List.of("tenant", "exit", VaultTemplate.TENANT, "--confirm", VaultTemplate.TENANT);
      case BACKUP -> List.of("backup", "create", "--out", backupDirectory(trial).toString());
    };
  }

  static Path resultFile(Path trial) {
    return trial.resolve("result.csv");
  }

  static Path backupDirectory(Path trial) {
    return trial.resolve("backup");
  }
}
