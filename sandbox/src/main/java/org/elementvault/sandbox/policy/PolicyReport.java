package org.elementvault.sandbox.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elementvault.sandbox.element.Use;

/**
 * What the policy found in a plan.
 *
 * @param aggregate whether the released rows are groups (thresholded) rather than rows of data
 * @param problems every rule the plan breaks, in plan order; empty if it passes
 * @param uses every source column the plan reads, with how it uses it
 * @param quasiIdentifierOutputs the output fields that carry a quasi-identifier (row-level releases
 *     check k-anonymity over them)
 */
public record PolicyReport(
    boolean aggregate,
    List<Problem> problems,
    Map<Origin, Set<Use>> uses,
    List<Integer> quasiIdentifierOutputs) {

  public PolicyReport {
    problems = List.copyOf(problems);
    uses = Map.copyOf(uses);
    quasiIdentifierOutputs = List.copyOf(quasiIdentifierOutputs);
  }

  /** Whether the plan passes. */
  public boolean passes() {
    return problems.isEmpty();
  }
}
