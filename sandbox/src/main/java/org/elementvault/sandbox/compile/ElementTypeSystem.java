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

  /** Fractional digits an average keeps beyond its argument's. */
  private static final int EXTRA_AVG_SCALE = 4;

  private ElementTypeSystem() {}

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argument) {
    if (argument.getSqlTypeName() != SqlTypeName.DECIMAL) {
      return super.deriveAvgAggType(factory, argument);
    }
    int max = getMaxNumericPrecision();
    int scale = Math.min(argument.getScale() + EXTRA_AVG_SCALE, max);
    int precision = Math.min(Math.max(argument.getPrecision() + EXTRA_AVG_SCALE, scale), max);
    return factory.createTypeWithNullability(
        factory.createSqlType(SqlTypeName.DECIMAL, precision, scale), argument.isNullable());
  }
}
