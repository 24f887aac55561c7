package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.sandbox.protection.SubjectHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchCacheTest {

  private static final Instant IMPORTED = Instant.parse("2026-12-05T09:00:00Z");
  private static final SubjectHash KEY_ID = new SubjectHash(3, 4);

  private final AtomicInteger derived = new AtomicInteger();
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  private static BatchCache.Key hashes(int batch, int rows) {
    return new BatchCache.Key(
        new BatchCache.Batch(1, 7, 1, IMPORTED, batch, rows), "id_card", 100, KEY_ID);
  }

  /** Hashes a batch, counting how often it is asked to. */
  private long[] hashAll(int rows, long seed) {
    derived.incrementAndGet();
    long[] words = new long[2 * rows];
    Arrays.fill(words, seed);
    return words;
  }

  @Test
  void keepsWhatARunHashedForTheNextRun() {
    BatchCache cache = new BatchCache(1 << 20);
    var unused = cache.subjectHashes(hashes(0, 10), () -> hashAll(10, 5));

    long[] again = cache.subjectHashes(hashes(0, 10), () -> hashAll(10, 6));

    assertThat(again).containsOnly(5L);
    assertThat(derived).hasValue(1);
  }

  @Test
  void anotherKeyIdOrImportHashesAgain() {
    BatchCache cache = new BatchCache(1 << 20);
    var unused = cache.subjectHashes(hashes(0, 10), () -> hashAll(10, 5));
    var batch = new BatchCache.Batch(1, 7, 1, IMPORTED, 0, 10);
    var rotated = new BatchCache.Key(batch, "id_card", 100, new SubjectHash(3, 5));
    var reimported =
        new BatchCache.Key(
            new BatchCache.Batch(1, 7, 1, IMPORTED.plusNanos(1), 0, 10), "id_card", 100, KEY_ID);

    assertThat(cache.subjectHashes(rotated, () -> hashAll(10, 6))).containsOnly(6L);
    assertThat(cache.subjectHashes(reimported, () -> hashAll(10, 7))).containsOnly(7L);
  }

  @Test
  void evictsTheLeastRecentlyUsedEntryBeyondItsBudget() {
    BatchCache cache = new BatchCache(2 * 8 * 2000);
    var unused = cache.subjectHashes(hashes(0, 1000), () -> hashAll(1000, 1));
    unused = cache.subjectHashes(hashes(1, 1000), () -> hashAll(1000, 1));
    unused = cache.subjectHashes(hashes(0, 1000), () -> hashAll(1000, 1)); // 1 is now the oldest

    unused = cache.subjectHashes(hashes(2, 1000), () -> hashAll(1000, 1));

    assertThat(cache.holds(hashes(0, 1000))).isTrue();
    assertThat(cache.holds(hashes(1, 1000))).isFalse();
    assertThat(cache.holds(hashes(2, 1000))).isTrue();
    assertThat(cache.bytes()).isEqualTo(2 * 8 * 2000);
  }

  @Test
  void doesNotKeepAnEntryLargerThanItsBudget() {
    BatchCache cache = new BatchCache(1024);

    var unused = cache.subjectHashes(hashes(0, 1000), () -> hashAll(1000, 1));

    assertThat(cache.entries()).isZero();
  }

  @Test
  void refusesHashesWithoutAKeyIdAndCodesWithOne() {
    BatchCache cache = new BatchCache(1 << 20);
    var batch = new BatchCache.Batch(1, 7, 1, IMPORTED, 0, 10);

    assertThatThrownBy(
            () ->
                cache.subjectHashes(
                    new BatchCache.Key(batch, "id_card", 100, null), () -> hashAll(10, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.codes(hashes(0, 10), () -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void codesNumberValuesInOrderOfFirstAppearanceWithTheirFirstRows() {
    try (VarCharVector districts = new VarCharVector("district", allocator)) {
      String[] values = {"东城", "西城", null, "东城", "海淀", "西城"};
      for (int row = 0; row < values.length; row++) {
        if (values[row] == null) {
          districts.setNull(row);
        } else {
          districts.setSafe(row, values[row].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      districts.setValueCount(values.length);

      BatchCodes codes = BatchCodes.of(Column.of(districts));

      assertThat(codes.rows()).isEqualTo(6);
      assertThat(codes.distinct()).isEqualTo(3);
      assertThat(new int[] {codes.code(0), codes.code(1), codes.code(2), codes.code(3)})
          .containsExactly(0, 1, BatchCodes.NULL, 0);
      assertThat(new int[] {codes.code(4), codes.code(5)}).containsExactly(2, 1);
      assertThat(new int[] {codes.firstRow(0), codes.firstRow(1), codes.firstRow(2)})
          .containsExactly(0, 1, 4);
    }
  }
}
