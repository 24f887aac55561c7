package org.elementvault.engine.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.TestingChunks.ColumnType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkCodecTest {

  private final ChunkCodec codec = ChunkCodec.create();
  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  /** Closing the root allocator throws if any test leaked an Arrow buffer. */
  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  static Stream<Arguments> typesAndCompressions() {
    return Arrays.stream(ColumnType.values())
        .flatMap(
            type ->
                Arrays.stream(ChunkCompression.values())
                    .map(compression -> Arguments.of(type, compression)));
  }

  @ParameterizedTest
  @MethodSource("typesAndCompressions")
  void decode_encodedColumn_returnsSameValues(ColumnType type, ChunkCompression compression) {
    try (FieldVector original = TestingChunks.column(type, 1_000, allocator)) {
      byte[] encoded = codec.encode(original, compression);

      try (FieldVector decoded = codec.decode(encoded, original.getField(), allocator)) {
        assertThat(decoded.getField()).isEqualTo(original.getField());
        assertThat(decoded.getNullCount()).isEqualTo(original.getNullCount());
        assertThat(TestingChunks.values(decoded)).isEqualTo(TestingChunks.values(original));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("typesAndCompressions")
  void decode_emptyColumn_returnsNoRows(ColumnType type, ChunkCompression compression) {
    try (FieldVector original = TestingChunks.column(type, 0, allocator)) {
      byte[] encoded = codec.encode(original, compression);

      try (FieldVector decoded = codec.decode(encoded, original.getField(), allocator)) {
        assertThat(decoded.getValueCount()).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkCompression.class)
  void decode_fullBatchOfStrings_returnsSameValues(ChunkCompression compression) {
    try (VarCharVector original =
        TestingChunks.randomStrings(ChunkCodec.MAX_ROWS, 18, 7, allocator)) {
      byte[] encoded = codec.encode(original, compression);

      try (FieldVector decoded = codec.decode(encoded, original.getField(), allocator)) {
        assertThat(TestingChunks.values(decoded)).isEqualTo(TestingChunks.values(original));
      }
    }
  }

  @Test
  void encode_incompressibleColumn_isStoredUncompressed() {
    try (BigIntVector original = TestingChunks.randomBigInts(10_000, 11, allocator)) {
      byte[] encoded = codec.encode(original, ChunkCompression.ZSTD);

      assertThat(encoded[5]).isEqualTo(ChunkCompression.NONE.id());
    }
  }

  @Test
  void encode_compressibleColumn_recordsTheCompression() {
    try (FieldVector original = TestingChunks.column(ColumnType.STRING, 10_000, allocator)) {
      byte[] encoded = codec.encode(original, ChunkCompression.LZ4_FRAME);

      assertThat(encoded[5]).isEqualTo(ChunkCompression.LZ4_FRAME.id());
    }
  }

  @Test
  void encode_storedColumn_holdsNoColumnName() {
    try (FieldVector original = TestingChunks.column(ColumnType.BIGINT, 10, allocator)) {
      byte[] encoded = codec.encode(original, ChunkCompression.NONE);

      assertThat(new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(original.getName());
    }
  }

  @Test
  void encode_moreRowsThanABatch_isRefused() {
    try (IntVector vector = new IntVector("n", allocator)) {
      vector.allocateNew(ChunkCodec.MAX_ROWS + 1);
      vector.setValueCount(ChunkCodec.MAX_ROWS + 1);

      assertThatThrownBy(() -> codec.encode(vector, ChunkCompression.NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a chunk holds at most 65536 rows, got 65537");
    }
  }

  @Test
  void encode_unsupportedType_isRefused() {
    try (SmallIntVector vector = new SmallIntVector("n", allocator)) {
      vector.allocateNew(1);
      vector.setValueCount(1);

      assertThatThrownBy(() -> codec.encode(vector, ChunkCompression.NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("column chunks cannot hold type Int(16, true)");
    }
  }

  @Test
  void encode_bodyOverTheLimit_isRefused() {
    ChunkCodec small = ChunkCodec.withMaxBodyBytes(4096);
    try (VarCharVector vector = TestingChunks.randomStrings(1_000, 18, 3, allocator)) {

      assertThatThrownBy(() -> small.encode(vector, ChunkCompression.ZSTD))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "column chunk body of 22136 bytes exceeds the limit of 4096 bytes; use smaller"
                  + " batches")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.RESOURCE_LIMIT);
    }
  }

  @Test
  void decode_otherTypeThanStored_failsIntegrity() {
    byte[] encoded = encodedBigInts(10, ChunkCompression.NONE);
    Field asInt = new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null);

    assertIntegrityFailure(
        () -> codec.decode(encoded, asInt, allocator),
        "column chunk is malformed: it holds type Int(64, true) where Int(32, true) is expected");
  }

  @Test
  void decode_headerClaimingTooManyRows_failsBeforeAllocating() {
    byte[] encoded = encodedBigInts(10, ChunkCompression.NONE);
    ByteBuffer.wrap(encoded).putInt(8, -1);

    assertIntegrityFailure(
        () -> codec.decode(encoded, bigIntField(), allocator),
        "column chunk is malformed: it declares 4294967295 rows; at most 65536 are allowed");
  }

  @Test
  void decode_messageClaimingHugeMetadata_failsBeforeAllocating() {
    byte[] encoded = encodedBigInts(10, ChunkCompression.NONE);
    ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).putInt(16, Integer.MAX_VALUE);

    assertIntegrityFailure(
        () -> codec.decode(encoded, bigIntField(), allocator),
        "column chunk is malformed: the schema message declares 2147483647 metadata bytes; 1 to"
            + " 8192 are allowed");
  }

  @Test
  void decode_batchClaimingHugeBody_failsBeforeAllocating() {
    byte[] encoded = encodedBigInts(8, ChunkCompression.NONE);
    int metadataStart = batchMetadataStart(encoded);
    int at = indexOfLong(encoded, metadataStart, bodyStart(encoded), 72);
    ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 1L << 40);

    assertIntegrityFailure(
        () -> codec.decode(encoded, bigIntField(), allocator),
        "column chunk is malformed: its body declares 1099511627776 bytes; at most 67108864 are"
            + " allowed");
  }

  @Test
  void decode_compressedBufferClaimingHugeLength_failsBeforeAllocating() {
    FieldVector original = TestingChunks.column(ColumnType.STRING, 1_000, allocator);
    byte[] encoded;
    try (original) {
      encoded = codec.encode(original, ChunkCompression.ZSTD);
    }
    int validityPrefix = bodyStart(encoded);
    ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).putLong(validityPrefix, 1L << 40);

    assertIntegrityFailure(
        () -> codec.decode(encoded, original.getField(), allocator),
        "column chunk is malformed: buffer 0 declares 1099511627776 uncompressed bytes; at most"
            + " 67108864 are allowed");
  }

  @Test
  void decode_compressedBufferClaimingWrongLength_failsCleanly() {
    FieldVector original = TestingChunks.column(ColumnType.STRING, 1_000, allocator);
    byte[] encoded;
    try (original) {
      encoded = codec.encode(original, ChunkCompression.ZSTD);
    }
    int validityPrefix = bodyStart(encoded);
    ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).putLong(validityPrefix, 4096);

    assertIntegrityFailure(
        () -> codec.decode(encoded, original.getField(), allocator),
        "column chunk is malformed: buffer 0 does not decompress");
  }

  @Test
  void decode_lz4BufferClaimingWrongLength_failsCleanly() {
    FieldVector original = TestingChunks.column(ColumnType.STRING, 1_000, allocator);
    byte[] encoded;
    try (original) {
      encoded = codec.encode(original, ChunkCompression.LZ4_FRAME);
    }
    int validityPrefix = bodyStart(encoded);
    ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).putLong(validityPrefix, 4096);

    assertIntegrityFailure(
        () -> codec.decode(encoded, original.getField(), allocator),
        "column chunk is malformed: buffer 0 does not decompress to its declared length");
  }

  static IntStream truncatedLengths() {
    return IntStream.of(0, 1, 11, 12, 20, 100, 200, 300);
  }

  @ParameterizedTest
  @MethodSource("truncatedLengths")
  void decode_truncatedChunk_failsIntegrity(int length) {
    byte[] encoded = encodedBigInts(20, ChunkCompression.NONE);
    byte[] truncated = Arrays.copyOf(encoded, Math.min(length, encoded.length - 1));

    assertThatThrownBy(() -> codec.decode(truncated, bigIntField(), allocator))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("column chunk is malformed: ")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void decode_trailingBytes_failsIntegrity() {
    byte[] encoded = encodedBigInts(20, ChunkCompression.NONE);
    byte[] extended = Arrays.copyOf(encoded, encoded.length + 1);

    assertIntegrityFailure(
        () -> codec.decode(extended, bigIntField(), allocator),
        "column chunk is malformed: 1 bytes follow the end of stream");
  }

  static Stream<Arguments> corruptionCases() {
    return Stream.of(ChunkCompression.values())
        .flatMap(
            compression ->
                Stream.of(ColumnType.BIGINT, ColumnType.STRING)
                    .map(type -> Arguments.of(type, compression)));
  }

  /**
   * Without a seal a changed byte may still decode to other values; what must never happen is a
   * crash, another exception type, or a leaked buffer, whichever byte is changed.
   */
  @ParameterizedTest
  @MethodSource("corruptionCases")
  void decode_anySingleByteChanged_failsCleanlyOrDecodesWellFormed(
      ColumnType type, ChunkCompression compression) {
    FieldVector original = TestingChunks.column(type, 40, allocator);
    byte[] encoded;
    try (original) {
      encoded = codec.encode(original, compression);
    }
    for (int position = 0; position < encoded.length; position++) {
      for (int flip : new int[] {0x01, 0x80, 0xFF}) {
        byte[] corrupt = encoded.clone();
        corrupt[position] ^= (byte) flip;
        try (FieldVector decoded = codec.decode(corrupt, original.getField(), allocator)) {
          assertThat(decoded.getValueCount()).isLessThanOrEqualTo(ChunkCodec.MAX_ROWS);
          var unused = TestingChunks.values(decoded);
        } catch (VaultException e) {
          assertThat(e.code()).as("position %d", position).isEqualTo(ErrorCode.INTEGRITY);
        }
      }
    }
  }

  @Test
  void decode_stringOffsetsRunningBackwards_failIntegrity() {
    byte[] encoded;
    Field field;
    try (VarCharVector strings = new VarCharVector("c_string", allocator)) {
      for (int row = 0; row < 3; row++) {
        strings.setSafe(row, "ab".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      strings.setValueCount(3);
      field = strings.getField();
      encoded = codec.encode(strings, ChunkCompression.NONE);
    }
    // The offsets 0, 2, 4, 6 in the body: make the third 1.
    ByteBuffer bytes = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
    int offsets = -1;
    for (int i = bodyStart(encoded); i + 16 <= encoded.length && offsets < 0; i += 4) {
      if (bytes.getInt(i) == 0
          && bytes.getInt(i + 4) == 2
          && bytes.getInt(i + 8) == 4
          && bytes.getInt(i + 12) == 6) {
        offsets = i;
      }
    }
    assertThat(offsets).isNotNegative();
    bytes.putInt(offsets + 8, 1);

    assertIntegrityFailure(
        () -> codec.decode(encoded, field, allocator),
        "column chunk is malformed: string offsets decrease at row 1");
  }

  private byte[] encodedBigInts(int rows, ChunkCompression compression) {
    try (FieldVector original = TestingChunks.column(ColumnType.BIGINT, rows, allocator)) {
      return codec.encode(original, compression);
    }
  }

  private static Field bigIntField() {
    return new Field("c_bigint", FieldType.nullable(new ArrowType.Int(64, true)), null);
  }

  /** Offset of the record batch's flatbuffer metadata: after the header and the schema message. */
  private static int batchMetadataStart(byte[] encoded) {
    ByteBuffer bytes = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
    int schemaLength = bytes.getInt(ChunkCodec.HEADER_LENGTH + 4);
    return ChunkCodec.HEADER_LENGTH + 8 + schemaLength + 8;
  }

  private static int bodyStart(byte[] encoded) {
    int metadataStart = batchMetadataStart(encoded);
    int batchLength =
        ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).getInt(metadataStart - 4);
    return metadataStart + batchLength;
  }

  private static int indexOfLong(byte[] bytes, int from, int to, long value) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i + 8 <= to; i++) {
      if (buffer.getLong(i) == value) {
        return i;
      }
    }
    throw new AssertionError("value " + value + " not found");
  }

  private static void assertIntegrityFailure(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(VaultException.class)
        .hasMessage(message)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }
}
