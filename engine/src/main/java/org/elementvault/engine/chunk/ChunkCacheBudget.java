package org.elementvault.engine.chunk;

/**
 * How much memory a {@link ChunkCache} may hold: in all, and for any one tenant, so that one
 * tenant's scans cannot push every other tenant's chunks out.
 *
 * @param totalBytes decrypted bytes held for all tenants together; 0 turns the cache off
 * @param tenantBytes decrypted bytes held for one tenant, at most {@code totalBytes}
 */
public record ChunkCacheBudget(long totalBytes, long tenantBytes) {

  /** 256 MiB in all, half of it at most for one tenant. */
  public static final ChunkCacheBudget DEFAULT = new ChunkCacheBudget(256L << 20, 128L << 20);

  /** No cache: every read decrypts. */
  public static final ChunkCacheBudget OFF = new ChunkCacheBudget(0, 0);

  public ChunkCacheBudget {
    if (totalBytes < 0) {
      throw new IllegalArgumentException("totalBytes must be at least 0, got " + totalBytes);
    }
    if (tenantBytes < 0 || tenantBytes > totalBytes) {
      throw new IllegalArgumentException(
          "tenantBytes must be between 0 and totalBytes (" + totalBytes + "), got " + tenantBytes);
    }
  }

  /** The same budget for every tenant as for all together: for a vault with one tenant. */
  public static ChunkCacheBudget of(long totalBytes) {
    return new ChunkCacheBudget(totalBytes, totalBytes);
  }

  /** Whether the cache holds anything at all. */
  public boolean isOn() {
    return totalBytes > 0;
  }
}
