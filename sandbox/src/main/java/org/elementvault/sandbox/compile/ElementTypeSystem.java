package org.elementvault.sandbox.compile;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with one change: the average of a DECIMAL keeps four more fractional digits
 * than its argument, so {@code AVG(income)} over cents is not cut to whole cents (Calcite's default
 * keeps the argument's scale and truncates).
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
