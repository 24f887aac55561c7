package org.elementvault.engine.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * One key of the vault as {@code keys status} shows it; never a key byte.
 *
 * @param key the key's name ({@code master}, {@code tenant-3}, {@code dataset-7})
 * @param owner the tenant or dataset the key belongs to, {@code tenant/dataset} for a dataset;
 *     empty for the master key
 * @param version the key's version; every key has exactly one version until tenant and dataset key
 *     rotation lands (issue 15)
 * @param createdAt when the key was created (for the master key, when its secret last changed)
 * @param shielded whether a backup shield exists for it, i.e. a backup holds a copy of it
 */
public record KeyStatus(
    String key, String owner, int version, Instant createdAt, boolean shielded) {

  public KeyStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
  }
}
