package org.elementvault.engine.dataset;

import java.util.List;

/**
 * Statistics of one stored batch.
 *
 * @param rows rows in the batch
 * @param columns one entry per schema column, in schema order
 */
public record BatchStats(int rows, List<ColumnStats> columns) {

  public BatchStats {
    columns = List.copyOf(columns);
  }
}
