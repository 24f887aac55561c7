package org.elementvault.sandbox.exec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.SchemaPlus;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
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
 * <p>Thread-safe if the fallback is: each run keeps its state on its own stack.
 */
public final class VectorizedExecutor implements Executor {

  private final Executor fallback;
  private final AtomicLong fallbacks = new AtomicLong();

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
    private final @Nullable ByteDictionary[] keyStrings;
    private final GroupTable groups;
    private final Accumulator[] accumulators;
    private int[] selection = new int[0];
    private int[] groupIds = new int[0];
    private long[][] codes = new long[0][];

    Run(VectorPlan plan) {
      this.plan = plan;
      this.keyCount = plan.keys().size();
      this.keyStrings = new ByteDictionary[keyCount];
      for (int k = 0; k < keyCount; k++) {
        if (keyType(k).kind() == ColumnType.Kind.STRING) {
          keyStrings[k] = new ByteDictionary();
        }
      }
      this.groups = new GroupTable(keyCount + 1);
      this.accumulators = new Accumulator[plan.calls().size()];
      for (int i = 0; i < accumulators.length; i++) {
        Call call = plan.calls().get(i);
        boolean unique =
            call.slot() >= 0 && isUniquePerRow(plan.table(), plan.columns().get(call.slot()));
        accumulators[i] = Accumulator.of(call, unique);
      }
    }

    private ColumnType keyType(int k) {
      return plan.columns().get(plan.keys().get(k)).type();
    }

    ElementResult execute(JobLimits limits) {
      // Without keys there is one group even over no rows, as SQL has it.
      int groupCount = keyCount == 0 ? 1 : 0;
      JobLimits scanLimits = plan.table().limits();
      List<String> names = plan.columns().stream().map(Column::name).toList();
      try (BatchStream stream = plan.table().open(names)) {
        while (stream.next()) {
          VectorSchemaRoot batch = stream.batch();
          int rows = batch.getRowCount();
          scanLimits.onBatch(rows);
          int count = select(batch, rows);
          if (count == 0) {
            continue;
          }
          if (keyCount > 0) {
            group(batch, count);
            groupCount = groups.size();
          } else {
            java.util.Arrays.fill(groupIds, 0, count, 0);
          }
          for (Accumulator accumulator : accumulators) {
            accumulator.ensure(groupCount);
            accumulator.add(batch, selection, groupIds, count);
          }
        }
      }
      for (Accumulator accumulator : accumulators) {
        accumulator.ensure(groupCount);
      }
      return result(groupCount, limits);
    }

    /** Fills the selection with the rows that pass every filter; returns how many. */
    private int select(VectorSchemaRoot batch, int rows) {
      if (selection.length < rows) {
        selection = new int[rows];
        groupIds = new int[rows];
        codes = new long[keyCount + 1][rows];
      }
      for (int i = 0; i < rows; i++) {
        selection[i] = i;
      }
      int count = rows;
      for (ColumnFilter filter : plan.filters()) {
        count = filter.apply(batch, selection, count);
        if (count == 0) {
          break;
        }
      }
      return count;
    }

    /** Codes each key of each selected row, then maps the code tuples to group ids. */
    private void group(VectorSchemaRoot batch, int count) {
      long[] nulls = codes[keyCount];
      java.util.Arrays.fill(nulls, 0, count, 0L);
      for (int k = 0; k < keyCount; k++) {
        FieldVector vector = batch.getVector(plan.keys().get(k));
        org.elementvault.sandbox.exec.Column column =
            org.elementvault.sandbox.exec.Column.of(vector);
        long[] keyCodes = codes[k];
        long bit = 1L << k;
        ByteDictionary strings = keyStrings[k];
        if (strings != null) {
          ArrowBuf offsets = vector.getOffsetBuffer();
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < count; i++) {
            int row = selection[i];
            if (column.isNull(row)) {
              keyCodes[i] = 0;
              nulls[i] |= bit;
            } else {
              int start = offsets.getInt((long) row * 4);
              int end = offsets.getInt((long) row * 4 + 4);
              keyCodes[i] = strings.idOf(data, start, end - start);
            }
          }
        } else {
          for (int i = 0; i < count; i++) {
            int row = selection[i];
            if (column.isNull(row)) {
              keyCodes[i] = 0;
              nulls[i] |= bit;
            } else {
              keyCodes[i] = column.longAt(row);
            }
          }
        }
      }
      for (int i = 0; i < count; i++) {
        groupIds[i] = groups.idOf(codes, i);
      }
    }

    private ElementResult result(int groupCount, JobLimits limits) {
      List<List<@Nullable Object>> rows = new ArrayList<>();
      for (int g = 0; g < groupCount; g++) {
        if (!passes(g)) {
          continue;
        }
        List<@Nullable Object> row = new ArrayList<>(plan.outputs().size());
        for (int field : plan.outputs()) {
          row.add(field < keyCount ? key(field, g) : accumulators[field - keyCount].result(g));
        }
        rows.add(row);
        limits.onResultRows(rows.size());
      }
      return new ElementResult(plan.columnsOut(), rows);
    }

    private boolean passes(int group) {
      for (Threshold threshold : plan.thresholds()) {
        if (accumulators[threshold.field() - keyCount].count(group) < threshold.minimum()) {
          return false;
        }
      }
      return true;
    }

    private @Nullable Object key(int k, int group) {
      if ((groups.code(group, keyCount) & (1L << k)) != 0) {
        return null;
      }
      long code = groups.code(group, k);
      return switch (keyType(k).kind()) {
        case STRING -> keyStrings[k].string((int) code);
        case INT -> (int) code;
        case BIGINT -> code;
        case DATE -> LocalDate.ofEpochDay(code);
        case BOOLEAN -> code != 0;
        case DOUBLE, DECIMAL, TIMESTAMP -> throw new IllegalStateException("not a key type");
      };
    }
  }
}
