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
 * @param categories the common values of its GENERAL text columns without a PII type, for sample
 *     data (a column is absent if it has none or too many distinct values to tally); empty in a
 *     version imported before they were learned
 * @param histograms the coarse shapes of its number columns, for sample data (a column is absent if
 *     no bucket of it is common); empty in a version imported before they were learned
 */
public record DatasetVersion(
    int number,
    long rows,
    long storedBytes,
    Instant importedAt,
    String importedBy,
    List<BatchStats> batches,
    boolean subjectUnique,
    List<Categories> categories,
    List<Histogram> histograms) {

  public DatasetVersion {
    Objects.requireNonNull(importedAt, "importedAt");
    Objects.requireNonNull(importedBy, "importedBy");
    batches = List.copyOf(batches);
    // Null only in a record stored before these were learned.
    categories = categories == null ? List.of() : List.copyOf(categories);
    histograms = histograms == null ? List.of() : List.copyOf(histograms);
  }
}
