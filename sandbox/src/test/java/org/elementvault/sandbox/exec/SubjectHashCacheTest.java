package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.elementvault.sandbox.protection.SubjectHash;
import org.junit.jupiter.api.Test;

class SubjectHashCacheTest {

  private static final Instant IMPORTED = Instant.parse("2026-12-05T09:00:00Z");

  private static SubjectHashCache.Key batch(int batch, int rows) {
    return new SubjectHashCache.Key(1, 7, 1, IMPORTED, new SubjectHash(3, 4), batch, rows, 100);
  }

  @Test
  void keepsWhatARunHashedForTheNextRun() {
    SubjectHashCache cache = new SubjectHashCache(1 << 20);
    cache.hashes(batch(0, 10)).put(4, new SubjectHash(5, 6));

    SubjectHashCache.Hashes again = cache.hashes(batch(0, 10));

    assertThat(again.get(4)).isEqualTo(new SubjectHash(5, 6));
    assertThat(again.get(5)).isNull();
  }

  @Test
  void anotherKeyIdOrImportFindsNothing() {
    SubjectHashCache cache = new SubjectHashCache(1 << 20);
    cache.hashes(batch(0, 10)).put(4, new SubjectHash(5, 6));
    var rotated = new SubjectHashCache.Key(1, 7, 1, IMPORTED, new SubjectHash(3, 5), 0, 10, 100);
    var reimported =
        new SubjectHashCache.Key(1, 7, 1, IMPORTED.plusNanos(1), new SubjectHash(3, 4), 0, 10, 100);

    assertThat(cache.hashes(rotated).get(4)).isNull();
    assertThat(cache.hashes(reimported).get(4)).isNull();
  }

  @Test
  void evictsTheLeastRecentlyUsedBatchBeyondItsBudget() {
    long oneBatch = new SubjectHashCache.Hashes(1000).bytes();
    SubjectHashCache cache = new SubjectHashCache(2 * oneBatch);
    var unused = cache.hashes(batch(0, 1000));
    unused = cache.hashes(batch(1, 1000));
    unused = cache.hashes(batch(0, 1000)); // batch 1 is now the least recently used

    unused = cache.hashes(batch(2, 1000));

    assertThat(cache.holds(batch(0, 1000))).isTrue();
    assertThat(cache.holds(batch(1, 1000))).isFalse();
    assertThat(cache.holds(batch(2, 1000))).isTrue();
    assertThat(cache.bytes()).isEqualTo(2 * oneBatch);
  }

  @Test
  void doesNotKeepABatchLargerThanItsBudget() {
    SubjectHashCache cache = new SubjectHashCache(1024);

    cache.hashes(batch(0, 1000)).put(1, new SubjectHash(1, 2));

    assertThat(cache.batches()).isZero();
    assertThat(cache.hashes(batch(0, 1000)).get(1)).isNull();
  }
}
