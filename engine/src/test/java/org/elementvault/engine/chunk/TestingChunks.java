package org.elementvault.engine.chunk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Column vectors of every chunk type, filled deterministically, with nulls and edge values. */
final class TestingChunks {

  /** The column types a chunk can hold, by the names the dataset schema uses. */
  enum ColumnType {
    BOOLEAN,
    INT,
    BIGINT,
    DOUBLE,
    DECIMAL,
    STRING,
    DATE,
    TIMESTAMP
  }

  private TestingChunks() {}

  /**
   * A vector of {@code rows} values of {@code type}: every seventh row is null, and strings include
   * empty ones and multibyte UTF-8. The caller closes it.
   */
  static FieldVector column(ColumnType type, int rows, BufferAllocator allocator) {
    FieldVector vector = newVector(type, allocator);
    vector.setInitialCapacity(rows);
    vector.allocateNew();
    for (int i = 0; i < rows; i++) {
      if (i % 7 == 3) {
        vector.setNull(i);
      } else {
        set(vector, type, i);
      }
    }
    vector.setValueCount(rows);
    return vector;
  }

  static FieldVector newVector(ColumnType type, BufferAllocator allocator) {
    String name = "c_" + type.name().toLowerCase(java.util.Locale.ROOT);
    return switch (type) {
      case BOOLEAN -> new BitVector(name, allocator);
      case INT -> new IntVector(name, allocator);
      case BIGINT -> new BigIntVector(name, allocator);
      case DOUBLE -> new Float8Vector(name, allocator);
      case DECIMAL -> new DecimalVector(name, allocator, 12, 2);
      case STRING -> new VarCharVector(name, allocator);
      case DATE -> new DateDayVector(name, allocator);
      case TIMESTAMP ->
          new TimeStampMicroTZVector(
              name,
              FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
              allocator);
    };
  }

  private static void set(FieldVector vector, ColumnType type, int i) {
    switch (type) {
      case BOOLEAN -> ((BitVector) vector).setSafe(i, i % 3 == 0 ? 1 : 0);
      case INT -> ((IntVector) vector).setSafe(i, i == 0 ? Integer.MIN_VALUE : i * 31 - 1000);
      case BIGINT -> ((BigIntVector) vector).setSafe(i, i == 0 ? Long.MAX_VALUE : i * 1_000_003L);
      case DOUBLE -> ((Float8Vector) vector).setSafe(i, i == 0 ? -0.0 : i / 3.0);
      case DECIMAL ->
          ((DecimalVector) vector).setSafe(i, BigDecimal.valueOf(i * 12_345L - 99_999_999L, 2));
      case STRING ->
          ((VarCharVector) vector).setSafe(i, string(i).getBytes(StandardCharsets.UTF_8));
      case DATE -> ((DateDayVector) vector).setSafe(i, 19_000 + i);
      case TIMESTAMP ->
          ((TimeStampMicroTZVector) vector).setSafe(i, 1_700_000_000_000_000L + i * 1_000_001L);
    }
  }

  /** Empty strings, ASCII, Chinese (3-byte UTF-8) and an emoji (4-byte UTF-8). */
  private static String string(int i) {
    return switch (i % 4) {
      case 0 -> "";
      case 1 -> "row-" + i;
      case 2 -> "北京市朝阳区" + i;
      default -> "😀 " + i;
    };
  }

  /** Every value of {@code vector} as Java objects (null for nulls), for comparisons. */
  static List<Object> values(FieldVector vector) {
    List<Object> values = new ArrayList<>(vector.getValueCount());
    for (int i = 0; i < vector.getValueCount(); i++) {
      Object value = vector.getObject(i);
      values.add(value == null ? "<null>" : value.toString());
    }
    return values;
  }

  /** A deterministic generator for test data; the seed is printed in the test's name. */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code rows} random 64-bit values without nulls: incompressible. */
  static BigIntVector randomBigInts(int rows, long seed, BufferAllocator allocator) {
    SecureRandom random = seeded(seed);
    BigIntVector vector = new BigIntVector("random", allocator);
    vector.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      vector.set(i, random.nextLong());
    }
    vector.setValueCount(rows);
    return vector;
  }

  /** {@code rows} random strings of {@code length} letters and digits, without nulls. */
  static VarCharVector randomStrings(int rows, int length, long seed, BufferAllocator allocator) {
    SecureRandom random = seeded(seed);
    byte[] alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .getBytes(StandardCharsets.US_ASCII);
    VarCharVector vector = new VarCharVector("random", allocator);
    vector.allocateNew((long) rows * length, rows);
    byte[] value = new byte[length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < length; j++) {
        value[j] = alphabet[random.nextInt(alphabet.length)];
      }
      vector.set(i, value);
    }
    vector.setValueCount(rows);
    return vector;
  }
}
