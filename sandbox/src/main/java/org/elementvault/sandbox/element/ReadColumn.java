package org.elementvault.sandbox.element;

import java.util.Objects;
import org.elementvault.engine.dataset.Level;

/**
 * A column an element reads, as the catalog shows it to other tenants: its name and level only.
 *
 * @param column the column's name
 * @param level its classification
 */
public record ReadColumn(String column, Level level) {

  public ReadColumn {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(level, "level");
  }
}
