package org.elementvault.sandbox.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.elementvault.engine.dataset.ArrowColumns;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.jspecify.annotations.Nullable;

/**
 * Encodes a result as an Arrow IPC stream: the bytes sealed into the vault's results and handed to
 * clients that ask for Arrow. One record batch; column types as {@link ArrowColumns} stores them.
 */
public final class ResultCodec {

  private ResultCodec() {}

  /** The Arrow IPC stream of {@code result}. */
  public static byte[] encode(ElementResult result, BufferAllocator allocator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(result, allocator, bytes);
    return bytes.toByteArray();
  }

  /** Writes the Arrow IPC stream of {@code result} to {@code out}. */
  public static void write(ElementResult result, BufferAllocator allocator, OutputStream out) {
    List<Field> fields = new ArrayList<>();
    for (ResultColumn column : result.columns()) {
      fields.add(
          new Field(
              column.name(), FieldType.nullable(ArrowColumns.arrowType(column.type())), null));
    }
    try (VectorSchemaRoot root =
        VectorSchemaRoot.create(new Schema(fields, result.protection().toMetadata()), allocator)) {
      int rows = result.rows().size();
      for (int c = 0; c < fields.size(); c++) {
        FieldVector vector = root.getVector(c);
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        ColumnType type = result.columns().get(c).type();
        for (int r = 0; r < rows; r++) {
          set(vector, type, r, result.rows().get(r).get(c));
        }
        vector.setValueCount(rows);
      }
      root.setRowCount(rows);
      try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void set(FieldVector vector, ColumnType type, int row, @Nullable Object value) {
    if (value == null) {
      vector.setNull(row);
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
      case INT -> ((IntVector) vector).setSafe(row, (Integer) value);
      case BIGINT -> ((BigIntVector) vector).setSafe(row, (Long) value);
      case DOUBLE -> ((Float8Vector) vector).setSafe(row, (Double) value);
      case DECIMAL ->
          ((DecimalVector) vector)
              .setSafe(row, ((BigDecimal) value).setScale(type.scale(), RoundingMode.HALF_UP));
      case STRING ->
          ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
      case DATE -> ((DateDayVector) vector).setSafe(row, (int) ((LocalDate) value).toEpochDay());
      case TIMESTAMP -> {
        Instant instant = (Instant) value;
        ((TimeStampMicroTZVector) vector)
            .setSafe(row, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
      }
    }
  }
}
