package org.elementvault.sandbox.exec;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Primitive reads of one vector of the current batch, straight from its buffers: no boxing and no
 * per-value null checks beyond the validity bit. Integers, dates (days), booleans and decimals of
 * at most 18 digits (unscaled) read as longs; doubles as doubles.
 */
final class Column {

  private static final int INT32 = 0;
  private static final int INT64 = 1;
  private static final int DECIMAL = 2;
  private static final int BIT = 3;
  private static final int OTHER = 4;

  private final ArrowBuf validity;
  private final ArrowBuf data;
  private final int layout;
  private final boolean hasNulls;

  private Column(FieldVector vector, int layout) {
    this.validity = vector.getValidityBuffer();
    this.data = vector.getDataBuffer();
    this.layout = layout;
    this.hasNulls = vector.getNullCount() > 0;
  }

  static Column of(FieldVector vector) {
    int layout;
    if (vector instanceof IntVector || vector instanceof DateDayVector) {
      layout = INT32;
    } else if (vector instanceof BigIntVector || vector instanceof Float8Vector) {
      layout = INT64;
    } else if (vector instanceof DecimalVector) {
      layout = DECIMAL;
    } else if (vector instanceof BitVector) {
      layout = BIT;
    } else if (vector instanceof VarCharVector) {
      layout = OTHER;
    } else {
      throw new IllegalStateException("no primitive reads for " + vector.getMinorType());
    }
    return new Column(vector, layout);
  }

  boolean hasNulls() {
    return hasNulls;
  }

  boolean isNull(int row) {
    return hasNulls && BitVectorHelper.get(validity, row) == 0;
  }

  /**
   * The value at {@code row} as a long. A decimal of at most 18 digits lives in the low 8 bytes of
   * its 16-byte little-endian two's complement slot.
   */
  long longAt(int row) {
    return switch (layout) {
      case INT32 -> data.getInt((long) row * 4);
      case INT64 -> data.getLong((long) row * 8);
      case DECIMAL -> data.getLong((long) row * 16);
      case BIT -> BitVectorHelper.get(data, row);
      default -> throw new IllegalStateException("not a number column");
    };
  }

  double doubleAt(int row) {
    return data.getDouble((long) row * 8);
  }
}
