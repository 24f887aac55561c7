package org.elementvault.sandbox.exec;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.SchemaPlus;

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
      RelNode plan,
      SchemaPlus catalog,
      JobLimits limits,
      java.util.function.Consumer<@org.jspecify.annotations.Nullable Object[]> sink) {
    for (var row : execute(plan, catalog, limits.forIntermediateRows()).rows()) {
      sink.accept(row.toArray());
    }
  }
}
