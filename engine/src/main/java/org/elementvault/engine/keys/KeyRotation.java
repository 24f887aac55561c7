package org.elementvault.engine.keys;

import java.util.Objects;

/**
 * What one key rotation did, as {@code keys rotate} reports it; never a key byte.
 *
 * @param key the rotated key's name at its new version ({@code dataset-7-v2}, {@code tenant-3-v2})
 * @param owner the dataset it belongs to, as {@code tenant/dataset}, or the tenant
 * @param version the new version, which seals every chunk of the dataset (or wraps every key file
 *     of the tenant) now
 * @param reencrypted for a dataset key, the chunks re-encrypted from older versions; for a tenant
 *     key, the key files rewrapped from older versions; the older versions are destroyed
 * @param job the job that re-encrypted them
 */
public record KeyRotation(String key, String owner, int version, long reencrypted, String job) {

  public KeyRotation {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(job, "job");
    if (version < 2) {
      throw new IllegalArgumentException("a rotated key has version 2 or more, got " + version);
    }
    if (reencrypted < 0) {
      throw new IllegalArgumentException("reencrypted must be at least 0, got " + reencrypted);
    }
  }
}
