package org.elementvault.engine.result;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One release as the release ledger keeps it, sealed with the tenant's key.
 *
 * @param tenantId the releasing tenant
 * @param elementId the element that was run
 * @param jobId the job whose result was released
 * @param time when it was released
 * @param shape the shape of an aggregate release on real data; empty for row-level and sample ones
 */
record LedgerRecord(
    long tenantId, String elementId, String jobId, Instant time, Optional<ReleaseShape> shape) {

  LedgerRecord {
    Objects.requireNonNull(elementId, "elementId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(shape, "shape");
  }
}
