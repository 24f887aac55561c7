package org.elementvault.engine.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
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

class ChunkSealerTest {

  private static final String VAULT = "vault-0001";
  private static final ChunkPlace PLACE = new ChunkPlace(1, 2, 3, 4, 5);
  private static final String PLACE_FAILURE =
      "column chunk of tenant 1 dataset 2 version 3 batch 4 column 5 fails its integrity check"
          + " (modified, truncated, moved or sealed with another key)";

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

  private static ChunkSealer sealer(CipherSuite suite) {
    Primitives primitives = suite.primitives(new SecureRandom());
    return new ChunkSealer(ChunkKeys.single(primitives.aead(primitives.newKey())), VAULT);
  }

  static Stream<Arguments> suitesTypesAndCompressions() {
    return Arrays.stream(CipherSuite.values())
        .flatMap(
            suite ->
                Arrays.stream(ColumnType.values())
                    .flatMap(
                        type ->
                            Arrays.stream(ChunkCompression.values())
                                .map(compression -> Arguments.of(suite, type, compression))));
  }

  @ParameterizedTest
  @MethodSource("suitesTypesAndCompressions")
  void openVector_sealedColumn_returnsSameValues(
      CipherSuite suite, ColumnType type, ChunkCompression compression) {
    ChunkSealer sealer = sealer(suite);
    try (FieldVector original = TestingChunks.column(type, 2_000, allocator)) {
      byte[] sealed = sealer.sealVector(original, compression, codec, PLACE);

      try (FieldVector opened =
          sealer.openVector(
              ByteBuffer.wrap(sealed), PLACE, codec, original.getField(), allocator)) {
        assertThat(TestingChunks.values(opened)).isEqualTo(TestingChunks.values(original));
      }
    }
  }

