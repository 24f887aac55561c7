package org.elementvault.engine.dataset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
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
   * Fills the vectors of one batch from CSV text or from the vectors of an Arrow file, one writer
   * per column, checking every value, and keeps the batch's statistics. Owns its vectors until
   * {@link #close()}.
   */
  static final class BatchWriter implements AutoCloseable {
    private final List<ColumnWriter> columns = new ArrayList<>();

    BatchWriter(Schema schema, BufferAllocator allocator, LocalDate today, int capacity) {
      try {
        for (Column column : schema.columns()) {
          columns.add(
              new ColumnWriter(
                  ValueParser.of(schema, column, today),
                  schema.isSubject(column),
                  today,
                  allocator,
                  capacity));
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /**
     * Writes the CSV field {@code bytes[from, to)}, UTF-8 as in the file, at {@code row} of schema
     * column {@code column}.
     */
    void write(int row, int column, byte[] bytes, int from, int to) {
      columns.get(column).write(row, bytes, from, to);
    }

    /**
     * Copies row {@code index} of {@code from} (one vector per schema column, in schema order, of
     * the columns' Arrow types) to {@code row}, checking each value as {@link #write} does.
     */
    void copy(int row, List<FieldVector> from, int index) {
      for (int i = 0; i < from.size(); i++) {
        columns.get(i).copy(row, from.get(i), index);
      }
    }

    /** The vector of schema column {@code index}, valid until the batch is handed on. */
    FieldVector vector(int index) {
      return columns.get(index).vector;
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

  /** Parses one column's text, or checks its Arrow values, into its vector. */
  private static final class ColumnWriter {
    private final ValueParser parser;
    private final Column column;
    private final boolean subject;
    private final LocalDate today;
    private final FieldVector vector;
    private final ColumnType type;
    private final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int nulls;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    ColumnWriter(
        ValueParser parser,
        boolean subject,
        LocalDate today,
        BufferAllocator allocator,
        int capacity) {
      this.parser = parser;
      this.column = parser.column();
      this.subject = subject;
      this.today = today;
      this.type = column.type();
      this.vector = field(column).createVector(allocator);
      try {
        vector.setInitialCapacity(capacity);
        vector.allocateNew();
      } catch (RuntimeException e) {
        vector.close();
        throw e;
      }
    }

    /**
     * Copies a value of an Arrow vector of this column's type. Arrow fixes the type; the rules CSV
     * text gets beyond it still apply: no NULL (or empty string) subject, finite doubles, decimals
     * within their precision, valid UTF-8 of at most 1 MiB, dates of years 1 to 9999, and the PII
     * format when the column asks for it.
     */
    void copy(int row, FieldVector from, int index) {
      if (from.isNull(index)) {
        if (subject) {
          throw refused(DatasetMessages.subjectIsNull(column.name()));
        }
        vector.setNull(row);
        nulls++;
        return;
      }
      switch (type.kind()) {
        case BOOLEAN -> {
          int value = ((BitVector) from).get(index);
          checkFormat(value == 1 ? "true" : "false");
          ((BitVector) vector).setSafe(row, value);
        }
        case INT -> {
          int value = ((IntVector) from).get(index);
          checkFormat(Integer.toString(value));
          ((IntVector) vector).setSafe(row, value);
          bound(value, value);
        }
        case BIGINT -> {
          long value = ((BigIntVector) from).get(index);
          checkFormat(Long.toString(value));
          ((BigIntVector) vector).setSafe(row, value);
          bound(lowerBound(value), upperBound(value));
        }
        case DOUBLE -> {
          double value = ((Float8Vector) from).get(index);
          if (!Double.isFinite(value)) {
            throw refused(DatasetMessages.badValue(column.name(), DatasetMessages.typeRule(type)));
          }
          checkFormat(Double.toString(value));
          ((Float8Vector) vector).setSafe(row, value);
          bound(value, value);
        }
        case DECIMAL -> {
          BigDecimal value = ((DecimalVector) from).getObject(index);
          if (value.unscaledValue().abs().compareTo(BigInteger.TEN.pow(type.precision())) >= 0) {
            throw refused(
                DatasetMessages.badValue(
                    column.name(), DatasetMessages.decimalPrecisionRule(type)));
          }
          checkFormat(value.toPlainString());
          ((DecimalVector) vector).setSafe(row, value);
          double approximate = value.doubleValue();
          bound(Math.nextDown(approximate), Math.nextUp(approximate));
        }
        case STRING -> {
          byte[] bytes = ((VarCharVector) from).get(index);
          if (bytes.length > ValueParser.MAX_STRING_BYTES) {
            throw refused(DatasetMessages.badValue(column.name(), DatasetMessages.typeRule(type)));
          }
          if (subject && bytes.length == 0) {
            throw refused(DatasetMessages.subjectIsNull(column.name()));
          }
          String text;
          try {
            text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
          } catch (CharacterCodingException e) {
            throw refused(DatasetMessages.badValue(column.name(), DatasetMessages.NOT_UTF8_VALUE));
          }
          checkFormat(text);
          ((VarCharVector) vector).setSafe(row, bytes);
        }
        case DATE -> {
          int day = ((DateDayVector) from).get(index);
          if (day < MIN_DAY || day > MAX_DAY) {
            throw refused(DatasetMessages.badValue(column.name(), DatasetMessages.typeRule(type)));
          }
          checkFormat(LocalDate.ofEpochDay(day).toString());
          ((DateDayVector) vector).setSafe(row, day);
          bound(day, day);
        }
        case TIMESTAMP -> {
          long micros = ((TimeStampMicroTZVector) from).get(index);
          long day = Math.floorDiv(micros, MICROS_PER_DAY);
          if (day < MIN_DAY || day > MAX_DAY) {
            throw refused(DatasetMessages.badValue(column.name(), DatasetMessages.typeRule(type)));
          }
          checkFormat(Long.toString(micros));
          ((TimeStampMicroTZVector) vector).setSafe(row, micros);
          bound(lowerBound(micros), upperBound(micros));
        }
      }
    }

    private void checkFormat(String text) {
      if (column.checkFormat()) {
        PiiFormats.check(column, text, today);
      }
    }

    void write(int row, byte[] bytes, int from, int to) {
      if (parser.isNull(bytes, from, to)) {
        vector.setNull(row);
        nulls++;
        return;
      }
      switch (type.kind()) {
        case BOOLEAN ->
            ((BitVector) vector).setSafe(row, parser.parseBoolean(bytes, from, to) ? 1 : 0);
        case INT -> {
          int value = parser.parseInt(bytes, from, to);
          ((IntVector) vector).setSafe(row, value);
          bound(value, value);
        }
        case BIGINT -> {
          long value = parser.parseBigint(bytes, from, to);
          ((BigIntVector) vector).setSafe(row, value);
          bound(lowerBound(value), upperBound(value));
        }
        case DOUBLE -> {
          double value = parser.parseDouble(bytes, from, to);
          ((Float8Vector) vector).setSafe(row, value);
          bound(value, value);
        }
        case DECIMAL -> {
          double approximate;
          if (type.isSmallDecimal()) {
            long unscaled = parser.parseDecimalUnscaled(bytes, from, to);
            ((DecimalVector) vector).setSafe(row, unscaled);
            approximate = toDouble(unscaled, type.scale());
          } else {
            BigDecimal value = parser.parseDecimal(bytes, from, to);
            ((DecimalVector) vector).setSafe(row, value);
            approximate = value.doubleValue();
          }
          bound(Math.nextDown(approximate), Math.nextUp(approximate));
        }
        case STRING -> {
          parser.checkString(bytes, from, to);
          ((VarCharVector) vector).setSafe(row, bytes, from, to - from);
        }
        case DATE -> {
          int day = parser.parseDate(bytes, from, to);
          ((DateDayVector) vector).setSafe(row, day);
          bound(day, day);
        }
        case TIMESTAMP -> {
          long micros = parser.parseTimestamp(bytes, from, to);
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
  }

  private static final long MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private static VaultException refused(String message) {
    return new VaultException(ErrorCode.USER_ERROR, message);
  }

  /** Powers of ten up to 10²², the last one exact as a double. */
  private static final double[] EXACT_POWERS_OF_TEN = new double[23];

  static {
    for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++) {
      EXACT_POWERS_OF_TEN[i] = i == 0 ? 1 : EXACT_POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * The double nearest to {@code unscaled}·10^-{@code scale}, exactly as {@link
   * BigDecimal#doubleValue()} gives it, without a {@code BigDecimal} per value where it can: when
   * both operands are exact doubles, one IEEE division rounds the exact quotient once, as it does.
   */
  static double toDouble(long unscaled, int scale) {
    if (-EXACT < unscaled && unscaled < EXACT && scale >= 0 && scale < EXACT_POWERS_OF_TEN.length) {
      return unscaled / EXACT_POWERS_OF_TEN[scale];
    }
    return BigDecimal.valueOf(unscaled, scale).doubleValue();
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
