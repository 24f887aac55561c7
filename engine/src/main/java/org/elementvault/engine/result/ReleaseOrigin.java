package org.elementvault.engine.result;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a result comes from, as the release ledger records it.
 *
 * @param elementId the element that was run
 * @param jobId the job that produced the result
 * @param shape the shape of an aggregate run on real data; empty for row-level and sample results,
 *     which the ledger records without one
 */
public record ReleaseOrigin(String elementId, String jobId, Optional<ReleaseShape> shape) {

  public ReleaseOrigin {
    Objects.requireNonNull(elementId, "elementId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(shape, "shape");
  }
}
