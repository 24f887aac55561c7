package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.elementvault.sandbox.protection.SubjectHash;
import org.junit.jupiter.api.Test;

class SubjectHashCacheTest {

  private static final Instant IMPORTED = Instant.parse("2026-12-05T09:00:00Z");

  private final AtomicInteger hashed = new AtomicInteger();

  private static SubjectHashCache.Key batch(int batch, int rows) {
    return new SubjectHashCache.Key(1, 7, 1, IMPORTED, new SubjectHash(3, 4), batch, rows, 100);
  }

  /** Hashes a batch, counting how often it is asked to. */
  private long[] hashAll(int rows, long seed) {
    hashed.incrementAndGet();
    long[] words = new long[2 * rows];
    java.util.Arrays.fill(words, seed);
    return words;
  }

  @Test
  void keepsWhatARunHashedForTheNextRun() {
    SubjectHashCache cache = new SubjectHashCache(1 << 20);
    var unused = cache.hashes(batch(0, 10), () -> hashAll(10, 5));

    long[] again = cache.hashes(batch(0, 10), () -> hashAll(10, 6));

    assertThat(again).containsOnly(5L);
    assertThat(hashed).hasValue(1);
  }

  @Test
  void anotherKeyIdOrImportHashesAgain() {
    SubjectHashCache cache = new SubjectHashCache(1 << 20);
    var unused = cache.hashes(batch(0, 10), () -> hashAll(10, 5));
    var rotated = new SubjectHashCache.Key(1, 7, 1, IMPORTED, new SubjectHash(3, 5), 0, 10, 100);
    var reimported =
        new SubjectHashCache.Key(1, 7, 1, IMPORTED.plusNanos(1), new SubjectHash(3, 4), 0, 10, 100);

    assertThat(cache.hashes(rotated, () -> hashAll(10, 6))).containsOnly(6L);
    assertThat(cache.hashes(reimported, () -> hashAll(10, 7))).containsOnly(7L);
  }

  @Test
  void evictsTheLeastRecentlyUsedBatchBeyondItsBudget() {
    SubjectHashCache cache = new SubjectHashCache(2 * 8 * 2000);
    var unused = cache.hashes(batch(0, 1000), () -> hashAll(1000, 1));
    unused = cache.hashes(batch(1, 1000), () -> hashAll(1000, 1));
    unused = cache.hashes(batch(0, 1000), () -> hashAll(1000, 1)); // batch 1 is now the oldest

    unused = cache.hashes(batch(2, 1000), () -> hashAll(1000, 1));

    assertThat(cache.holds(batch(0, 1000))).isTrue();
    assertThat(cache.holds(batch(1, 1000))).isFalse();
    assertThat(cache.holds(batch(2, 1000))).isTrue();
    assertThat(cache.bytes()).isEqualTo(2 * 8 * 2000);
  }

  @Test
  void doesNotKeepABatchLargerThanItsBudget() {
    SubjectHashCache cache = new SubjectHashCache(1024);

    var unused = cache.hashes(batch(0, 1000), () -> hashAll(1000, 1));

    assertThat(cache.batches()).isZero();
  }
}
