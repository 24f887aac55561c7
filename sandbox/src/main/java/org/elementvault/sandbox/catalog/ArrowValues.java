package org.elementvault.sandbox.catalog;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.engine.dataset.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * Reads one value of an Arrow vector in Calcite's internal representation: {@code String}, {@code
 * Integer}, {@code Long}, {@code Double}, {@code BigDecimal}, {@code Boolean}, days since the epoch
 * as {@code Integer} for DATE and milliseconds as {@code Long} for TIMESTAMP.
 */
@FunctionalInterface
interface ArrowValues {

  @Nullable Object get(int row);

  static ArrowValues of(ColumnType type, FieldVector vector) {
    return switch (type.kind()) {
      case BOOLEAN -> {
        BitVector bits = (BitVector) vector;
        yield row -> bits.isNull(row) ? null : bits.get(row) != 0;
      }
      case INT -> {
        IntVector ints = (IntVector) vector;
        yield row -> ints.isNull(row) ? null : ints.get(row);
      }
      case BIGINT -> {
        BigIntVector longs = (BigIntVector) vector;
        yield row -> longs.isNull(row) ? null : longs.get(row);
      }
      case DOUBLE -> {
        Float8Vector doubles = (Float8Vector) vector;
        yield row -> doubles.isNull(row) ? null : doubles.get(row);
      }
      case DECIMAL -> {
        DecimalVector decimals = (DecimalVector) vector;
        yield decimals::getObject;
      }
      case STRING -> {
        VarCharVector strings = (VarCharVector) vector;
        yield row -> strings.isNull(row) ? null : strings.getObject(row).toString();
      }
      case DATE -> {
        DateDayVector days = (DateDayVector) vector;
        yield row -> days.isNull(row) ? null : days.get(row);
      }
      case TIMESTAMP -> {
        TimeStampMicroTZVector micros = (TimeStampMicroTZVector) vector;
        yield row -> micros.isNull(row) ? null : Math.floorDiv(micros.get(row), 1000L);
      }
    };
  }
}
