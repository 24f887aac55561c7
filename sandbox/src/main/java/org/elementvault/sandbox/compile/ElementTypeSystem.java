package org.elementvault.sandbox.compile;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with two changes. The sum of integers is a {@code DECIMAL(38,0)}, exact and
 * wide enough for any sum a job can read (Calcite's default keeps the argument's type, so a sum of
 * BIGINTs near {@link Long#MAX_VALUE} wraps). The average of a DECIMAL keeps four more fractional
 * digits than its argument, so {@code AVG(income)} over cents is not cut to whole cents (Calcite's
 * default keeps the argument's scale and truncates).
 */
final class ElementTypeSystem extends RelDataTypeSystemImpl {

  static final ElementTypeSystem INSTANCE = new ElementTypeSystem();

  /** The widest DECIMAL: what a 128-bit decimal holds, as in the vault's own columns. */
  private static final int MAX_DECIMAL_PRECISION = 38;

  /** Fractional digits an average keeps beyond its argument's. */
  private static final int EXTRA_AVG_SCALE = 4;

  private ElementTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName type) {
    return type == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(type);
  }

  @Override
  public int getMaxScale(SqlTypeName type) {
    return type == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(type);
  }

  /** A sum of integers in exact decimal, so no sum of 2^50 BIGINTs overflows. */
  @Override
  public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argument) {
    if (!SqlTypeName.INT_TYPES.contains(argument.getSqlTypeName())) {
      return super.deriveSumType(factory, argument);
    }
    return factory.createTypeWithNullability(
        factory.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL_PRECISION, 0),
        argument.isNullable());
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argument) {
    if (argument.getSqlTypeName() != SqlTypeName.DECIMAL) {
      return super.deriveAvgAggType(factory, argument);
    }
    int scale = Math.min(argument.getScale() + EXTRA_AVG_SCALE, MAX_DECIMAL_PRECISION);
    return factory.createTypeWithNullability(
        factory.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL_PRECISION, scale),
        argument.isNullable());
  }
}
