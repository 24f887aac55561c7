package org.elementvault.sandbox.compile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.elementvault.sandbox.catalog.FunctionCatalog;
import org.jspecify.annotations.Nullable;

/**
 * Makes the arithmetic of a plan total (DESIGN.md, Release protection: no data-dependent failures),
 * so that no value in any row, least of all in a row the threshold later suppresses, can make a job
 * fail or change its outcome. Every operation without a representable result yields NULL instead of
 * throwing or wrapping:
 *
 * <ul>
 *   <li>{@code a / b} and {@code MOD(a, b)} are NULL when {@code b} is zero (Calcite's generated
 *       code throws {@code ArithmeticException} for exact types); an integer {@code a / b} is also
 *       NULL for the one quotient that overflows, the type's minimum divided by -1;
 *   <li>integer {@code +}, {@code -}, {@code *}, unary minus and {@code ABS} are computed exactly
 *       (in {@code DECIMAL(38,0)}, which holds any product of two BIGINTs) and are NULL when the
 *       result does not fit the operation's type (Calcite's generated code wraps silently).
 * </ul>
 *
 * <p>Sums cannot overflow either: {@link ElementTypeSystem} makes an integer sum a {@code
 * DECIMAL(38,0)}. Casts that can fail on a value, and functions that fail on some arguments ({@code
 * SUBSTRING} with a negative length), are the policy's to refuse (FunctionCatalog's totality).
 *
 * <p>The rewritten expressions may be nullable where the originals were not, so every node above a
 * rewritten one is rebuilt with its types derived again; a plan without such operations comes back
 * as the same object.
 */
final class TotalArithmetic {

  /** Operators whose result is never NULL, whatever their operands. */
  private static final Set<SqlKind> NEVER_NULL =
      EnumSet.of(
          SqlKind.IS_NULL,
          SqlKind.IS_NOT_NULL,
          SqlKind.IS_TRUE,
          SqlKind.IS_FALSE,
          SqlKind.IS_NOT_TRUE,
          SqlKind.IS_NOT_FALSE,
          SqlKind.IS_DISTINCT_FROM,
          SqlKind.IS_NOT_DISTINCT_FROM);

