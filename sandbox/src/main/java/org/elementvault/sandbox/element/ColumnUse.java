package org.elementvault.sandbox.element;

import java.util.Set;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;

/**
 * One source column an element's query reads, with its classification and every way the query uses
 * it: a line of the assessment report.
 */
public record ColumnUse(String dataset, String column, Level level, PiiType pii, Set<Use> uses) {

  public ColumnUse {
    uses = Set.copyOf(uses);
  }
}
