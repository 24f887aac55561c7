package org.elementvault.sandbox.exec;

import java.util.List;

/**
 * What an executor computed of a {@link ContributionQuery} itself: never released as such.
 *
 * @param groups each group's contributions, in order of each group's first row
 * @param failing the rows that fail some checked condition, per group and combination of failed
 *     conditions; empty unless the query {@link ContributionQuery#reportsFailing reports them}
 */
public record Contributions(List<GroupContributions> groups, List<FailingRows> failing) {

  /** Copies the lists. */
  public Contributions {
    groups = List.copyOf(groups);
    failing = List.copyOf(failing);
  }
}