  /** Integer operations that wrap in generated code. */
  private static final Set<SqlKind> WRAPPING =
      EnumSet.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.MINUS_PREFIX);

  private static final int EXACT_PRECISION = 38;

  private final RexBuilder rex;
  private final RelDataTypeFactory types;

  private TotalArithmetic(RexBuilder rex) {
    this.rex = rex;
    this.types = rex.getTypeFactory();
  }

  /** Returns {@code root} with every partial operation made total. */
  static RelNode apply(RelNode root) {
    return new TotalArithmetic(root.getCluster().getRexBuilder()).rewrite(root);
  }

  private RelNode rewrite(RelNode node) {
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode input : node.getInputs()) {
      RelNode rewritten = rewrite(input);
      changed |= rewritten != input;
      inputs.add(rewritten);
    }
    if (node instanceof Project project) {
      Guard guard = new Guard(fieldTypes(inputs));
      List<RexNode> expressions = guard.apply(project.getProjects());
      if (!changed && !guard.changed()) {
        return node;
      }
      return LogicalProject.create(
          inputs.get(0),
          project.getHints(),
          expressions,
          project.getRowType().getFieldNames(),
          project.getVariablesSet());
    }
    if (node instanceof Filter filter) {
      Guard guard = new Guard(fieldTypes(inputs));
      RexNode condition = filter.getCondition().accept(guard);
      return changed || guard.changed()
          ? filter.copy(filter.getTraitSet(), inputs.get(0), condition)
          : node;
    }
    if (node instanceof Join join) {
      Guard guard = new Guard(fieldTypes(inputs));
      RexNode condition = join.getCondition().accept(guard);
      return changed || guard.changed()
          ? join.copy(
              join.getTraitSet(),
              condition,
              inputs.get(0),
              inputs.get(1),
              join.getJoinType(),
              join.isSemiJoinDone())
          : node;
    }
    if (!changed) {
      return node;
    }
    if (node instanceof Aggregate aggregate) {
      return retyped(aggregate, inputs.get(0));
    }
    return node.copy(node.getTraitSet(), inputs);
  }

  /** The aggregate over {@code input}, whose fields may have become nullable. */
  private static RelNode retyped(Aggregate aggregate, RelNode input) {
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      calls.add(
          AggregateCall.create(
              SqlParserPos.ZERO,
              call.getAggregation(),
              call.isDistinct(),
              call.isApproximate(),
              call.ignoreNulls(),
              call.rexList,
              call.getArgList(),
              call.filterArg,
              call.distinctKeys,
              call.getCollation(),
              aggregate.hasEmptyGroup(),
              input,
              null,
              call.getName()));
    }
    return aggregate.copy(
        aggregate.getTraitSet(), input, aggregate.getGroupSet(), aggregate.getGroupSets(), calls);
  }

  private static List<RelDataType> fieldTypes(List<RelNode> inputs) {
    List<RelDataType> fields = new ArrayList<>();
    for (RelNode input : inputs) {
      input.getRowType().getFieldList().stream()
          .map(RelDataTypeField::getType)
          .forEach(fields::add);
    }
    return fields;
  }

  /**
   * Rewrites the expressions over one node's inputs: input references take the inputs' current
   * types, calls over operands that became nullable become nullable, and partial operations are
   * guarded.
   */
  private final class Guard extends RexShuttle {
    private final List<RelDataType> fields;
    private int changes;

    Guard(List<RelDataType> fields) {
      this.fields = fields;
    }

    boolean changed() {
      return changes > 0;
    }

    @Override
    public RexNode visitInputRef(RexInputRef ref) {
      RelDataType type = fields.get(ref.getIndex());
      if (type.equals(ref.getType())) {
        return ref;
      }
      changes++;
      return new RexInputRef(ref.getIndex(), type);
    }

    @Override
    public RexNode visitCall(RexCall call) {
      int before = changes;
      List<RexNode> operands = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        operands.add(operand.accept(this));
      }
      RexCall current = changes > before ? call.clone(typeOver(call, operands), operands) : call;
      RexNode total = total(current);
      if (total == null) {
        return current;
      }
      changes++;
      return total;
    }
  }

  /** The type of {@code call} over {@code operands}: nullable if they now make it so. */
  private RelDataType typeOver(RexCall call, List<RexNode> operands) {
    RelDataType type = call.getType();
    if (type.isNullable() || NEVER_NULL.contains(call.getKind())) {
      return type;
    }
    boolean nullable =
        switch (call.getKind()) {
          case COALESCE -> operands.stream().allMatch(o -> o.getType().isNullable());
          case CASE -> {
            boolean any = false;
            for (int i = 0; i < operands.size(); i++) {
              boolean value = i % 2 == 1 || i == operands.size() - 1;
              any |= value && operands.get(i).getType().isNullable();
            }
            yield any;
          }
          default -> operands.stream().anyMatch(o -> o.getType().isNullable());
        };
    return nullable ? types.createTypeWithNullability(type, true) : type;
  }

  /** A total equivalent of {@code call}, or null if it is total already. */
  private @Nullable RexNode total(RexCall call) {
    RelDataType type = call.getType();
    SqlKind kind = call.getKind();
    boolean integer = SqlTypeUtil.isIntType(type);
    boolean nullOnZero =
        FunctionCatalog.of(call.getOperator())
            .map(entry -> entry.totality() == FunctionCatalog.Totality.NULL_ON_ZERO)
            .orElse(false);
    if (nullOnZero) {
      RexNode dividend = call.getOperands().get(0);
      RexNode divisor = call.getOperands().get(1);
      RexNode undefined = compareWithZero(SqlStdOperatorTable.EQUALS, divisor);
      if (integer
          && kind == SqlKind.DIVIDE
          && dividend.getType().getSqlTypeName() == type.getSqlTypeName()) {
        // MIN / -1 is the one integer quotient that overflows (Java wraps it to MIN).
        undefined =
            rex.makeCall(
                SqlStdOperatorTable.OR,
                undefined,
                rex.makeCall(
                    SqlStdOperatorTable.AND,
                    rex.makeCall(
                        SqlStdOperatorTable.EQUALS, dividend, literal(minimum(type), dividend)),
                    rex.makeCall(
                        SqlStdOperatorTable.EQUALS,
                        divisor,
                        literal(BigDecimal.ONE.negate(), divisor))));
      }
      return nullWhen(undefined, call);
    }
    if (integer
        && (WRAPPING.contains(kind) || call.getOperator().equals(SqlStdOperatorTable.ABS))) {
      return exactInteger(call);
    }
    return null;
  }

  private RexNode compareWithZero(SqlOperator comparison, RexNode value) {
    return rex.makeCall(
        comparison,
        value,
        rex.makeZeroLiteral(types.createTypeWithNullability(value.getType(), false)));
  }

  /** {@code value} as a literal of {@code like}'s type, so comparisons need no conversion. */
  private RexNode literal(BigDecimal value, RexNode like) {
    return rex.makeExactLiteral(value, types.createTypeWithNullability(like.getType(), false));
  }

  /** {@code CASE WHEN undefined THEN NULL ELSE call END}. */
  private RexNode nullWhen(RexNode undefined, RexCall call) {
    RelDataType type = types.createTypeWithNullability(call.getType(), true);
    return rex.makeCall(
        type, SqlStdOperatorTable.CASE, List.of(undefined, rex.makeNullLiteral(type), call));
  }

  /**
   * The integer operation computed in {@code DECIMAL(38,0)}, where no sum, difference or product of
   * two BIGINTs overflows, and cast back to its type when the result fits it; NULL when it does
   * not.
   */
  private RexNode exactInteger(RexCall call) {
    RelDataType type = types.createTypeWithNullability(call.getType(), true);
    List<RexNode> wide = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      wide.add(
          rex.makeCast(
              types.createTypeWithNullability(
                  types.createSqlType(SqlTypeName.DECIMAL, EXACT_PRECISION, 0),
                  operand.getType().isNullable()),
              operand));
    }
    RexNode exact = rex.makeCall(call.getOperator(), wide);
    RexNode fits =
        rex.makeCall(
            SqlStdOperatorTable.AND,
            rex.makeCall(
                SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, exact, literal(minimum(type), exact)),
            rex.makeCall(
                SqlStdOperatorTable.LESS_THAN_OR_EQUAL, exact, literal(maximum(type), exact)));
    return rex.makeCall(
        type,
        SqlStdOperatorTable.CASE,
        List.of(fits, rex.makeCast(type, exact), rex.makeNullLiteral(type)));
  }

  private static BigDecimal minimum(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> BigDecimal.valueOf(Byte.MIN_VALUE);
      case SMALLINT -> BigDecimal.valueOf(Short.MIN_VALUE);
      case INTEGER -> BigDecimal.valueOf(Integer.MIN_VALUE);
      default -> BigDecimal.valueOf(Long.MIN_VALUE);
    };
  }

  private static BigDecimal maximum(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> BigDecimal.valueOf(Byte.MAX_VALUE);
      case SMALLINT -> BigDecimal.valueOf(Short.MAX_VALUE);
      case INTEGER -> BigDecimal.valueOf(Integer.MAX_VALUE);
      default -> BigDecimal.valueOf(Long.MAX_VALUE);
    };
  }
}
