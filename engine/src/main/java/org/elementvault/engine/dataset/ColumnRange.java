package org.elementvault.engine.dataset;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A simple predicate a scan may prune batches with: {@code low ≤ column ≤ high}, either bound
 * optional. Numbers compare as numbers, dates as epoch days, timestamps as epoch microseconds.
 * Pruning only skips batches that cannot match; the caller still filters rows.
 *
 * @param column the column's name
 * @param low inclusive lower bound, or null
 * @param high inclusive upper bound, or null
 */
public record ColumnRange(String column, @Nullable Double low, @Nullable Double high) {

  public ColumnRange {
    Objects.requireNonNull(column, "column");
  }
}
