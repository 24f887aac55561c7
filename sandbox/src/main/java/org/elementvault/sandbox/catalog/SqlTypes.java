package org.elementvault.sandbox.catalog;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.dataset.ColumnType;

/** The SQL type of each column type; every column is nullable. */
final class SqlTypes {

  private SqlTypes() {}

  static RelDataType of(ColumnType type, RelDataTypeFactory factory) {
    RelDataType sql =
        switch (type.kind()) {
          case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
          case INT -> factory.createSqlType(SqlTypeName.INTEGER);
          case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
          case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL ->
              factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
          case STRING -> factory.createSqlType(SqlTypeName.VARCHAR);
          case DATE -> factory.createSqlType(SqlTypeName.DATE);
          case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
        };
    return factory.createTypeWithNullability(sql, true);
  }
}
