package org.elementvault.sandbox.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one group of a {@link ContributionQuery} that fail one combination of its checked
 * conditions: kept while they are few, for the release's low-effect detection, which readmits them
 * if the conditions they fail are dropped. Never released as such.
 *
 * @param keys the group's key values, as the row-at-a-time executor gives them
 * @param mask the conditions the rows fail, condition {@code i} as bit {@code i}
 * @param rows rows of {@code keys…, subject, partials…}, as the row-at-a-time executor gives them;
 *     empty if the rows of more than {@link #KEPT} subjects fail them
 */
public record FailingRows(
    List<@Nullable Object> keys, int mask, Optional<List<@Nullable Object[]>> rows) {

  /** The most subjects whose failing rows are kept: more are never of low effect. */
  public static final int KEPT = 16;

  /** Copies the lists. */
  public FailingRows {
    keys = Collections.unmodifiableList(new ArrayList<>(keys));
    rows = rows.map(List::copyOf);
  }

  /** Redacted: keys and rows are data values. */
  @Override
  public String toString() {
    return "FailingRows[mask=" + mask + ", redacted]";
  }
}
