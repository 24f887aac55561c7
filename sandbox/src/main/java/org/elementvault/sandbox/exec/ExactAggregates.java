package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Makes Calcite's enumerable convention compute sums and averages as exactly as the plan's types
 * promise (DESIGN.md, Release protection: sums in exact arithmetic wide enough not to overflow).
 * The type system makes an integer SUM a {@code DECIMAL(38,0)}, but Calcite's code falls short
 * three ways: its SUM cannot add integers into a decimal; it reduces AVG to a sum cast back to the
 * average's type (which overflows for integers) divided to 16 significant digits; and it reduces
 * STDDEV and VAR to sums of the argument's type. So before planning, on every aggregate:
 *
 * <ul>
 *   <li>SUM of an integer reads the integer as {@code DECIMAL(38,0)};
 *   <li>AVG of an exact number becomes the exact SUM and the COUNT of its argument, and {@link
 *       ExactAverage} divides them, truncating toward zero to the average's type;
 *   <li>STDDEV and VAR of an integer read it as {@code DECIMAL(38,0)}; the result is cast back to
 *       the call's type.
 * </ul>
 *
 * <p>Every aggregate keeps its row type, so nothing above it changes.
 */
final class ExactAggregates {

  private static final SqlFunction AVERAGE_INT = average("averageInt");
  private static final SqlFunction AVERAGE_LONG = average("averageLong");
  private static final SqlFunction AVERAGE_DECIMAL = average("averageDecimal");

  private static final Set<SqlKind> WIDENED =
      Set.of(
          SqlKind.SUM,
          SqlKind.SUM0,
          SqlKind.STDDEV_POP,
          SqlKind.STDDEV_SAMP,
          SqlKind.VAR_POP,
          SqlKind.VAR_SAMP);

  private final RexBuilder rex;
  private final RelDataTypeFactory types;

  private ExactAggregates(RexBuilder rex) {
    this.rex = rex;
    this.types = rex.getTypeFactory();
  }

  /** Returns {@code root} with every sum and average made exact. */
  static RelNode apply(RelNode root) {
    return new ExactAggregates(root.getCluster().getRexBuilder()).rewrite(root);
  }

  private static SqlFunction average(String method) {
    return new SqlUserDefinedFunction(
        new SqlIdentifier("$" + method, SqlParserPos.ZERO),
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(SqlTypeName.ANY),
        null,
        null,
        ScalarFunctionImpl.create(ExactAverage.class, method));
  }

  private RelNode rewrite(RelNode node) {
    List<RelNode> inputs = node.getInputs().stream().map(this::rewrite).toList();
    RelNode copied = inputs.equals(node.getInputs()) ? node : node.copy(node.getTraitSet(), inputs);
    return copied instanceof Aggregate aggregate ? exact(aggregate) : copied;
  }

