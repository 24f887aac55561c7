package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.elementvault.sandbox.exec.FailingRows;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one group that fail one combination of checked conditions, or that pass through one
 * combination of branches, kept while the subjects behind them are at most {@link
 * FailingRows#KEPT}: enough to decide low effect and to readmit (or withhold) them.
 *
 * <p>Not thread-safe: one per group and combination.
 */
final class FailedRows {

  private final int contributorField;
  private @Nullable List<@Nullable Object[]> rows = new ArrayList<>();
  private @Nullable Set<Object> contributors = new HashSet<>();

  /** Rows whose contributor is field {@code contributorField}. */
  FailedRows(int contributorField) {
    this.contributorField = contributorField;
  }

  void add(@Nullable Object[] row) {
    if (rows == null || contributors == null) {
      return;
    }
    rows.add(row);
    Object contributor = row[contributorField];
    if (contributor != null) {
      contributors.add(contributor);
    }
    if (contributors.size() > FailingRows.KEPT) {
      overflow();
    }
  }

  /** Forgets the rows: too many subjects fail these conditions for them to be of low effect. */
  void overflow() {
    rows = null;
    contributors = null;
  }

  /** The rows, unless too many subjects fail. */
  @Nullable List<@Nullable Object[]> rows() {
    return rows;
  }

  /** The distinct contributors of the rows, unless too many. */
  Optional<Set<Object>> contributors() {
    return Optional.ofNullable(contributors);
  }
}
