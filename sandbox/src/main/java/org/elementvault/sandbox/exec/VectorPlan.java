package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.catalog.VaultTable;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.jspecify.annotations.Nullable;

/**
 * A thresholded aggregate over one table in the shape the vectorized executor runs: scan, a
 * conjunction of column-versus-constant filters, plain projections, grouping on plain columns,
 * counts, sums, averages, minima and maxima, and the group threshold. {@link #match} recognizes the
 * shape exactly and returns nothing for anything else.
 *
 * @param table the table scanned
 * @param columns the table's columns read, in slot order
 * @param filters the conditions every row must pass, over slots
 * @param keys the slots grouped on, in the aggregate's key order
 * @param calls the aggregate calls, in the aggregate's order
 * @param thresholds the aggregate output fields that must reach a minimum
 * @param outputs the aggregate output field of each result column
 * @param columnsOut the result columns
 */
record VectorPlan(
    VaultTable table,
    List<Column> columns,
    List<ColumnFilter> filters,
    List<Integer> keys,
    List<Call> calls,
    List<Threshold> thresholds,
    List<Integer> outputs,
    List<ResultColumn> columnsOut) {

  /** What an aggregate call computes. */
  enum Kind {
    COUNT_ROWS,
    COUNT,
    COUNT_DISTINCT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  /**
   * One aggregate call over a slot ({@code -1} for {@code COUNT(*)}).
   *
   * @param kind what it computes
   * @param slot the slot it reads
   * @param input the type of the slot's column
   * @param output the type of its result
   * @param saturation the count past which nothing reads a counting call's value: a distinct count
   *     that only the threshold reads needs no more than the threshold's minimum, so it may stop
   *     there; {@link Long#MAX_VALUE} when the exact value is needed
   */
  record Call(Kind kind, int slot, @Nullable ColumnType input, ColumnType output, long saturation) {

    Call(Kind kind, int slot, @Nullable ColumnType input, ColumnType output) {
      this(kind, slot, input, output, Long.MAX_VALUE);
    }

    Call saturatingAt(long saturation) {
      return new Call(kind, slot, input, output, saturation);
    }
  }

  /** A group survives when aggregate output {@code field}, a count, is at least {@code minimum}. */
  record Threshold(int field, long minimum) {}

  /**
   * The input of an aggregate in the shape the executor reads: a scan of one table under a
   * conjunction of column-versus-constant filters and plain projections.
   *
   * @param table the table scanned
   * @param columns the table's columns read, in slot order
   * @param filters the conditions every row must pass, over slots
   * @param slots the slot of each field asked for, in the order asked
   */
  record Scan(
      VaultTable table, List<Column> columns, List<ColumnFilter> filters, List<Integer> slots) {}

  /**
   * The vectorized form of {@code input} reading its fields {@code fields}, or empty when any part
   * of it lies outside the family or a field is not a plain column of the table.
   */
  static Optional<Scan> scan(RelNode input, List<Integer> fields) {
    try {
      return Optional.ofNullable(new Matcher().scan(input, fields));
    } catch (VaultException e) {
      throw e;
    } catch (RuntimeException e) {
      // As in match: an unexpected shape inside a matched node is not ours.
      return Optional.empty();
    }
  }

  /** Whether the executor groups on columns of {@code type}. */
  static boolean isKeyType(ColumnType type) {
    return switch (type.kind()) {
      case STRING, INT, BIGINT, DATE, BOOLEAN -> true;
      case DOUBLE, DECIMAL, TIMESTAMP -> false;
    };
  }

  /** The plan's vectorized form, or empty when any part of it lies outside the family. */
  static Optional<VectorPlan> match(RelNode plan) {
    try {
      return Optional.ofNullable(new Matcher().match(plan));
    } catch (VaultException e) {
      throw e;
    } catch (RuntimeException e) {
      // An unexpected shape inside a matched node (a literal of another type, say): not ours.
      return Optional.empty();
    }
  }

  /** Walks the plan top-down; returns null at the first node outside the family. */
  private static final class Matcher {
    private final List<Integer> tableColumns = new ArrayList<>();
    private @Nullable VaultTable table;

    @Nullable Scan scan(RelNode input, List<Integer> fields) {
      List<Integer> slots = new ArrayList<>();
      for (int field : fields) {
        Integer slot = field < input.getRowType().getFieldCount() ? slot(input, field) : null;
        if (slot == null) {
          return null;
        }
        slots.add(slot);
      }
      List<ColumnFilter> filters = new ArrayList<>();
      if (!filters(input, filters) || table == null) {
        return null;
      }
      return new Scan(table, columns(), filters, slots);
    }

    private List<Column> columns() {
      List<Column> columns = new ArrayList<>();
      for (int column : tableColumns) {
        columns.add(table.columns().get(column));
      }
      return List.copyOf(columns);
    }

    @Nullable VectorPlan match(RelNode plan) {
      List<Integer> outputs = new ArrayList<>();
      for (int i = 0; i < plan.getRowType().getFieldCount(); i++) {
        outputs.add(i);
      }
      RelNode node = plan;
      while (node instanceof Project project) {
        List<Integer> mapped = new ArrayList<>();
        for (int field : outputs) {
          if (!(project.getProjects().get(field) instanceof RexInputRef ref)) {
            return null;
          }
          mapped.add(ref.getIndex());
        }
        outputs = mapped;
        node = project.getInput();
      }
      if (!(node instanceof Filter threshold)
          || !(threshold.getInput() instanceof Aggregate aggregate)) {
        return null;
      }
      List<Threshold> thresholds = thresholds(threshold.getCondition(), aggregate);
      if (thresholds == null || thresholds.isEmpty()) {
        return null;
      }
      if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
        return null;
      }
      RelNode input = aggregate.getInput();
      List<Integer> keys = new ArrayList<>();
      for (int field : aggregate.getGroupSet()) {
        Integer slot = slot(input, field);
        if (slot == null || !isKeyType(type(slot))) {
          return null;
        }
        keys.add(slot);
      }
      List<Call> calls = new ArrayList<>();
      for (AggregateCall call : aggregate.getAggCallList()) {
        Call matched = call(call, input);
        if (matched == null) {
          return null;
        }
        calls.add(matched);
      }
      for (Threshold t : thresholds) {
        if (t.field() < keys.size() || !isCount(calls.get(t.field() - keys.size()).kind())) {
          return null;
        }
      }
      List<ColumnFilter> filters = new ArrayList<>();
      if (!filters(input, filters) || table == null) {
        return null;
      }
      List<ResultColumn> columnsOut = new ArrayList<>();
      for (RelDataTypeField field : plan.getRowType().getFieldList()) {
        columnsOut.add(
            new ResultColumn(field.getName(), CalciteExecutor.columnType(field.getType())));
      }
      for (int i = 0; i < outputs.size(); i++) {
        int field = outputs.get(i);
        ColumnType expected =
            field < keys.size() ? type(keys.get(field)) : calls.get(field - keys.size()).output();
        if (!expected.equals(columnsOut.get(i).type())) {
          return null;
        }
      }
      return shared(
          new VectorPlan(
              table,
              columns(),
              filters,
              keys,
              calls,
              thresholds,
              outputs,
              List.copyOf(columnsOut)));
    }

    /**
     * The plan with equal calls computed once (ThresholdRewrite's subject count often repeats the
     * query's own) and with a saturation on each distinct count that only the threshold reads: one
     * that no result column shows and the threshold filter, all that reads it, compares with its
     * minimum.
     */
    private static VectorPlan shared(VectorPlan plan) {
      int keyCount = plan.keys().size();
      List<Call> calls = new ArrayList<>();
      int[] sharedField = new int[keyCount + plan.calls().size()];
      for (int field = 0; field < sharedField.length; field++) {
        if (field < keyCount) {
          sharedField[field] = field;
          continue;
        }
        Call call = plan.calls().get(field - keyCount);
        int index = calls.indexOf(call);
        if (index < 0) {
          calls.add(call);
          index = calls.size() - 1;
        }
        sharedField[field] = keyCount + index;
      }
      List<Integer> outputs = new ArrayList<>();
      for (int field : plan.outputs()) {
        outputs.add(sharedField[field]);
      }
      List<Threshold> thresholds = new ArrayList<>();
      long[] minimum = new long[calls.size()];
      Arrays.fill(minimum, Long.MIN_VALUE);
      for (Threshold t : plan.thresholds()) {
        int field = sharedField[t.field()];
        thresholds.add(new Threshold(field, t.minimum()));
        minimum[field - keyCount] = Math.max(minimum[field - keyCount], t.minimum());
      }
      for (int i = 0; i < calls.size(); i++) {
        boolean shown = outputs.contains(keyCount + i);
        if (!shown && minimum[i] != Long.MIN_VALUE && calls.get(i).kind() == Kind.COUNT_DISTINCT) {
          calls.set(i, calls.get(i).saturatingAt(Math.max(minimum[i], 0)));
        }
      }
      return new VectorPlan(
          plan.table(),
          plan.columns(),
          plan.filters(),
          plan.keys(),
          List.copyOf(calls),
          List.copyOf(thresholds),
          List.copyOf(outputs),
          plan.columnsOut());
    }

    private static boolean isCount(Kind kind) {
      return kind == Kind.COUNT_ROWS || kind == Kind.COUNT || kind == Kind.COUNT_DISTINCT;
    }

    /** The threshold filter ThresholdRewrite adds: an AND of {@code $i >= k} and TRUE. */
    private static @Nullable List<Threshold> thresholds(RexNode condition, Aggregate aggregate) {
      List<Threshold> thresholds = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        if (conjunct.isAlwaysTrue()) {
          continue;
        }
        if (conjunct.getKind() != SqlKind.GREATER_THAN_OR_EQUAL
            || !(((RexCall) conjunct).getOperands().get(0) instanceof RexInputRef ref)
            || !(((RexCall) conjunct).getOperands().get(1) instanceof RexLiteral literal)) {
          return null;
        }
        BigDecimal minimum = literal.getValueAs(BigDecimal.class);
        if (minimum == null || ref.getIndex() >= aggregate.getRowType().getFieldCount()) {
          return null;
        }
        thresholds.add(
            new Threshold(ref.getIndex(), minimum.setScale(0, RoundingMode.CEILING).longValue()));
      }
      return thresholds;
    }

    private @Nullable Call call(AggregateCall call, RelNode input) {
      if (call.hasFilter()
          || call.isApproximate()
          || call.ignoreNulls()
          || call.distinctKeys != null
          || !call.getCollation().getFieldCollations().isEmpty()
          || !call.rexList.isEmpty()) {
        return null;
      }
      ColumnType output = CalciteExecutor.columnType(call.getType());
      SqlKind kind = call.getAggregation().getKind();
      List<Integer> args = call.getArgList();
      if (kind == SqlKind.COUNT && args.isEmpty() && !call.isDistinct()) {
        return output.equals(ColumnType.BIGINT)
            ? new Call(Kind.COUNT_ROWS, -1, null, output)
            : null;
      }
      if (args.size() != 1) {
        return null;
      }
      Integer slot = slot(input, args.get(0));
      if (slot == null) {
        return null;
      }
      ColumnType type = type(slot);
      if (kind == SqlKind.COUNT) {
        boolean countable = type.kind() != ColumnType.Kind.TIMESTAMP;
        return countable && output.equals(ColumnType.BIGINT)
            ? new Call(call.isDistinct() ? Kind.COUNT_DISTINCT : Kind.COUNT, slot, type, output)
            : null;
      }
      if (call.isDistinct() || !isNumber(type, kind)) {
        return null;
      }
      Kind matched =
          switch (kind) {
            case SUM -> Kind.SUM;
            case AVG -> Kind.AVG;
            case MIN -> Kind.MIN;
            case MAX -> Kind.MAX;
            default -> null;
          };
      if (matched == null) {
        return null;
      }
      // A sum is exact and wide: a DECIMAL(38,0) for integers, a DECIMAL(38,s) for decimals; an
      // average of decimals has a larger scale (see ElementTypeSystem).
      boolean decimal = type.kind() == ColumnType.Kind.DECIMAL;
      boolean sameType =
          switch (matched) {
            case SUM ->
                type.kind() == ColumnType.Kind.DOUBLE
                    ? output.equals(type)
                    : output.kind() == ColumnType.Kind.DECIMAL && output.scale() == type.scale();
            case AVG ->
                decimal
                    ? output.kind() == ColumnType.Kind.DECIMAL && output.scale() >= type.scale()
                    : output.equals(type);
            default -> output.equals(type);
          };
      return sameType ? new Call(matched, slot, type, output) : null;
    }

    private static boolean isNumber(ColumnType type, SqlKind kind) {
      return switch (type.kind()) {
        case INT, BIGINT, DOUBLE -> true;
        case DECIMAL -> type.isSmallDecimal();
        case DATE -> kind == SqlKind.MIN || kind == SqlKind.MAX;
        case STRING, BOOLEAN, TIMESTAMP -> false;
      };
    }

    /** The slot of field {@code field} of {@code node}, a chain of projections and filters. */
    private @Nullable Integer slot(RelNode node, int field) {
      if (node instanceof Project project) {
        return project.getProjects().get(field) instanceof RexInputRef ref
            ? slot(project.getInput(), ref.getIndex())
            : null;
      }
      if (node instanceof Filter filter) {
        return slot(filter.getInput(), field);
      }
      if (node instanceof TableScan scan) {
        VaultTable scanned =
            scan.getTable() == null ? null : scan.getTable().unwrap(VaultTable.class);
        if (scanned == null || (table != null && table != scanned)) {
          return null;
        }
        table = scanned;
        int slot = tableColumns.indexOf(field);
        if (slot < 0) {
          tableColumns.add(field);
          slot = tableColumns.size() - 1;
        }
        return slot;
      }
      return null;
    }

    private ColumnType type(int slot) {
      return table.columns().get(tableColumns.get(slot)).type();
    }

    /** Collects the filters of the chain under the aggregate; false if one is not ours. */
    private boolean filters(RelNode node, List<ColumnFilter> filters) {
      if (node instanceof Project project) {
        return project.getProjects().stream().allMatch(RexInputRef.class::isInstance)
            && filters(project.getInput(), filters);
      }
      if (node instanceof Filter filter) {
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
          ColumnFilter matched = filter(conjunct, filter.getInput());
          if (matched == null) {
            return false;
          }
          filters.add(matched);
        }
        return filters(filter.getInput(), filters);
      }
      if (node instanceof TableScan) {
        // Make sure the scan is registered even when no field of it is used (COUNT(*) alone).
        return table != null || (slot(node, 0) != null);
      }
      return false;
    }

    private @Nullable ColumnFilter filter(RexNode condition, RelNode input) {
      if (condition.isAlwaysTrue()) {
        return ColumnFilter.ALL;
      }
      if (condition.isAlwaysFalse()) {
        return ColumnFilter.NONE;
      }
      if (condition instanceof RexInputRef ref) {
        Integer slot = slot(input, ref.getIndex());
        return slot != null && type(slot).kind() == ColumnType.Kind.BOOLEAN
            ? ColumnFilter.isBoolean(slot, true)
            : null;
      }
      if (!(condition instanceof RexCall call)) {
        return null;
      }
      List<RexNode> operands = call.getOperands();
      switch (call.getKind()) {
        case NOT -> {
          if (operands.get(0) instanceof RexInputRef ref) {
            Integer slot = slot(input, ref.getIndex());
            return slot != null && type(slot).kind() == ColumnType.Kind.BOOLEAN
                ? ColumnFilter.isBoolean(slot, false)
                : null;
          }
          return null;
        }
        case IS_NULL, IS_NOT_NULL -> {
          if (!(operands.get(0) instanceof RexInputRef ref)) {
            return null;
          }
          Integer slot = slot(input, ref.getIndex());
          return slot == null ? null : ColumnFilter.isNull(slot, call.getKind() == SqlKind.IS_NULL);
        }
        case EQUALS,
            NOT_EQUALS,
            LESS_THAN,
            LESS_THAN_OR_EQUAL,
            GREATER_THAN,
            GREATER_THAN_OR_EQUAL -> {
          return comparison(call.getKind(), operands.get(0), operands.get(1), input);
        }
        case OR -> {
          return anyOf(operands, input);
        }
        case AND -> {
          List<ColumnFilter> all = new ArrayList<>();
          for (RexNode operand : operands) {
            ColumnFilter matched = filter(operand, input);
            if (matched == null) {
              return null;
            }
            all.add(matched);
          }
          return ColumnFilter.allOf(all);
        }
        case SEARCH -> {
          // A canonical range or list: as the comparisons it stands for.
          RexNode expanded = RexUtil.expandSearch(input.getCluster().getRexBuilder(), null, call);
          return expanded.getKind() == SqlKind.SEARCH ? null : filter(expanded, input);
        }
        default -> {
          return null;
        }
      }
    }

    private @Nullable ColumnFilter comparison(
        SqlKind op, RexNode left, RexNode right, RelNode input) {
      Integer slot = columnSlot(left, input);
      if (slot != null) {
        Object value = constant(right, type(slot));
        return value == null ? null : ColumnFilter.compare(slot, type(slot), op, value);
      }
      return columnSlot(right, input) != null ? comparison(op.reverse(), right, left, input) : null;
    }

    /**
     * The slot of a column reference, or of a cast that keeps every value of the column as it is
     * (Calcite widens a decimal's precision to compare it with a constant).
     */
    private @Nullable Integer columnSlot(RexNode node, RelNode input) {
      if (node instanceof RexInputRef ref) {
        return slot(input, ref.getIndex());
      }
      if (node.getKind() != SqlKind.CAST
          || !(((RexCall) node).getOperands().get(0) instanceof RexInputRef ref)) {
        return null;
      }
      Integer slot = slot(input, ref.getIndex());
      if (slot == null) {
        return null;
      }
      ColumnType from = type(slot);
      ColumnType to = CalciteExecutor.columnType(node.getType());
      boolean lossless =
          (from.kind() == ColumnType.Kind.DECIMAL
                  && to.kind() == ColumnType.Kind.DECIMAL
                  && to.scale() == from.scale()
                  && to.precision() >= from.precision())
              || (from.kind() == ColumnType.Kind.INT && to.kind() == ColumnType.Kind.BIGINT);
      return lossless ? slot : null;
    }

    /** {@code x = a OR x = b OR …}, as Calcite writes {@code IN} lists. */
    private @Nullable ColumnFilter anyOf(List<RexNode> operands, RelNode input) {
      Integer slot = null;
      List<Object> values = new ArrayList<>();
      for (RexNode operand : operands) {
        if (operand.getKind() != SqlKind.EQUALS) {
          return null;
        }
        List<RexNode> sides = ((RexCall) operand).getOperands();
        boolean columnFirst = columnSlot(sides.get(0), input) != null;
        Integer s = columnSlot(sides.get(columnFirst ? 0 : 1), input);
        RexNode constant = sides.get(columnFirst ? 1 : 0);
        if (s == null || (slot != null && !slot.equals(s))) {
          return null;
        }
        slot = s;
        Object value = constant(constant, type(s));
        if (value == null) {
          return null;
        }
        values.add(value);
      }
      return slot == null ? null : ColumnFilter.anyOf(slot, type(slot), values);
    }

    /**
     * The value of a literal, or of a cast of a numeric literal to DOUBLE, as the column's kind
     * compares it: BigDecimal for exact numbers and dates (days), Double, or String.
     */
    private static @Nullable Object constant(RexNode node, @Nullable ColumnType column) {
      if (column == null) {
        return null;
      }
      if (node.getKind() == SqlKind.CAST
          && column.kind() == ColumnType.Kind.DOUBLE
          && ((RexCall) node).getOperands().get(0) instanceof RexLiteral inner) {
        BigDecimal value = inner.getValueAs(BigDecimal.class);
        return value == null ? null : value.doubleValue();
      }
      if (!(node instanceof RexLiteral literal) || literal.isNull()) {
        return null;
      }
      return switch (column.kind()) {
        case INT, BIGINT, DECIMAL ->
            literal.getValue() instanceof BigDecimal ? literal.getValueAs(BigDecimal.class) : null;
        case DOUBLE ->
            literal.getValue() instanceof BigDecimal decimal ? decimal.doubleValue() : null;
        case DATE -> {
          DateString date = literal.getValueAs(DateString.class);
          yield date == null ? null : BigDecimal.valueOf(date.getDaysSinceEpoch());
        }
        case STRING -> literal.getValue() instanceof NlsString text ? text.getValue() : null;
        case BOOLEAN -> literal.getValue() instanceof Boolean b ? b : null;
        case TIMESTAMP -> null;
      };
    }
  }
}
