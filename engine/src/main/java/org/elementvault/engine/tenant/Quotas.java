package org.elementvault.engine.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * The resources a tenant may use, and the floor of its release protection.
 *
 * @param storageBytes bytes of stored data
 * @param maxJobs concurrent jobs
 * @param maxRowsScanned rows one job may scan
 * @param minThreshold the smallest threshold k an element of the tenant may use: the vault admin's
 *     floor, which a spec may only raise
 */
public record Quotas(long storageBytes, int maxJobs, long maxRowsScanned, int minThreshold) {

  /** The floor of a tenant that was never given one (DESIGN.md: "the minimum k (default 10)"). */
  public static final int DEFAULT_MIN_THRESHOLD = 10;

  /** The lowest floor: a threshold of 1 would release single subjects. */
  public static final int MIN_THRESHOLD_LOWEST = 2;

  /** The highest floor: beyond it no group of any real dataset would be released. */
  public static final int MIN_THRESHOLD_HIGHEST = 1_000_000;

  /**
   * DESIGN.md's defaults: 10 GiB, 4 concurrent jobs, 10⁹ rows scanned per job, a threshold of at
   * least 10.
   */
  public static final Quotas DEFAULTS =
      new Quotas(10L << 30, 4, 1_000_000_000L, DEFAULT_MIN_THRESHOLD);

  public Quotas {
    check("storage bytes", storageBytes, 1L << 50);
    check("concurrent jobs", maxJobs, 1024);
    check("rows scanned per job", maxRowsScanned, 1L << 50);
    checkMinThreshold(minThreshold);
  }

  /**
   * Reads stored and sent quotas. Records sealed before the threshold floor existed lack {@code
   * minThreshold}; they get {@link #DEFAULT_MIN_THRESHOLD}, the floor every tenant had then.
   */
  @JsonCreator
  static Quotas read(
      @JsonProperty(value = "storageBytes", required = true) long storageBytes,
      @JsonProperty(value = "maxJobs", required = true) int maxJobs,
      @JsonProperty(value = "maxRowsScanned", required = true) long maxRowsScanned,
      @JsonProperty("minThreshold") @Nullable Integer minThreshold) {
    return new Quotas(
        storageBytes,
        maxJobs,
        maxRowsScanned,
        Objects.requireNonNullElse(minThreshold, DEFAULT_MIN_THRESHOLD));
  }

  /** These quotas with the threshold floor {@code k}. */
  public Quotas withMinThreshold(int k) {
    return new Quotas(storageBytes, maxJobs, maxRowsScanned, k);
  }

  /**
   * Checks a threshold floor, so that a shell can refuse a bad value before it opens a vault.
   *
   * @throws VaultException {@code USER_ERROR} naming the allowed range unless {@code k} is between
   *     {@link #MIN_THRESHOLD_LOWEST} and {@link #MIN_THRESHOLD_HIGHEST}
   */
  public static void checkMinThreshold(int k) {
    check("minimum threshold", k, MIN_THRESHOLD_LOWEST, MIN_THRESHOLD_HIGHEST);
  }

  private static void check(String what, long value, long max) {
    check(what, value, 1, max);
  }

  private static void check(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "quota of " + what + " must be between " + min + " and " + max);
    }
  }
}
