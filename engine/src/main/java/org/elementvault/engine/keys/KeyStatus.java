package org.elementvault.engine.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * One key of the vault as {@code keys status} shows it; never a key byte.
 *
 * @param key the key's name ({@code master}, {@code tenant-3}, {@code dataset-7})
 * @param owner the tenant or dataset the key belongs to, {@code tenant/dataset} for a dataset;
 *     empty for the master key
 * @param version the key's current version, the one that seals new data; versions only grow
 * @param createdAt when the current version was created (for the master key, when its secret last
 *     changed)
 * @param shielded whether a backup shield exists for the current version, i.e. a backup holds a
 *     copy of it
 * @param pendingChunks the chunks still sealed under an older version, which a rotation has yet to
 *     re-encrypt before it destroys that version; 0 when none is pending
 */
public record KeyStatus(
    String key,
    String owner,
    int version,
    Instant createdAt,
    boolean shielded,
    long pendingChunks) {

  public KeyStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
    if (pendingChunks < 0) {
      throw new IllegalArgumentException("pendingChunks must be at least 0, got " + pendingChunks);
    }
  }
}
