package org.elementvault.server.api;

import java.util.Objects;
import org.elementvault.engine.tenant.Quotas;
import org.jspecify.annotations.Nullable;

/**
 * New values for some of a tenant's quotas; an absent one keeps its current value.
 *
 * @param storageBytes bytes of stored data, or null to keep
 * @param maxJobs concurrent jobs, or null to keep
 * @param maxRowsScanned rows one job may scan, or null to keep
 * @param minThreshold the threshold floor of the tenant's elements, or null to keep
 */
public record QuotaChange(
    @Nullable Long storageBytes,
    @Nullable Integer maxJobs,
    @Nullable Long maxRowsScanned,
    @Nullable Integer minThreshold) {

  /** The quotas {@code current} becomes with this change. */
  public Quotas applyTo(Quotas current) {
    return new Quotas(
        Objects.requireNonNullElse(storageBytes, current.storageBytes()),
        Objects.requireNonNullElse(maxJobs, current.maxJobs()),
        Objects.requireNonNullElse(maxRowsScanned, current.maxRowsScanned()),
        Objects.requireNonNullElse(minThreshold, current.minThreshold()));
  }
}
