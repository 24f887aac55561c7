package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.util.BuiltInMethod;
import org.jspecify.annotations.Nullable;

/**
 * A leaf of a plan whose rows are given each time its generated code runs, not when the code is
 * generated: what lets the plan above it be compiled once and run again over other rows ({@link
 * CalciteExecutor#prepare}). At most one per plan.
 */
public final class GivenRows extends AbstractRelNode implements EnumerableRel {

  /** The name the generated code asks its data context for the rows by. */
  static final String PARAMETER = "elementvault.givenRows";

  private final RelDataType type;

  private GivenRows(RelOptCluster cluster, RelDataType type) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE));
    this.type = type;
  }

  /** A leaf of rows of {@code type}, given at each run. */
  public static GivenRows of(RelOptCluster cluster, RelDataType type) {
    return new GivenRows(cluster, type);
  }

  @Override
  protected RelDataType deriveRowType() {
    return type;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("type", type.getFullTypeString());
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return 100;
  }

  @Override
  public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeCost(100, 100, 0);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // Always an array per row, even of one field, so that the rows need not be shaped by the
    // format the planner would pick.
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), type, JavaRowFormat.ARRAY, false);
    BlockBuilder block = new BlockBuilder();
    block.add(
        Expressions.return_(
            null,
            Expressions.convert_(
                Expressions.call(
                    DataContext.ROOT,
                    BuiltInMethod.DATA_CONTEXT_GET.method,
                    Expressions.constant(PARAMETER)),
                Enumerable.class)));
    return implementor.result(physType, block.toBlock());
  }

  /**
   * {@code rows} in the representation generated code reads for this leaf's type: dates as days and
   * timestamps as milliseconds since the epoch, each number in its field's own class.
   *
   * @throws IllegalStateException if a value does not fit its field's type, a programmer's error
   */
  List<@Nullable Object[]> internal(List<List<@Nullable Object>> rows) {
    List<RelDataTypeField> fields = type.getFieldList();
    List<@Nullable Object[]> internal = new ArrayList<>(rows.size());
    for (List<@Nullable Object> row : rows) {
      if (row.size() != fields.size()) {
        throw new IllegalStateException(
            "a given row has " + row.size() + " fields, not " + fields.size());
      }
      @Nullable Object[] values = new @Nullable Object[row.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = internal(row.get(i), fields.get(i).getType());
      }
      internal.add(values);
    }
    return internal;
  }

  private static @Nullable Object internal(@Nullable Object value, RelDataType field) {
    if (value == null) {
      return null;
    }
    return switch (field.getSqlTypeName()) {
      case BOOLEAN -> (Boolean) value;
      case TINYINT -> ((Number) value).byteValue();
      case SMALLINT -> ((Number) value).shortValue();
      case INTEGER -> ((Number) value).intValue();
      case BIGINT -> ((Number) value).longValue();
      case DECIMAL -> decimal((Number) value);
      case FLOAT, DOUBLE -> finite(((Number) value).doubleValue());
      case REAL -> {
        Double d = finite(((Number) value).doubleValue());
        yield d == null ? null : d.floatValue();
      }
      case CHAR, VARCHAR -> (String) value;
      case DATE -> Math.toIntExact(((LocalDate) value).toEpochDay());
      case TIMESTAMP -> ((Instant) value).toEpochMilli();
      default ->
          throw new IllegalStateException(
              "no given-row representation for " + field.getSqlTypeName());
    };
  }

  private static @Nullable BigDecimal decimal(Number value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
    return BigDecimal.valueOf(value.longValue());
  }

  /** Non-finite doubles are released as null, as their literals were. */
  private static @Nullable Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
