package org.elementvault.engine.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One imported version of a dataset; it became visible only when all its chunks were written.
 *
 * @param number version number, from 1
 * @param rows rows in the version
 * @param storedBytes bytes of its sealed chunks
 * @param importedAt when its import was committed
 * @param importedBy the principal that imported it
 * @param batches statistics of each batch, in order
 * @param subjectUnique whether every row has a different subject (learned at import; false when
 *     unknown), so that counting a version's distinct subjects may count its rows
 */
public record DatasetVersion(
    int number,
    long rows,
    long storedBytes,
    Instant importedAt,
    String importedBy,
    List<BatchStats> batches,
    boolean subjectUnique) {

  public DatasetVersion {
    Objects.requireNonNull(importedAt, "importedAt");
    Objects.requireNonNull(importedBy, "importedBy");
    batches = List.copyOf(batches);
  }
}