  /** Many segments; LZ4 is left out because Commons Compress' LZ4 encoder needs seconds here. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openVector_fullBatchOverManySegments_returnsSameValues(CipherSuite suite) {
    ChunkSealer sealer = sealer(suite);
    try (FieldVector original =
        TestingChunks.column(ColumnType.STRING, ChunkCodec.MAX_ROWS, allocator)) {
      for (ChunkCompression compression :
          new ChunkCompression[] {ChunkCompression.NONE, ChunkCompression.ZSTD}) {
        byte[] sealed = sealer.sealVector(original, compression, codec, PLACE);

        try (FieldVector opened =
            sealer.openVector(
                ByteBuffer.wrap(sealed), PLACE, codec, original.getField(), allocator)) {
          assertThat(TestingChunks.values(opened)).isEqualTo(TestingChunks.values(original));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_sealedBytes_returnsTheEncodedChunk(CipherSuite suite) {
    ChunkSealer sealer = sealer(suite);
    try (FieldVector original = TestingChunks.column(ColumnType.STRING, 30_000, allocator)) {
      byte[] encoded = codec.encode(original, ChunkCompression.NONE);

      byte[] opened = sealer.open(sealer.seal(encoded, PLACE), PLACE);

      assertThat(opened).isEqualTo(encoded);
    }
  }

  @Test
  void seal_largeChunk_isCutIntoSegmentsOf64KiB() {
    byte[] encoded = new byte[3 * ChunkSealer.SEGMENT_BYTES + 1];

    byte[] sealed = sealer(CipherSuite.INTL).seal(encoded, PLACE);

    assertThat(sealed).hasSize(ChunkSealer.HEADER_LENGTH + encoded.length + 4 * Aead.OVERHEAD);
  }

  @Test
  void open_emptyPlaintext_returnsEmpty() {
    ChunkSealer sealer = sealer(CipherSuite.INTL);

    byte[] opened = sealer.open(sealer.seal(new byte[0], PLACE), PLACE);

    assertThat(opened).isEmpty();
  }

  static Stream<Arguments> otherPlaces() {
    return Stream.of(
        Arguments.of("tenant", new ChunkPlace(9, 2, 3, 4, 5)),
        Arguments.of("dataset", new ChunkPlace(1, 9, 3, 4, 5)),
        Arguments.of("version", new ChunkPlace(1, 2, 9, 4, 5)),
        Arguments.of("batch", new ChunkPlace(1, 2, 3, 9, 5)),
        Arguments.of("column", new ChunkPlace(1, 2, 3, 4, 9)));
  }

  /** Defends invariant 2: a chunk copied to another key of the data family must not open there. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("otherPlaces")
  void openVector_chunkMovedToOtherPlace_fails(String moved, ChunkPlace other) {
    ChunkSealer sealer = sealer(CipherSuite.INTL);
    byte[] sealed;
    FieldVector original = TestingChunks.column(ColumnType.BIGINT, 100, allocator);
    try (original) {
      sealed = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
    }

    assertIntegrityFailure(
        () ->
            sealer.openVector(
                ByteBuffer.wrap(sealed), other, codec, original.getField(), allocator),
        "column chunk of "
            + ChunkMessages.describe(other)
            + " fails its integrity check (modified, truncated, moved or sealed with another"
            + " key)");
  }

  @Test
  void open_chunkOfAnotherVault_fails() {
    Primitives primitives = CipherSuite.INTL.primitives(new SecureRandom());
    Aead aead = primitives.aead(primitives.newKey());
    byte[] sealed = new ChunkSealer(ChunkKeys.single(aead), "vault-a").seal(new byte[100], PLACE);

    assertIntegrityFailure(
        () -> new ChunkSealer(ChunkKeys.single(aead), "vault-b").open(sealed, PLACE),
        PLACE_FAILURE);
  }

  @Test
  void open_chunkSealedWithAnotherKey_fails() {
    byte[] sealed = sealer(CipherSuite.INTL).seal(new byte[100], PLACE);

    assertIntegrityFailure(() -> sealer(CipherSuite.INTL).open(sealed, PLACE), PLACE_FAILURE);
  }

  @Test
  void open_chunkSealedByTheOtherSuite_fails() {
    byte[] sealed = sealer(CipherSuite.GM).seal(new byte[100], PLACE);

    assertIntegrityFailure(() -> sealer(CipherSuite.INTL).open(sealed, PLACE), PLACE_FAILURE);
  }

  static IntStream smallChunkPositions() {
    try (BufferAllocator setup = new RootAllocator();
        FieldVector column = TestingChunks.column(ColumnType.STRING, 10, setup)) {
      int encoded = ChunkCodec.create().encode(column, ChunkCompression.NONE).length;
      return IntStream.range(0, ChunkSealer.HEADER_LENGTH + encoded + Aead.OVERHEAD);
    }
  }

  /** Defends invariant 2 against Tink-style corrupted ciphertexts: every byte is covered. */
  @ParameterizedTest
  @MethodSource("smallChunkPositions")
  void openVector_anySingleByteChanged_failsIntegrity(int position) {
    ChunkSealer sealer = sealer(CipherSuite.INTL);
    FieldVector original = TestingChunks.column(ColumnType.STRING, 10, allocator);
    byte[] corrupt;
    try (original) {
      corrupt = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
    }
    corrupt[position] ^= 0x01;

    assertIntegrityFailure(
        () ->
            sealer.openVector(
                ByteBuffer.wrap(corrupt), PLACE, codec, original.getField(), allocator),
        PLACE_FAILURE);
  }

  /**
   * A whole BIGINT batch spans nine segments, seven of which lie inside the body and open straight
   * into Arrow memory; the chunk sits inside a larger direct buffer, as a reused read buffer holds
   * it.
   */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openVector_bigintBatchInsideLargerDirectBuffer_returnsSameValues(CipherSuite suite) {
    ChunkSealer sealer = sealer(suite);
    try (FieldVector original = TestingChunks.randomBigInts(ChunkCodec.MAX_ROWS, 11, allocator)) {
      byte[] sealed = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
      ByteBuffer held = ByteBuffer.allocateDirect(sealed.length + 100);
      held.position(7).put(sealed).put(new byte[93]).position(7).limit(7 + sealed.length);

      try (FieldVector opened =
          sealer.openVector(held, PLACE, codec, original.getField(), allocator)) {
        assertThat(TestingChunks.values(opened)).isEqualTo(TestingChunks.values(original));
      }
      assertThat(held.position()).isEqualTo(7);
    }
  }

