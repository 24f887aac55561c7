package org.elementvault.sandbox.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.SchemaPlus;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.sandbox.catalog.BatchStream;
import org.elementvault.sandbox.catalog.VaultTable;
import org.elementvault.sandbox.exec.VectorPlan.Call;
import org.elementvault.sandbox.exec.VectorPlan.Threshold;
import org.jspecify.annotations.Nullable;

/**
 * Runs the sandbox's most common plan family, a thresholded aggregate over one table (see {@link
 * VectorPlan}), over the Arrow vectors of each batch: filters narrow a selection of row numbers,
 * keys map to dense group ids through hash tables of primitive codes, and aggregates accumulate in
 * primitive arrays. Reads only the columns the plan uses. Every other plan goes to the fallback
 * executor, so results are always those of the fallback; the differential tests hold the two equal.
 *
 * <p>It also combines a noise-protected release's contributions itself ({@link #contributions})
 * when every row is a different subject and the input is a scan of the same family, and hands
 * anything else to the fallback.
 *
 * <p>Thread-safe if the fallback is: each run keeps its state on its own stack.
 */
public final class VectorizedExecutor implements Executor {

  private final Executor fallback;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong contributionRuns = new AtomicLong();

  /** Runs what it can itself, and everything else with {@code fallback}. */
  public VectorizedExecutor(Executor fallback) {
    this.fallback = fallback;
  }

  @Override
  public ElementResult execute(RelNode plan, SchemaPlus catalog, JobLimits limits) {
    Optional<VectorPlan> vector = VectorPlan.match(plan);
    if (vector.isEmpty()) {
      fallbacks.incrementAndGet();
      return fallback.execute(plan, catalog, limits);
    }
    return new Run(vector.get()).execute(limits);
  }

  /** Streams with the fallback: the vectorized family ends in a thresholded aggregate. */
  @Override
  public void stream(
      RelNode plan,
      SchemaPlus catalog,
      JobLimits limits,
      java.util.function.Consumer<@Nullable Object[]> sink) {
    fallback.stream(plan, catalog, limits, sink);
  }

  /** Computes the contributions over vectors when {@link ContributionRun} reads the query. */
  @Override
  public Optional<List<GroupContributions>> contributions(
      ContributionQuery query, SchemaPlus catalog, JobLimits limits) {
    Optional<ContributionRun> run = ContributionRun.of(query);
    if (run.isEmpty()) {
      return fallback.contributions(query, catalog, limits);
    }
    contributionRuns.incrementAndGet();
    return Optional.of(run.get().execute());
  }

  /** How many contribution queries ran over vectors. */
  long contributionRuns() {
    return contributionRuns.get();
  }

  /** How many plans went to the fallback executor. */
  long fallbacks() {
    return fallbacks.get();
  }

  /**
   * Whether {@code column} of {@code table} holds a different value in every row of the version the
   * table reads, so that its distinct count is its count: the subject column of a version whose
   * import found every subject different (the threshold's {@code COUNT(DISTINCT subject)} then
   * counts rows). Sample runs read synthetic subjects under the same answer; their thresholds
   * concern no one.
   */
  private static boolean isUniquePerRow(VaultTable table, Column column) {
    var dataset = table.dataset();
    return dataset.schema().isSubject(column)
        && dataset.latest().map(DatasetVersion::subjectUnique).orElse(false);
  }

  /** The state of one run. */
  private static final class Run {
    private final VectorPlan plan;
    private final int keyCount;
    private final GroupedRows rows;
    private final Accumulator[] accumulators;

    Run(VectorPlan plan) {
      this.plan = plan;
      this.keyCount = plan.keys().size();
      this.rows =
          new GroupedRows(
              plan.filters(),
              plan.keys(),
              plan.keys().stream().map(slot -> plan.columns().get(slot).type()).toList());
      this.accumulators = new Accumulator[plan.calls().size()];
      for (int i = 0; i < accumulators.length; i++) {
        Call call = plan.calls().get(i);
        boolean unique =
            call.slot() >= 0 && isUniquePerRow(plan.table(), plan.columns().get(call.slot()));
        accumulators[i] = Accumulator.of(call, unique);
      }
    }

    ElementResult execute(JobLimits limits) {
      // Without keys there is one group even over no rows, as SQL has it.
      int groupCount = keyCount == 0 ? 1 : 0;
      JobLimits scanLimits = plan.table().limits();
      List<String> names = plan.columns().stream().map(Column::name).toList();
      try (BatchStream stream = plan.table().open(names)) {
        while (stream.next()) {
          VectorSchemaRoot batch = stream.batch();
          int batchRows = batch.getRowCount();
          scanLimits.onBatch(batchRows);
          int count = rows.select(batch, batchRows);
          if (count == 0) {
            continue;
          }
          rows.group(batch, count);
          if (keyCount > 0) {
            groupCount = rows.groupCount();
          }
          for (Accumulator accumulator : accumulators) {
            accumulator.ensure(groupCount);
            accumulator.add(batch, rows.selection(), rows.groupIds(), count);
          }
        }
      }
      for (Accumulator accumulator : accumulators) {
        accumulator.ensure(groupCount);
      }
      return result(groupCount, limits);
    }

    private ElementResult result(int groupCount, JobLimits limits) {
      List<List<@Nullable Object>> result = new ArrayList<>();
      for (int g = 0; g < groupCount; g++) {
        if (!passes(g)) {
          continue;
        }
        List<@Nullable Object> row = new ArrayList<>(plan.outputs().size());
        for (int field : plan.outputs()) {
          row.add(field < keyCount ? rows.key(field, g) : accumulators[field - keyCount].result(g));
        }
        result.add(row);
        limits.onResultRows(result.size());
      }
      return new ElementResult(plan.columnsOut(), result);
    }

    private boolean passes(int group) {
      for (Threshold threshold : plan.thresholds()) {
        if (accumulators[threshold.field() - keyCount].count(group) < threshold.minimum()) {
          return false;
        }
      }
      return true;
    }
  }
}
