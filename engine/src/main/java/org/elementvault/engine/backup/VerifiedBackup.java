package org.elementvault.engine.backup;

import java.util.List;
import java.util.Objects;

/**
 * What verifying or restoring a backup proved: every file matches the authenticated manifest, the
 * copy opens as a vault, its log verifies with the manifest's size and root, and every chunk opens.
 *
 * @param manifest the authenticated manifest
 * @param inventory the datasets found in the copy
 * @param chunks the chunks authenticated
 * @param logLastHash the hash of the log's last entry, lower-case hex, to compare with the live log
 * @param shredded the tenants ({@code tenant T}) and datasets ({@code dataset T/D}) the live vault
 *     shredded after the backup was taken: unreadable in it, and destroyed in the copy
 */
public record VerifiedBackup(
    BackupManifest manifest,
    Inventory inventory,
    long chunks,
    String logLastHash,
    List<String> shredded) {

  public VerifiedBackup {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(logLastHash, "logLastHash");
    shredded = List.copyOf(shredded);
  }

  /** One line for operators. */
  public String summary() {
    return manifest.files().size()
        + " files, "
        + manifest.totalBytes()
        + " bytes, "
        + inventory.datasets()
        + " datasets, "
        + chunks
        + " chunks authenticated, log of "
        + manifest.logSize()
        + " entries verified"
        + (shredded.isEmpty() ? "" : "; shredded since: " + String.join(", ", shredded));
  }
}
