package org.elementvault.sandbox.element;

import java.util.List;

/**
 * The automatic risk assessment of an element's query that passed the policy: what it reads, the
 * rules that were applied and the threshold the release uses.
 *
 * @param aggregate whether the query releases groups (thresholded) rather than rows (k-anonymity
 *     checked)
 * @param threshold the k applied at every run
 * @param columns every source column the query reads, sorted by dataset and column
 * @param rules the rules applied, in words, one per entry
 */
public record Assessment(
    boolean aggregate, int threshold, List<ColumnUse> columns, List<String> rules) {

  public Assessment {
    columns = List.copyOf(columns);
    rules = List.copyOf(rules);
  }
}
