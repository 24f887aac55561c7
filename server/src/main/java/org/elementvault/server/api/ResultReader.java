package org.elementvault.server.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.jspecify.annotations.Nullable;

/**
 * Reads back the Arrow IPC stream a job released (as the sandbox's {@code ResultCodec} wrote it)
 * into the values its run returned.
 */
final class ResultReader {

  /** Released results are at most 64 MiB; decoding one needs about as much again. */
  private static final long MEMORY = 256L << 20;

  private ResultReader() {}

  static ElementResult read(byte[] arrowStream) {
    try (BufferAllocator allocator = new RootAllocator(MEMORY);
        ArrowStreamReader reader =
            new ArrowStreamReader(new ByteArrayInputStream(arrowStream), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<ResultColumn> columns = new ArrayList<>();
      for (Field field : root.getSchema().getFields()) {
        columns.add(new ResultColumn(field.getName(), type(field.getType())));
      }
      List<List<@Nullable Object>> rows = new ArrayList<>();
      while (reader.loadNextBatch()) {
        for (int r = 0; r < root.getRowCount(); r++) {
          List<@Nullable Object> row = new ArrayList<>(columns.size());
          for (int c = 0; c < columns.size(); c++) {
            row.add(value(root.getVector(c), r));
          }
          rows.add(row);
        }
      }
      Map<String, String> metadata = root.getSchema().getCustomMetadata();
      ReleaseProtection protection =
          ReleaseProtection.fromMetadata(
              metadata == null ? Map.of() : metadata,
              columns.stream().map(ResultColumn::name).toList());
      return new ElementResult(columns, rows, protection, Optional.empty());
    } catch (IOException | RuntimeException e) {
      throw new VaultException(ErrorCode.INTEGRITY, "a released result is not readable", e);
    }
  }

  private static ColumnType type(ArrowType type) {
    if (type instanceof ArrowType.Bool) {
      return ColumnType.BOOLEAN;
    }
    if (type instanceof ArrowType.Int integer) {
      return integer.getBitWidth() == Long.SIZE ? ColumnType.BIGINT : ColumnType.INT;
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return ColumnType.DOUBLE;
    }
    if (type instanceof ArrowType.Decimal decimal) {
      return ColumnType.decimal(decimal.getPrecision(), decimal.getScale());
    }
    if (type instanceof ArrowType.Utf8) {
      return ColumnType.STRING;
    }
    if (type instanceof ArrowType.Date) {
      return ColumnType.DATE;
    }
    if (type instanceof ArrowType.Timestamp) {
      return ColumnType.TIMESTAMP;
    }
    throw new IllegalArgumentException("unexpected Arrow type in a result");
  }

  private static @Nullable Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof BitVector bits) {
      return bits.get(row) != 0;
    }
    if (vector instanceof IntVector ints) {
      return ints.get(row);
    }
    if (vector instanceof BigIntVector longs) {
      return longs.get(row);
    }
    if (vector instanceof Float8Vector doubles) {
      return doubles.get(row);
    }
    if (vector instanceof DecimalVector decimals) {
      return decimals.getObject(row);
    }
    if (vector instanceof VarCharVector strings) {
      return new String(strings.get(row), StandardCharsets.UTF_8);
    }
    if (vector instanceof DateDayVector days) {
      return LocalDate.ofEpochDay(days.get(row));
    }
    if (vector instanceof TimeStampMicroTZVector micros) {
      long value = micros.get(row);
      return Instant.ofEpochSecond(
          Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L);
    }
    throw new IllegalArgumentException("unexpected Arrow vector in a result");
  }
}
