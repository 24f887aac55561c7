package org.elementvault.sandbox.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.result.ReleaseShape;
import org.jspecify.annotations.Nullable;

/**
 * The desensitized result of one element run: named, typed columns and rows of plain Java values
 * ({@code String}, {@code Integer}, {@code Long}, {@code Double}, {@code BigDecimal}, {@code
 * Boolean}, {@code LocalDate}, {@code Instant}; null for SQL NULL), and how it was protected.
 *
 * @param protection the mechanism and noise the result carries, released with it
 * @param shape for an aggregate release, the shape of its groups that the release ledger records
 *     (keyed fingerprints and counts only; never released itself); empty for row-level results
 */
public record ElementResult(
    List<ResultColumn> columns,
    List<List<@Nullable Object>> rows,
    ReleaseProtection protection,
    Optional<ReleaseShape> shape) {

  /** One column of a result. */
  public record ResultColumn(String name, ColumnType type) {}

  /** A result without aggregate protection or release shape: row-level, or not yet released. */
  public ElementResult(List<ResultColumn> columns, List<List<@Nullable Object>> rows) {
    this(columns, rows, ReleaseProtection.NONE, Optional.empty());
  }

  public ElementResult {
    Objects.requireNonNull(protection, "protection");
    Objects.requireNonNull(shape, "shape");
    columns = List.copyOf(columns);
    List<List<@Nullable Object>> copy = new ArrayList<>(rows.size());
    for (List<@Nullable Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row has the wrong number of values");
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }
}
