package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.schema.SchemaPlus;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.GivenRows;
import org.elementvault.sandbox.exec.JobLimits;
import org.jspecify.annotations.Nullable;

/**
 * The last step of an aggregate release: what the query computes over its protected groups (HAVING,
 * expressions of aggregates, ORDER BY, LIMIT), planned and compiled into generated code once, and
 * run over each release's groups, which take the aggregate's place. It never sees exact groups:
 * only the rows a release hands it.
 *
 * <p>Not thread-safe: a kept compilation runs one job at a time.
 */
final class LastStep {

  private final CalciteExecutor.Prepared prepared;

  private LastStep(CalciteExecutor.Prepared prepared) {
    this.prepared = prepared;
  }

  /** The part of {@code plan} above {@code aggregate}, compiled. */
  static LastStep of(RelNode plan, Aggregate aggregate) {
    GivenRows groups = GivenRows.of(aggregate.getCluster(), aggregate.getRowType());
    RelNode above = replace(plan, aggregate, groups);
    // Nothing above the aggregate: the groups are the result as they are.
    return new LastStep(
        above == groups
            ? CalciteExecutor.passThrough(groups)
            : CalciteExecutor.prepare(above, groups));
  }

  /** Runs the step over {@code groups}, rows of the aggregate's type. */
  ElementResult run(List<List<@Nullable Object>> groups, SchemaPlus catalog, JobLimits limits) {
    return prepared.execute(groups, catalog, limits);
  }

  private static RelNode replace(RelNode node, Aggregate aggregate, GivenRows groups) {
    if (node == aggregate) {
      return groups;
    }
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : node.getInputs()) {
      inputs.add(replace(input, aggregate, groups));
    }
    return node.copy(node.getTraitSet(), inputs);
  }
}
