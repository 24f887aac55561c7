package org.elementvault.engine.tenant;

import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * The resources a tenant may use.
 *
 * @param storageBytes bytes of stored data
 * @param maxJobs concurrent jobs
 * @param maxRowsScanned rows one job may scan
 */
public record Quotas(long storageBytes, int maxJobs, long maxRowsScanned) {

  /** DESIGN.md's defaults: 10 GiB, 4 concurrent jobs, 10⁹ rows scanned per job. */
  public static final Quotas DEFAULTS = new Quotas(10L << 30, 4, 1_000_000_000L);

  public Quotas {
    check("storage bytes", storageBytes, 1L << 50);
    check("concurrent jobs", maxJobs, 1024);
    check("rows scanned per job", maxRowsScanned, 1L << 50);
  }

  private static void check(String what, long value, long max) {
    if (value < 1 || value > max) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "quota of " + what + " must be between 1 and " + max);
    }
  }
}
