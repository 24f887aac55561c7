package org.elementvault.sandbox.exec;

import java.util.Objects;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Primitive reads of one vector of the current batch, straight from its buffers: no boxing and no
 * per-value null checks beyond the validity bit. Integers, dates (days), booleans and decimals of
 * at most 18 digits (unscaled) read as longs; doubles as doubles; strings as their UTF-8 bytes.
 *
 * <p>Reads go to the buffers' memory directly, bounded by this class rather than by {@code
 * ArrowBuf}'s per-read checks (which also read the buffer's reference count, atomically, on every
 * value: in the scan loops, more than the reads themselves). The bounds are as strict: the buffers
 * are checked once to cover every row, each read checks its row against the row count, and a
 * string's offsets are checked against the data buffer on every read, so no read leaves its buffer
 * whatever the vector holds. A column is read only while its batch is open.
 */
final class Column {

  private static final int INT32 = 0;
  private static final int INT64 = 1;
  private static final int DECIMAL = 2;
  private static final int BIT = 3;
  private static final int STRING = 4;

  /** Bytes per value of each layout's data buffer (bits for BIT, offsets for strings). */
  private static final int[] WIDTHS = {4, 8, 16, 0, 0};

  private final int rows;
  private final long validity;
  private final long data;
  private final long dataBytes;
  private final long offsets;
  private final int layout;
  private final boolean hasNulls;

  private Column(FieldVector vector, int layout) {
    this.rows = vector.getValueCount();
    this.layout = layout;
    this.hasNulls = vector.getNullCount() > 0;
    this.validity = vector.getValidityBuffer().memoryAddress();
    this.data = vector.getDataBuffer().memoryAddress();
    this.dataBytes = vector.getDataBuffer().capacity();
    long bits = (rows + 7L) / 8;
    require(!hasNulls || vector.getValidityBuffer().capacity() >= bits, vector);
    if (layout == STRING) {
      this.offsets = vector.getOffsetBuffer().memoryAddress();
      require(rows == 0 || vector.getOffsetBuffer().capacity() >= (rows + 1L) * 4, vector);
    } else {
      this.offsets = 0;
      require(dataBytes >= (layout == BIT ? bits : (long) rows * WIDTHS[layout]), vector);
    }
  }

  private static void require(boolean covered, FieldVector vector) {
    if (!covered) {
      throw new IllegalStateException(
          "a " + vector.getMinorType() + " vector's buffers do not cover its rows");
    }
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
      layout = STRING;
    } else {
      throw new IllegalStateException("no primitive reads for " + vector.getMinorType());
    }
    return new Column(vector, layout);
  }

  /** The number of rows of the batch. */
  int rows() {
    return rows;
  }

  boolean hasNulls() {
    return hasNulls;
  }

  boolean isNull(int row) {
    Objects.checkIndex(row, rows);
    return hasNulls && bit(validity, row) == 0;
  }

  /** 1 if the value at {@code row} is not NULL, else 0: {@link #isNull} for branch-free loops. */
  int valid(int row) {
    Objects.checkIndex(row, rows);
    return hasNulls ? bit(validity, row) : 1;
  }

  private static int bit(long address, int row) {
    return (MemoryUtil.getByte(address + (row >>> 3)) >>> (row & 7)) & 1;
  }

  /**
   * The value at {@code row} as a long. A decimal of at most 18 digits lives in the low 8 bytes of
   * its 16-byte little-endian two's complement slot.
   */
  long longAt(int row) {
    Objects.checkIndex(row, rows);
    return switch (layout) {
      case INT32 -> MemoryUtil.getInt(data + (long) row * 4);
      case INT64 -> MemoryUtil.getLong(data + (long) row * 8);
      case DECIMAL -> MemoryUtil.getLong(data + (long) row * 16);
      case BIT -> bit(data, row);
      default -> throw new IllegalStateException("not a number column");
    };
  }

  /**
   * Keeps, in place and in order, the first {@code count} rows of {@code selection} whose value is
   * not NULL and lies in {@code [low, high]} as {@link #longAt} reads it; returns how many remain.
   * The layout is chosen once, not per row, and no branch depends on the data: every row is written
   * and only those that pass advance, so a filter that keeps about half the rows costs no
   * mispredictions. (A NULL row's slot holds some value; a second pass drops it.)
   */
  int keepWithin(int[] selection, int count, long low, long high) {
    Objects.checkFromIndexSize(0, count, selection.length);
    int kept = 0;
    switch (layout) {
      case INT32 -> {
        for (int i = 0; i < count; i++) {
          int row = Objects.checkIndex(selection[i], rows);
          long v = MemoryUtil.getInt(data + (long) row * 4);
          selection[kept] = row;
          kept += (v >= low & v <= high) ? 1 : 0;
        }
      }
      case INT64, DECIMAL -> {
        // A decimal of at most 18 digits lives in the low 8 bytes of its 16-byte slot.
        long width = WIDTHS[layout];
        for (int i = 0; i < count; i++) {
          int row = Objects.checkIndex(selection[i], rows);
          long v = MemoryUtil.getLong(data + row * width);
          selection[kept] = row;
          kept += (v >= low & v <= high) ? 1 : 0;
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          long v = longAt(row);
          selection[kept] = row;
          kept += (v >= low & v <= high) ? 1 : 0;
        }
      }
    }
    if (!hasNulls) {
      return kept;
    }
    int valued = 0;
    for (int i = 0; i < kept; i++) {
      int row = selection[i];
      selection[valued] = row;
      valued += bit(validity, row);
    }
    return valued;
  }

  double doubleAt(int row) {
    Objects.checkIndex(row, rows);
    if (layout != INT64) {
      throw new IllegalStateException("not a double column");
    }
    return Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8));
  }

  /** The bytes that the values of every row take: for strings, their UTF-8 bytes together. */
  long valueBytes() {
    return layout == STRING ? (rows == 0 ? 0 : offset(rows)) : dataBytes;
  }

  /** The number of UTF-8 bytes of the string at {@code row}. */
  int length(int row) {
    int length = offset(row + 1) - start(row);
    if (length < 0) {
      throw new IllegalStateException("a string's offsets run backwards");
    }
    return length;
  }

  /** Copies the {@link #length(int)} UTF-8 bytes of the string at {@code row} into {@code into}. */
  void copy(int row, byte[] into) {
    int length = length(row);
    Objects.checkFromIndexSize(0, length, into.length);
    MemoryUtil.copyFromMemory(data + start(row), into, 0, length);
  }

  /** Whether the string at {@code row} is exactly the UTF-8 bytes {@code wanted}. */
  boolean equals(int row, byte[] wanted) {
    if (length(row) != wanted.length) {
      return false;
    }
    long at = data + start(row);
    for (int i = 0; i < wanted.length; i++) {
      if (MemoryUtil.getByte(at + i) != wanted[i]) {
        return false;
      }
    }
    return true;
  }

  private int start(int row) {
    Objects.checkIndex(row, rows);
    return offset(row);
  }

  /** The string offset at {@code index}, checked to lie within the data buffer. */
  private int offset(int index) {
    if (layout != STRING) {
      throw new IllegalStateException("not a string column");
    }
    int offset = MemoryUtil.getInt(offsets + (long) index * 4);
    if (offset < 0 || offset > dataBytes) {
      throw new IllegalStateException("a string offset lies outside its data buffer");
    }
    return offset;
  }
}
