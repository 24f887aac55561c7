package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.exec.VectorPlan.Call;
import org.jspecify.annotations.Nullable;

/**
 * One aggregate call's state for every group, in primitive arrays indexed by dense group id, with
 * the plan's semantics: counts are BIGINT; SUM, AVG, MIN and MAX skip NULLs and are NULL for a
 * group without values; sums of integers and decimals are exact (a DECIMAL, never wrapping);
 * averages of integers are their exact sum divided by their count, truncated toward zero.
 *
 * <p>A run over parts of a table keeps one accumulator per part and {@link #merge merges} them into
 * one that holds, exactly, what one accumulator over the whole table would: except where the state
 * rounds after every row ({@link #isInRowOrder}), which only one accumulator fed every row in order
 * reproduces.
 */
abstract class Accumulator {

  /** Rows that saturated distinct counts skipped in whole batches, for tests to see the path. */
  static final LongAdder SATURATED_ROWS = new LongAdder();

  /** Makes room for groups {@code 0..groups-1}. */
  abstract void ensure(int groups);

  /** Adds the selected rows, row {@code selection[i]} to group {@code groupIds[i]}. */
  abstract void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count);

  /**
   * Adds the state of {@code part}, an accumulator of the same call over other rows, group {@code
   * g} of it into group {@code ids[g]} of this one; this one has room for every group of {@code
   * ids}.
   *
   * @throws IllegalStateException if the accumulator {@link #isInRowOrder adds in row order}
   */
  abstract void merge(Accumulator part, int[] ids);

  /**
   * Whether the state of {@code call} rounds after every row (a double's sum or extreme), so that
   * only one accumulator fed every row in order reproduces it.
   */
  static boolean isInRowOrder(Call call) {
    boolean doubles = call.input() != null && call.input().kind() == ColumnType.Kind.DOUBLE;
    return doubles
        && switch (call.kind()) {
          case SUM, AVG, MIN, MAX -> true;
          case COUNT_ROWS, COUNT, COUNT_DISTINCT -> false;
        };
  }

  /** The released value of group {@code group}. */
  abstract @Nullable Object result(int group);

  /** The value of a counting call, for thresholds. */
  long count(int group) {
    throw new IllegalStateException("not a count");
  }

  /**
   * The accumulator of {@code call}. {@code uniquePerRow} says the argument column holds a
   * different value in every row, so its distinct count is its count of non-NULL values.
   */
  static Accumulator of(Call call, boolean uniquePerRow) {
    ColumnType type = call.input();
    return switch (call.kind()) {
      case COUNT_ROWS -> new CountRows();
      case COUNT -> new CountValues(call.slot());
      case COUNT_DISTINCT ->
          uniquePerRow
              ? new CountValues(call.slot())
              : new CountDistinct(call.slot(), type.kind(), call.saturation());
      case SUM, AVG ->
          type.kind() == ColumnType.Kind.DOUBLE
              ? new DoubleSum(call.slot(), call.kind() == VectorPlan.Kind.AVG)
              : new LongSum(call.slot(), type, call.kind() == VectorPlan.Kind.AVG, call.output());
      case MIN, MAX ->
          type.kind() == ColumnType.Kind.DOUBLE
              ? new DoubleExtreme(call.slot(), call.kind() == VectorPlan.Kind.MAX)
              : new LongExtreme(call.slot(), type, call.kind() == VectorPlan.Kind.MAX);
    };
  }

  /** Counts per group, shared by the counting accumulators. */
  private abstract static class Counting extends Accumulator {
    long[] counts = new long[16];

    @Override
    void ensure(int groups) {
      if (counts.length < groups) {
        counts = Arrays.copyOf(counts, Math.max(groups, counts.length * 2));
      }
    }

    @Override
    void merge(Accumulator part, int[] ids) {
      long[] partCounts = ((Counting) part).counts;
      for (int g = 0; g < ids.length; g++) {
        counts[ids[g]] += partCounts[g];
      }
    }

    @Override
    long count(int group) {
      return counts[group];
    }

    @Override
    Object result(int group) {
      return counts[group];
    }
  }

  private static final class CountRows extends Counting {
    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      for (int i = 0; i < count; i++) {
        counts[groupIds[i]]++;
      }
    }
  }

  private static final class CountValues extends Counting {
    private final int slot;

    CountValues(int slot) {
      this.slot = slot;
    }

    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      Column column = Column.of(batch.getVector(slot));
      for (int i = 0; i < count; i++) {
        if (!column.isNull(selection[i])) {
          counts[groupIds[i]]++;
        }
      }
    }
  }

  /**
   * Distinct counts: each value becomes a long code that is equal only for equal values (the value
   * itself, a double's bits, a string's dictionary id), and one set holds the (group, code) pairs
   * seen. A count saturates at the call's {@link Call#saturation}: a group that reached it reads no
   * more values, so the set and the string dictionary hold at most that many per group, and a batch
   * whose groups have all reached it is skipped whole.
   */
  private static final class CountDistinct extends Counting {
    private final int slot;
    private final ColumnType.Kind kind;
    private final long saturation;
    private final GroupValueSet seen = new GroupValueSet();
    private final ByteDictionary strings = new ByteDictionary();
    private int groups;
    private int saturated;

    CountDistinct(int slot, ColumnType.Kind kind, long saturation) {
      this.slot = slot;
      this.kind = kind;
      this.saturation = saturation;
    }

    @Override
    void ensure(int groups) {
      super.ensure(groups);
      if (saturation <= 0) {
        // Every group starts saturated.
        this.saturated = groups;
      }
      this.groups = Math.max(this.groups, groups);
    }

    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      if (saturated == groups) {
        SATURATED_ROWS.add(count);
        return;
      }
      FieldVector vector = batch.getVector(slot);
      Column column = Column.of(vector);
      if (kind == ColumnType.Kind.STRING) {
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          int group = groupIds[i];
          if (counts[group] < saturation && !column.isNull(row)) {
            if (seen.add(group, strings.idOf(column, row))) {
              counted(group);
            }
          }
        }
        return;
      }
      boolean isDouble = kind == ColumnType.Kind.DOUBLE;
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        int group = groupIds[i];
        if (counts[group] < saturation && !column.isNull(row)) {
          long code = isDouble ? Double.doubleToLongBits(column.doubleAt(row)) : column.longAt(row);
          if (seen.add(group, code)) {
            counted(group);
          }
        }
      }
    }

    /** The union of the pairs seen, each count saturating as it does row by row. */
    @Override
    void merge(Accumulator part, int[] ids) {
      CountDistinct other = (CountDistinct) part;
      other.seen.forEach(
          (group, value) -> {
            int id = ids[group];
            long code =
                kind == ColumnType.Kind.STRING ? strings.idOf(other.strings, (int) value) : value;
            if (counts[id] < saturation && seen.add(id, code)) {
              counted(id);
            }
          });
    }

    private void counted(int group) {
      if (++counts[group] == saturation) {
        saturated++;
      }
    }
  }

  /**
   * SUM and AVG of integers and small decimals in longs, exact: a sum spills into a BigInteger when
   * a long would overflow.
   */
  private static final class LongSum extends Accumulator {
    private final int slot;
    private final ColumnType type;
    private final boolean average;
    private final int outputScale;
    private long[] sums = new long[16];
    private long[] counts = new long[16];
    private BigInteger @Nullable [] spilled;

    LongSum(int slot, ColumnType type, boolean average, ColumnType output) {
      this.slot = slot;
      this.type = type;
      this.average = average;
      this.outputScale = output.scale();
    }

    @Override
    void ensure(int groups) {
      if (sums.length < groups) {
        int size = Math.max(groups, sums.length * 2);
        sums = Arrays.copyOf(sums, size);
        counts = Arrays.copyOf(counts, size);
        if (spilled != null) {
          spilled = Arrays.copyOf(spilled, size);
        }
      }
    }

    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      Column column = Column.of(batch.getVector(slot));
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        if (column.isNull(row)) {
          continue;
        }
        int group = groupIds[i];
        counts[group]++;
        add(group, column.longAt(row));
      }
    }

    private void add(int group, long value) {
      long sum = sums[group];
      long total = sum + value;
      if (((sum ^ total) & (value ^ total)) < 0) {
        spill(group, sum);
        total = value;
      }
      sums[group] = total;
    }

    @Override
    void merge(Accumulator part, int[] ids) {
      LongSum other = (LongSum) part;
      for (int g = 0; g < ids.length; g++) {
        int id = ids[g];
        counts[id] += other.counts[g];
        add(id, other.sums[g]);
        if (other.spilled != null && other.spilled[g] != null) {
          spill(id, other.spilled[g]);
        }
      }
    }

    private void spill(int group, long sum) {
      spill(group, BigInteger.valueOf(sum));
    }

    private void spill(int group, BigInteger sum) {
      if (spilled == null) {
        spilled = new BigInteger[sums.length];
      }
      BigInteger previous = spilled[group];
      spilled[group] = previous == null ? sum : previous.add(sum);
    }

    @Override
    @Nullable Object result(int group) {
      long n = counts[group];
      if (n == 0) {
        return null;
      }
      BigInteger total = BigInteger.valueOf(sums[group]);
      if (spilled != null && spilled[group] != null) {
        total = total.add(spilled[group]);
      }
      return switch (type.kind()) {
        // An average lies between the values' minimum and maximum, so it fits their type.
        case INT ->
            average
                ? (Object) total.divide(BigInteger.valueOf(n)).intValue()
                : new BigDecimal(total);
        case BIGINT ->
            average
                ? (Object) total.divide(BigInteger.valueOf(n)).longValue()
                : new BigDecimal(total);
        case DECIMAL -> {
          // At most 18 digits a value and 2^50 rows a job: the sum fits its DECIMAL(38,s).
          BigDecimal exact = new BigDecimal(total, type.scale());
          yield average ? average(exact, n) : exact;
        }
        default -> throw new IllegalStateException("not a summable column");
      };
    }

    /** The AVG of a decimal: the exact quotient truncated to the average's scale. */
    private BigDecimal average(BigDecimal sum, long n) {
      return sum.divide(BigDecimal.valueOf(n), outputScale, RoundingMode.DOWN);
    }
  }

  /** SUM and AVG of doubles, added in row order as the row-at-a-time path adds them. */
  private static final class DoubleSum extends Accumulator {
    private final int slot;
    private final boolean average;
    private double[] sums = new double[16];
    private long[] counts = new long[16];

    DoubleSum(int slot, boolean average) {
      this.slot = slot;
      this.average = average;
    }

    @Override
    void merge(Accumulator part, int[] ids) {
      throw new IllegalStateException("a double's state rounds after every row: read in row order");
    }

    @Override
    void ensure(int groups) {
      if (sums.length < groups) {
        int size = Math.max(groups, sums.length * 2);
        sums = Arrays.copyOf(sums, size);
        counts = Arrays.copyOf(counts, size);
      }
    }

    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      Column column = Column.of(batch.getVector(slot));
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        if (!column.isNull(row)) {
          sums[groupIds[i]] += column.doubleAt(row);
          counts[groupIds[i]]++;
        }
      }
    }

    @Override
    @Nullable Object result(int group) {
      long n = counts[group];
      return n == 0 ? null : average ? sums[group] / n : sums[group];
    }
  }

  /** MIN and MAX of long-valued columns. */
  private static final class LongExtreme extends Accumulator {
    private final int slot;
    private final ColumnType type;
    private final boolean max;
    private long[] values = new long[16];
    private boolean[] seen = new boolean[16];

    LongExtreme(int slot, ColumnType type, boolean max) {
      this.slot = slot;
      this.type = type;
      this.max = max;
    }

    @Override
    void merge(Accumulator part, int[] ids) {
      LongExtreme other = (LongExtreme) part;
      for (int g = 0; g < ids.length; g++) {
        if (other.seen[g]) {
          offer(ids[g], other.values[g]);
        }
      }
    }

    private void offer(int group, long value) {
      if (!seen[group] || (max ? value > values[group] : value < values[group])) {
        values[group] = value;
        seen[group] = true;
      }
    }

    @Override
    void ensure(int groups) {
      if (values.length < groups) {
        int size = Math.max(groups, values.length * 2);
        values = Arrays.copyOf(values, size);
        seen = Arrays.copyOf(seen, size);
      }
    }

    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      Column column = Column.of(batch.getVector(slot));
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        if (column.isNull(row)) {
          continue;
        }
        offer(groupIds[i], column.longAt(row));
      }
    }

    @Override
    @Nullable Object result(int group) {
      if (!seen[group]) {
        return null;
      }
      long value = values[group];
      return switch (type.kind()) {
        case INT -> (int) value;
        case BIGINT -> value;
        case DECIMAL -> BigDecimal.valueOf(value, type.scale());
        case DATE -> LocalDate.ofEpochDay(value);
        default -> throw new IllegalStateException("no extremes for this column");
      };
    }
  }

  /** MIN and MAX of doubles. */
  private static final class DoubleExtreme extends Accumulator {
    private final int slot;
    private final boolean max;
    private double[] values = new double[16];
    private boolean[] seen = new boolean[16];

    DoubleExtreme(int slot, boolean max) {
      this.slot = slot;
      this.max = max;
    }

    @Override
    void merge(Accumulator part, int[] ids) {
      throw new IllegalStateException("a double's state rounds after every row: read in row order");
    }

    @Override
    void ensure(int groups) {
      if (values.length < groups) {
        int size = Math.max(groups, values.length * 2);
        values = Arrays.copyOf(values, size);
        seen = Arrays.copyOf(seen, size);
      }
    }

    @Override
    void add(VectorSchemaRoot batch, int[] selection, int[] groupIds, int count) {
      Column column = Column.of(batch.getVector(slot));
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        if (column.isNull(row)) {
          continue;
        }
        int group = groupIds[i];
        double value = column.doubleAt(row);
        if (!seen[group] || (max ? value > values[group] : value < values[group])) {
          values[group] = value;
          seen[group] = true;
        }
      }
    }

    @Override
    @Nullable Object result(int group) {
      return seen[group] ? values[group] : null;
    }
  }
}
