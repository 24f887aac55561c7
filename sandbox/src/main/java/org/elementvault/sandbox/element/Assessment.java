package org.elementvault.sandbox.element;

import java.util.List;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.jspecify.annotations.Nullable;

/**
 * The automatic risk assessment of an element's query that passed the policy: what it reads, the
 * rules that were applied and the threshold the release uses.
 *
 * @param aggregate whether the query releases groups (thresholded) rather than rows (k-anonymity
 *     checked)
 * @param threshold the k applied at every run
 * @param columns every source column the query reads, sorted by dataset and column
 * @param rules the rules applied, in words, one per entry
 * @param protection what an aggregate release will say of its protection, data-independent (for dp:
 *     ε, δ, the release threshold and each aggregate's expected error); null for elements assessed
 *     before it was recorded
 * @param outputs the columns of the result, by name and SQL type; empty for elements assessed
 *     before they were recorded
 */
public record Assessment(
    boolean aggregate,
    int threshold,
    List<ColumnUse> columns,
    List<String> rules,
    @Nullable ReleaseProtection protection,
    List<OutputColumn> outputs) {

  /** An assessment that records no protection and no output columns. */
  public Assessment(boolean aggregate, int threshold, List<ColumnUse> columns, List<String> rules) {
    this(aggregate, threshold, columns, rules, null, List.of());
  }

  public Assessment {
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    columns = List.copyOf(columns);
    rules = List.copyOf(rules);
  }
}
