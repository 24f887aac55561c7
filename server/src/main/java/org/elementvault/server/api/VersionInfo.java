package org.elementvault.server.api;

import java.time.Instant;
import java.util.Objects;
import org.elementvault.engine.dataset.DatasetVersion;

/**
 * One version of a dataset as callers see it. The per-batch statistics the engine keeps (value
 * ranges, derived from the data) stay inside the vault; only their count leaves.
 *
 * @param number version number, from 1
 * @param rows rows in the version
 * @param storedBytes bytes of its sealed chunks
 * @param importedAt when its import was committed
 * @param importedBy the principal that imported it
 * @param batches how many batches it was stored in
 */
public record VersionInfo(
    int number, long rows, long storedBytes, Instant importedAt, String importedBy, int batches) {

  public VersionInfo {
    Objects.requireNonNull(importedAt, "importedAt");
    Objects.requireNonNull(importedBy, "importedBy");
  }

  /** The caller's view of {@code version}. */
  public static VersionInfo of(DatasetVersion version) {
    return new VersionInfo(
        version.number(),
        version.rows(),
        version.storedBytes(),
        version.importedAt(),
        version.importedBy(),
        version.batches().size());
  }
}
