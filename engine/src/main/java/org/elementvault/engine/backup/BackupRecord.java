package org.elementvault.engine.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * A backup the vault registered when it took it, as {@code backup list} shows it. Kept sealed in
 * the vault's metadata, written in the same batch as the {@code backup.create} log entry.
 *
 * @param id the backup's number in this vault, from 1
 * @param createdAt when it was taken
 * @param directory the absolute directory it was written to
 * @param files files in it, the manifest not counted
 * @param bytes the size of those stored in its own directory: all of them for a full backup, the
 *     new ones for an incremental backup
 * @param logSequence the operation log's size it carries: the last entry it holds
 * @param manifestHash the suite's digest of the stored (sealed) manifest, lower-case hex, as the
 *     log entry records it
 */
public record BackupRecord(
    long id,
    Instant createdAt,
    String directory,
    long files,
    long bytes,
    long logSequence,
    String manifestHash) {

  public BackupRecord {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(manifestHash, "manifestHash");
    if (id < 1) {
      throw new IllegalArgumentException("id must be at least 1, got " + id);
    }
  }
}
