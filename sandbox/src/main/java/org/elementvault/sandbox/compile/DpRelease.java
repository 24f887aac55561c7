package org.elementvault.sandbox.compile;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.schema.SchemaPlus;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.protection.Protection;

/**
 * Runs an aggregate element under {@code protection: dp} (DESIGN.md, Release protection). It reuses
 * the noise release's plan of partial aggregates per group and subject ({@link
 * NoisyRelease.Partials}), streams those contributions into a {@link DpAggregation}, and runs
 * whatever the query computes above its aggregate over the noisy groups.
 */
final class DpRelease {

  private final RelNode plan;
  private final int k;

  DpRelease(RelNode plan, int k) {
    this.plan = plan;
    this.k = k;
  }

  /** Runs the release under {@code protection}, with noise and sampling from {@code random}. */
  ElementResult run(
      Executor executor,
      SchemaPlus catalog,
      JobLimits limits,
      Protection protection,
      SecureRandom random) {
    DpPlan dp = DpPlan.of(plan, protection, k);
    Aggregate aggregate = NoisyRelease.find(plan);
    Aggregate thresholded = NoisyRelease.find(ThresholdRewrite.apply(aggregate, k));
    if (aggregate == null || thresholded == null) {
      throw new IllegalStateException("a dp plan has an aggregate");
    }
    int calls = aggregate.getAggCallList().size();
    List<Integer> subjects = new ArrayList<>();
    for (AggregateCall count :
        thresholded.getAggCallList().subList(calls, thresholded.getAggCallList().size())) {
      subjects.add(count.getArgList().get(0));
    }
    if (subjects.size() != 1) {
      throw new IllegalStateException("a dp plan reads one table");
    }
    NoisyRelease.Partials partials =
        new NoisyRelease.Partials(
            thresholded.getInput(), thresholded.getInput(), aggregate, subjects, false);
    RelNode contributions = partials.oneRowPerSubject() ? partials.rows() : partials.plan();
    DpAggregation release =
        new DpAggregation(aggregate.getGroupCount(), partials.outputs, dp, random);
    // Contributions are not released, and never held beyond each subject's kept groups.
    executor.stream(contributions, catalog, limits, release::add);
    ElementResult result = LastStep.of(plan, aggregate).run(release.finish(), catalog, limits);
    // No shape for the ledger: the budget, not the re-slice gate, bounds what dp runs reveal.
    return new ElementResult(result.columns(), result.rows(), dp.description(), Optional.empty());
  }
}
