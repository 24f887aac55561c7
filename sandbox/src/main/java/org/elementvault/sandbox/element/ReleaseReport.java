package org.elementvault.sandbox.element;

import java.util.List;
import java.util.Objects;
import org.elementvault.engine.result.ReleaseSummary;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.jspecify.annotations.Nullable;

/**
 * What an element has released so far, for its release review: the runs the operation log proves,
 * the shape of every release the release ledger holds, and the protection and rules its assessment
 * applies. Carries no value and no query text.
 *
 * @param element the element's id
 * @param state its state now
 * @param realRuns successful runs on real data, from the log
 * @param releasedRows the rows those runs released, from the log
 * @param releases every release of the element, oldest first, from the release ledger
 * @param protection the protection its aggregates are released under; null if not recorded
 * @param rules the rules its assessment applies, in words
 */
public record ReleaseReport(
    String element,
    ElementState state,
    int realRuns,
    long releasedRows,
    List<ReleaseSummary> releases,
    @Nullable ReleaseProtection protection,
    List<String> rules) {

  public ReleaseReport {
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(state, "state");
    releases = List.copyOf(releases);
    rules = List.copyOf(rules);
  }
}