  private RelNode exact(Aggregate aggregate) {
    RelNode input = aggregate.getInput();
    List<RexNode> fields = new ArrayList<>();
    for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
      fields.add(RexInputRef.of(i, input.getRowType()));
    }
    Map<Integer, Integer> widened = new HashMap<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      Kind kind = kind(call, input);
      if (kind == Kind.WIDEN || (kind == Kind.AVERAGE && isInteger(call, input))) {
        widened.computeIfAbsent(call.getArgList().get(0), f -> widen(f, fields));
      }
    }
    if (widened.isEmpty()
        && aggregate.getAggCallList().stream().noneMatch(c -> kind(c, input) == Kind.AVERAGE)) {
      return aggregate;
    }
    RelNode wide = LogicalProject.create(input, List.of(), fields, (List<String>) null, Set.of());
    int groups = aggregate.getGroupCount();
    List<AggregateCall> calls = new ArrayList<>();
    List<Function<RelNode, RexNode>> outputs = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      int field = groups + calls.size();
      switch (kind(call, input)) {
        case KEEP -> {
          calls.add(call);
          outputs.add(exact -> RexInputRef.of(field, exact.getRowType()));
        }
        case WIDEN -> {
          int argument = widened.get(call.getArgList().get(0));
          calls.add(over(call, call.getAggregation(), argument, wide, aggregate.hasEmptyGroup()));
          RelDataType type = call.getType();
          outputs.add(exact -> castTo(type, RexInputRef.of(field, exact.getRowType())));
        }
        case AVERAGE -> {
          int argument = call.getArgList().get(0);
          int summed = widened.getOrDefault(argument, argument);
          calls.add(over(call, SqlStdOperatorTable.SUM, summed, wide, aggregate.hasEmptyGroup()));
          calls.add(
              over(call, SqlStdOperatorTable.COUNT, argument, wide, aggregate.hasEmptyGroup()));
          RelDataType type = call.getType();
          outputs.add(exact -> average(type, exact, field));
        }
      }
    }
    Aggregate exact =
        aggregate.copy(
            aggregate.getTraitSet(),
            wide,
            aggregate.getGroupSet(),
            aggregate.getGroupSets(),
            calls);
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      projects.add(RexInputRef.of(i, exact.getRowType()));
    }
    outputs.forEach(output -> projects.add(output.apply(exact)));
    return LogicalProject.create(
        exact, List.of(), projects, aggregate.getRowType().getFieldNames(), Set.of());
  }

  /** What becomes of an aggregate call. */
  private enum Kind {
    KEEP,
    /** A SUM, STDDEV or VAR of an integer: computed over the integer as a decimal. */
    WIDEN,
    /** An AVG of an exact number: its exact SUM and COUNT, divided by {@link ExactAverage}. */
    AVERAGE
  }

  private static Kind kind(AggregateCall call, RelNode input) {
    if (call.getArgList().size() != 1) {
      return Kind.KEEP;
    }
    SqlKind kind = call.getAggregation().getKind();
    if (kind == SqlKind.AVG
        && (isInteger(call, input)
            || argument(call, input).getSqlTypeName() == SqlTypeName.DECIMAL)) {
      return Kind.AVERAGE;
    }
    return WIDENED.contains(kind) && isInteger(call, input) ? Kind.WIDEN : Kind.KEEP;
  }

  private static RelDataType argument(AggregateCall call, RelNode input) {
    return input.getRowType().getFieldList().get(call.getArgList().get(0)).getType();
  }

  private static boolean isInteger(AggregateCall call, RelNode input) {
    return SqlTypeUtil.isIntType(argument(call, input));
  }

  /** Appends input field {@code field} as {@code DECIMAL(38,0)} to {@code fields}; its index. */
  private int widen(int field, List<RexNode> fields) {
    RexNode value = fields.get(field);
    RelDataType decimal =
        types.createSqlType(
            SqlTypeName.DECIMAL, types.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL), 0);
    fields.add(
        rex.makeCast(
            types.createTypeWithNullability(decimal, value.getType().isNullable()), value));
    return fields.size() - 1;
  }

  /** {@code function} over field {@code argument} of {@code input}, like {@code call}. */
  private static AggregateCall over(
      AggregateCall call,
      SqlAggFunction function,
      int argument,
      RelNode input,
      boolean emptyGroup) {
    return AggregateCall.create(
        SqlParserPos.ZERO,
        function,
        call.isDistinct(),
        call.isApproximate(),
        call.ignoreNulls(),
        call.rexList,
        List.of(argument),
        call.filterArg,
        call.distinctKeys,
        call.getCollation(),
        emptyGroup,
        input,
        null,
        call.getName());
  }

  private RexNode castTo(RelDataType type, RexNode value) {
    return value.getType().equals(type) ? value : rex.makeCast(type, value);
  }

  /**
   * {@link ExactAverage} of the sum in field {@code sum} and the count after it, as {@code type}.
   */
  private RexNode average(RelDataType type, RelNode exact, int sum) {
    RexNode total = RexInputRef.of(sum, exact.getRowType());
    RexNode count = RexInputRef.of(sum + 1, exact.getRowType());
    return switch (type.getSqlTypeName()) {
      case INTEGER -> rex.makeCall(type, AVERAGE_INT, List.of(total, count));
      case DECIMAL ->
          rex.makeCall(
              type,
              AVERAGE_DECIMAL,
              List.of(
                  total,
                  count,
                  rex.makeExactLiteral(
                      BigDecimal.valueOf(type.getScale()),
                      types.createSqlType(SqlTypeName.INTEGER))));
      default ->
          castTo(
              type,
              rex.makeCall(
                  types.createTypeWithNullability(
                      types.createSqlType(SqlTypeName.BIGINT), type.isNullable()),
                  AVERAGE_LONG,
                  List.of(total, count)));
    };
  }
}
