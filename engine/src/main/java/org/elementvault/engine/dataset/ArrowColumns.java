package org.elementvault.engine.dataset;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.jspecify.annotations.Nullable;

/** How schema columns become Arrow fields and vectors. */
public final class ArrowColumns {

  private ArrowColumns() {}

  /** The Arrow type that stores {@code type}. */
  public static ArrowType arrowType(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case INT -> new ArrowType.Int(Integer.SIZE, true);
      case BIGINT -> new ArrowType.Int(Long.SIZE, true);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(type.precision(), type.scale(), 128);
      case STRING -> ArrowType.Utf8.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    };
  }

  /** The nullable Arrow field of {@code column}. */
  public static Field field(Column column) {
    return new Field(column.name(), FieldType.nullable(arrowType(column.type())), null);
  }

  /**
   * Fills the vectors of one batch from CSV text, one writer per column, and keeps the batch's
   * statistics. Owns its vectors until {@link #close()}.
   */
  static final class BatchWriter implements AutoCloseable {
    private final List<ColumnWriter> columns = new ArrayList<>();

    BatchWriter(Schema schema, BufferAllocator allocator, LocalDate today, int capacity) {
      for (Column column : schema.columns()) {
        columns.add(new ColumnWriter(ValueParser.of(schema, column, today), allocator, capacity));
      }
    }

    /** Writes the fields of one row (in schema order) at {@code row}. */
    void write(int row, String[] fields) {
      for (int i = 0; i < fields.length; i++) {
        columns.get(i).write(row, fields[i]);
      }
    }

    /** Seals the row count into every vector; the vectors are then ready to encode. */
    List<FieldVector> finish(int rows) {
      List<FieldVector> vectors = new ArrayList<>();
      for (ColumnWriter column : columns) {
        column.vector.setValueCount(rows);
        vectors.add(column.vector);
      }
      return vectors;
    }

    BatchStats stats(int rows) {
      return new BatchStats(rows, columns.stream().map(ColumnWriter::stats).toList());
    }

    @Override
    public void close() {
      columns.forEach(column -> column.vector.close());
    }
  }

  /** Parses one column's text into its vector. */
  private static final class ColumnWriter {
    private final ValueParser parser;
    private final FieldVector vector;
    private final ColumnType type;
    private int nulls;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    ColumnWriter(ValueParser parser, BufferAllocator allocator, int capacity) {
      this.parser = parser;
      this.type = parser.column().type();
      this.vector = field(parser.column()).createVector(allocator);
      vector.setInitialCapacity(capacity);
      vector.allocateNew();
    }

    void write(int row, String text) {
      if (parser.isNull(text)) {
        vector.setNull(row);
        nulls++;
        return;
      }
      switch (type.kind()) {
        case BOOLEAN -> ((BitVector) vector).setSafe(row, parser.parseBoolean(text) ? 1 : 0);
        case INT -> {
          int value = parser.parseInt(text);
          ((IntVector) vector).setSafe(row, value);
          bound(value, value);
        }
        case BIGINT -> {
          long value = parser.parseBigint(text);
          ((BigIntVector) vector).setSafe(row, value);
          bound(lowerBound(value), upperBound(value));
        }
        case DOUBLE -> {
          double value = parser.parseDouble(text);
          ((Float8Vector) vector).setSafe(row, value);
          bound(value, value);
        }
        case DECIMAL -> {
          BigDecimal value;
          if (type.isSmallDecimal()) {
            long unscaled = parser.parseDecimalUnscaled(text);
            ((DecimalVector) vector).setSafe(row, unscaled);
            value = BigDecimal.valueOf(unscaled, type.scale());
          } else {
            value = parser.parseDecimal(text);
            ((DecimalVector) vector).setSafe(row, value);
          }
          double approximate = value.doubleValue();
          bound(Math.nextDown(approximate), Math.nextUp(approximate));
        }
        case STRING -> ((VarCharVector) vector).setSafe(row, utf8(parser.parseString(text)));
        case DATE -> {
          int day = parser.parseDate(text);
          ((DateDayVector) vector).setSafe(row, day);
          bound(day, day);
        }
        case TIMESTAMP -> {
          long micros = parser.parseTimestamp(text);
          ((TimeStampMicroTZVector) vector).setSafe(row, micros);
          bound(lowerBound(micros), upperBound(micros));
        }
      }
    }

    private void bound(double low, double high) {
      min = Math.min(min, low);
      max = Math.max(max, high);
    }

    ColumnStats stats() {
      boolean bounded = min <= max;
      return new ColumnStats(nulls, bounded ? min : null, bounded ? max : null);
    }

    private static byte[] utf8(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Longs below 2⁵³ in magnitude are exact as doubles. */
  private static final long EXACT = 1L << 53;

  /**
   * A double no greater than {@code value}. Beyond 2⁵³ the conversion rounds by at most half an
   * ulp, so one ulp down is always enough.
   */
  static double lowerBound(long value) {
    double d = value;
    return Math.abs(value) < EXACT ? d : Math.nextDown(d);
  }

  /** A double no smaller than {@code value}. */
  static double upperBound(long value) {
    double d = value;
    return Math.abs(value) < EXACT ? d : Math.nextUp(d);
  }

  /** Whether a batch whose column lies in [{@code min}, {@code max}] may hold a value in range. */
  static boolean mayOverlap(
      @Nullable Double min, @Nullable Double max, @Nullable Double low, @Nullable Double high) {
    if (min == null || max == null) {
      return true;
    }
    return (low == null || max >= low) && (high == null || min <= high);
  }
}