  /** Byte offsets, within the sealed chunk, of segment 3's ciphertext and of its tag. */
  static IntStream interiorSegmentPositions() {
    int segment = ChunkSealer.SEGMENT_BYTES + Aead.OVERHEAD;
    int start = ChunkSealer.HEADER_LENGTH + 3 * segment;
    return IntStream.of(start + 14, start + 14 + 4_000, start + segment - 1);
  }

  /**
   * A forged segment that would open straight into the body fails the whole chunk, and the
   * partly-filled body is released (the allocator's close checks).
   */
  @ParameterizedTest
  @MethodSource("interiorSegmentPositions")
  void openVector_interiorSegmentBitFlipped_failsWithoutLeaking(int position) {
    ChunkSealer sealer = sealer(CipherSuite.INTL);
    FieldVector original = TestingChunks.randomBigInts(ChunkCodec.MAX_ROWS, 11, allocator);
    byte[] corrupt;
    try (original) {
      corrupt = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
    }
    corrupt[position] ^= 0x10;

    assertIntegrityFailure(
        () ->
            sealer.openVector(
                ByteBuffer.wrap(corrupt), PLACE, codec, original.getField(), allocator),
        PLACE_FAILURE);
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  static IntStream truncations() {
    return IntStream.of(1, 17, Aead.OVERHEAD, ChunkSealer.SEGMENT_BYTES + Aead.OVERHEAD);
  }

  @ParameterizedTest
  @MethodSource("truncations")
  void openVector_truncatedChunk_failsIntegrity(int dropped) {
    ChunkSealer sealer = sealer(CipherSuite.INTL);
    VarCharVector original = TestingChunks.randomStrings(20_000, 18, 5, allocator);
    byte[] sealed;
    try (original) {
      sealed = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
    }
    byte[] truncated = Arrays.copyOf(sealed, sealed.length - dropped);

    assertIntegrityFailure(
        () ->
            sealer.openVector(
                ByteBuffer.wrap(truncated), PLACE, codec, original.getField(), allocator),
        PLACE_FAILURE);
  }

  @Test
  void openVector_segmentsSwapped_failsIntegrity() {
    ChunkSealer sealer = sealer(CipherSuite.INTL);
    VarCharVector original = TestingChunks.randomStrings(20_000, 18, 5, allocator);
    byte[] sealed;
    try (original) {
      sealed = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
    }
    int segment = ChunkSealer.SEGMENT_BYTES + Aead.OVERHEAD;
    byte[] swapped = sealed.clone();
    System.arraycopy(
        sealed, ChunkSealer.HEADER_LENGTH, swapped, ChunkSealer.HEADER_LENGTH + segment, segment);
    System.arraycopy(
        sealed, ChunkSealer.HEADER_LENGTH + segment, swapped, ChunkSealer.HEADER_LENGTH, segment);

    assertIntegrityFailure(
        () ->
            sealer.openVector(
                ByteBuffer.wrap(swapped), PLACE, codec, original.getField(), allocator),
        PLACE_FAILURE);
  }

  /** The last segment fails only after the body was allocated and partly filled: nothing leaks. */
  @Test
  void openVector_lastSegmentCorrupt_failsWithoutLeaking() {
    ChunkSealer sealer = sealer(CipherSuite.GM);
    VarCharVector original = TestingChunks.randomStrings(20_000, 18, 5, allocator);
    byte[] sealed;
    try (original) {
      sealed = sealer.sealVector(original, ChunkCompression.NONE, codec, PLACE);
    }
    sealed[sealed.length - 1] ^= 0x01;

    assertIntegrityFailure(
        () ->
            sealer.openVector(
                ByteBuffer.wrap(sealed), PLACE, codec, original.getField(), allocator),
        PLACE_FAILURE);
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  /**
   * Chunks sealed in format 1 (no key version in the header) by the release before key rotation,
   * under the key 00 01 … 1f, at {@link #PLACE} of vault {@value #VAULT}: they still open.
   */
  private static final Map<CipherSuite, String> FORMAT_1_CHUNKS =
      Map.of(
          CipherSuite.INTL,
          "01100000000000160101ecb2714e653e75a5ae87a7d92f779d10dafe54d36b9d"
              + "e56fc182dc1ce2f5f5a06485942b4e5c33965692f34f147e8a762634",
          CipherSuite.GM,
          "011000000000001601020012795a2d4dc0a64dfa82b2c1c40ec43e16eaf2d800"
              + "53c566cdb043c50cf7f3a84282f14cf0f6945bf054f9874a4da07efa");

  private static Aead fixedKeyAead(CipherSuite suite) {
    byte[] key = new byte[KeyMaterial.LENGTH];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    return suite.primitives(new SecureRandom()).aead(KeyMaterial.copyOf(key));
  }

  /** Version 1 and 2 under the same key, so only the associated data tells them apart. */
  private static ChunkKeys twoVersionsOneKey(Aead aead, int sealing) {
    return new ChunkKeys() {
      @Override
      public int sealingVersion() {
        return sealing;
      }

      @Override
      public Aead aead(int version) {
        if (version != 1 && version != 2) {
          throw new VaultException(ErrorCode.INTEGRITY, "no key version " + version);
        }
        return aead;
      }
    };
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_format1ChunkOfAnEarlierRelease_opensUnderKeyVersion1(CipherSuite suite) {
    byte[] sealed = HexFormat.of().parseHex(FORMAT_1_CHUNKS.get(suite));
    ChunkSealer sealer = new ChunkSealer(ChunkKeys.single(fixedKeyAead(suite)), VAULT);

    byte[] opened = sealer.open(sealed, PLACE);

    assertThat(new String(opened, StandardCharsets.US_ASCII)).isEqualTo("legacy chunk plaintext");
    assertThat(ChunkSealer.keyVersion(sealed, PLACE)).isEqualTo(1);
  }

  @Test
  void seal_underKeyVersion2_headerNamesTheVersion() {
    ChunkSealer sealer =
        new ChunkSealer(twoVersionsOneKey(fixedKeyAead(CipherSuite.INTL), 2), VAULT);

    byte[] sealed = sealer.seal(new byte[100], PLACE);

    assertThat(sealed[0]).isEqualTo((byte) 2);
    assertThat(ChunkSealer.keyVersion(sealed, PLACE)).isEqualTo(2);
    assertThat(sealer.open(sealed, PLACE)).isEqualTo(new byte[100]);
  }

  /** Defends invariant 2: the key version is bound into every segment's associated data. */
  @Test
  void open_keyVersionChangedInTheHeader_failsIntegrity() {
    Aead aead = fixedKeyAead(CipherSuite.INTL);
    byte[] sealed = new ChunkSealer(twoVersionsOneKey(aead, 2), VAULT).seal(new byte[100], PLACE);
    sealed[ChunkSealer.HEADER_LENGTH - 1] = 1;

    assertIntegrityFailure(
        () -> new ChunkSealer(twoVersionsOneKey(aead, 2), VAULT).open(sealed, PLACE),
        PLACE_FAILURE);
  }

  @Test
  void open_chunkOfAKeyVersionTheKeysLack_failsIntegrity() {
    Aead aead = fixedKeyAead(CipherSuite.INTL);
    byte[] sealed = new ChunkSealer(twoVersionsOneKey(aead, 2), VAULT).seal(new byte[100], PLACE);

    assertIntegrityFailure(
        () -> new ChunkSealer(ChunkKeys.single(aead), VAULT).open(sealed, PLACE), PLACE_FAILURE);
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
