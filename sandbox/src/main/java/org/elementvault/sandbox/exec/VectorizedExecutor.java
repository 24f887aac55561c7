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
 * <p>A query's batches are split between threads (see {@link BatchWorkers}), each grouping and
 * aggregating its own, and the parts merge into exactly what one thread over every batch in order
 * gives: groups in order of first appearance, exact sums and counts, the same contributions. A
 * double's sum or extreme, which rounds after every row, runs on one thread.
 *
 * <p>It also combines a noise-protected release's contributions itself ({@link #contributions})
 * when every row is a different subject and the input is a scan of the same family, and hands
 * anything else to the fallback.
 *
 * <p>Thread-safe if the fallback is: each run keeps its state on its own stack and its workers.
 */
public final class VectorizedExecutor implements Executor {

  private final Executor fallback;
  private final BatchWorkers workers;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong contributionRuns = new AtomicLong();
  private final BatchCache batches;

  /**
   * Runs what it can itself, a query's batches on every processor, and everything else with {@code
   * fallback}.
   */
  public VectorizedExecutor(Executor fallback) {
    this(fallback, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Runs what it can itself, a query's batches on up to {@code threads} threads (the caller's and a
   * pool of {@code threads - 1} that every run of this executor shares), and everything else with
   * {@code fallback}. Results do not depend on {@code threads}.
   */
  public VectorizedExecutor(Executor fallback, int threads) {
    this(fallback, threads, BatchCache.DEFAULT_BUDGET_BYTES);
  }

  /**
   * As {@link #VectorizedExecutor(Executor, int)}, keeping at most {@code batchCacheBytes} of
   * subject hashes and string codes between runs (0: none; see {@link BatchCache}).
   */
  public VectorizedExecutor(Executor fallback, int threads, long batchCacheBytes) {
    this.fallback = fallback;
    this.workers = new BatchWorkers(threads);
    this.batches = new BatchCache(batchCacheBytes);
  }

  /** The subject hashes and string codes kept between runs. */
  BatchCache batches() {
    return batches;
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
  public Optional<Contributions> contributions(
      ContributionQuery query, SchemaPlus catalog, JobLimits limits) {
    Optional<ContributionRun> run = ContributionRun.of(query, batches);
    if (run.isEmpty()) {
      return fallback.contributions(query, catalog, limits);
    }
    contributionRuns.incrementAndGet();
    return Optional.of(run.get().execute(workers));
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

  /** One run: a worker per part of the table's batches, merged. */
  private final class Run {
    private final VectorPlan plan;
    private final int keyCount;

    Run(VectorPlan plan) {
      this.plan = plan;
      this.keyCount = plan.keys().size();
    }

    ElementResult execute(JobLimits limits) {
      List<String> names = plan.columns().stream().map(Column::name).toList();
      List<Part> parts;
      try (BatchStream stream = plan.table().open(names)) {
        boolean inRowOrder = plan.calls().stream().anyMatch(Accumulator::isInRowOrder);
        parts = workers.run(stream, plan.table().limits(), inRowOrder, Part::new);
      }
      Part whole = parts.size() == 1 ? parts.get(0) : merge(parts);
      // Without keys there is one group even over no rows, as SQL has it.
      int groupCount = keyCount == 0 ? 1 : whole.rows.groupCount();
      for (Accumulator accumulator : whole.accumulators) {
        accumulator.ensure(groupCount);
      }
      return result(whole, groupCount, limits);
    }

    private Part merge(List<Part> parts) {
      Part whole = new Part();
      int[][] ids = whole.rows.merge(parts.stream().map(part -> part.rows).toList());
      int groupCount = keyCount == 0 ? 1 : whole.rows.groupCount();
      for (int a = 0; a < whole.accumulators.length; a++) {
        whole.accumulators[a].ensure(groupCount);
        for (int p = 0; p < parts.size(); p++) {
          whole.accumulators[a].merge(parts.get(p).accumulators[a], ids[p]);
        }
      }
      return whole;
    }

    private ElementResult result(Part whole, int groupCount, JobLimits limits) {
      List<List<@Nullable Object>> result = new ArrayList<>();
      for (int g = 0; g < groupCount; g++) {
        if (!passes(whole, g)) {
          continue;
        }
        List<@Nullable Object> row = new ArrayList<>(plan.outputs().size());
        for (int field : plan.outputs()) {
          row.add(
              field < keyCount
                  ? whole.rows.key(field, g)
                  : whole.accumulators[field - keyCount].result(g));
        }
        result.add(row);
        limits.onResultRows(result.size());
      }
      return new ElementResult(plan.columnsOut(), result);
    }

    private boolean passes(Part whole, int group) {
      for (Threshold threshold : plan.thresholds()) {
        if (whole.accumulators[threshold.field() - keyCount].count(group) < threshold.minimum()) {
          return false;
        }
      }
      return true;
    }

    /** The groups and aggregates of the batches one worker reads. */
    private final class Part implements BatchWorkers.Worker {
      private final GroupedRows rows;
      private final Accumulator[] accumulators;

      Part() {
        this.rows =
            new GroupedRows(
                plan.filters(),
                plan.keys(),
                plan.keys().stream().map(slot -> plan.columns().get(slot).type()).toList(),
                batches.codes(plan.table(), plan.columns()));
        this.accumulators = new Accumulator[plan.calls().size()];
        for (int i = 0; i < accumulators.length; i++) {
          Call call = plan.calls().get(i);
          boolean unique =
              call.slot() >= 0 && isUniquePerRow(plan.table(), plan.columns().get(call.slot()));
          accumulators[i] = Accumulator.of(call, unique);
        }
      }

      @Override
      public void accept(VectorSchemaRoot batch, int index) {
        rows.readCodes(batch, index); // kept codes do not depend on what is selected
        int count = rows.select(batch, batch.getRowCount());
        if (count == 0) {
          return;
        }
        rows.group(batch, count, index);
        int groupCount = keyCount == 0 ? 1 : rows.groupCount();
        for (Accumulator accumulator : accumulators) {
          accumulator.ensure(groupCount);
          accumulator.add(batch, rows.selection(), rows.groupIds(), count);
        }
      }
    }
  }
}
