package org.elementvault.engine.dataset;

import java.util.List;
import java.util.Objects;

/**
 * The common values of one GENERAL text column in one version, learned at import so that sample
 * data can follow the column's distribution without reading it: every value that at least {@link
 * #MIN_SUBJECTS} distinct subjects hold, with its row count, most frequent first. A value fewer
 * subjects hold is never recorded, so no rare value (which could name a person) is kept here.
 *
 * @param column the column's name
 * @param values the common values, most rows first (then by value), none repeated
 */
public record Categories(String column, List<Categories.Value> values) {

  /** The fewest distinct subjects a recorded value has: the default group threshold. */
  public static final int MIN_SUBJECTS = 10;

  public Categories {
    Objects.requireNonNull(column, "column");
    values = List.copyOf(values);
  }

  /**
   * One common value.
   *
   * @param text the value
   * @param rows how many rows hold it (at least {@link #MIN_SUBJECTS})
   */
  public record Value(String text, long rows) {

    public Value {
      Objects.requireNonNull(text, "text");
      if (rows < MIN_SUBJECTS) {
        throw new IllegalArgumentException(
            "rows must be at least " + MIN_SUBJECTS + ", was " + rows);
      }
    }
  }
}
