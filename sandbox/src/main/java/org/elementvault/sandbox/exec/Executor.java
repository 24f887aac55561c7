package org.elementvault.sandbox.exec;

import java.util.Optional;
import java.util.function.Consumer;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.SchemaPlus;
import org.jspecify.annotations.Nullable;

/**
 * Runs a checked and rewritten logical plan over the element's catalog. The one seam between the
 * sandbox's compiler and the engine that executes, so that a vectorized executor over Arrow vectors
 * can take over the plans it handles.
 */
public interface Executor {

  /**
   * Runs {@code plan}, whose tables live in {@code catalog}, under {@code limits}.
   *
   * @throws org.elementvault.engine.VaultException {@code RESOURCE_LIMIT} when a limit stops it
   */
  ElementResult execute(RelNode plan, SchemaPlus catalog, JobLimits limits);

  /**
   * Runs {@code plan} and hands each row to {@code sink} as it comes, holding none of them: for
   * intermediate rows that are never released (a protected release's contributions), however many
   * there are. {@code limits} counts no result rows here.
   */
  default void stream(
      RelNode plan, SchemaPlus catalog, JobLimits limits, Consumer<@Nullable Object[]> sink) {
    for (var row : execute(plan, catalog, limits.forIntermediateRows()).rows()) {
      sink.accept(row.toArray());
    }
  }

  /**
   * Computes the contributions of {@code query} per group itself, in order of each group's first
   * row, or returns empty when it does not run such a query; the caller then streams the query's
   * rows with {@link #stream} instead. What it returns equals, exactly, what combining those rows
   * per group gives.
   */
  default Optional<Contributions> contributions(
      ContributionQuery query, SchemaPlus catalog, JobLimits limits) {
    return Optional.empty();
  }
}
