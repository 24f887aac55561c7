package org.elementvault.engine.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.TestingChunks.ColumnType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decrypted-chunk cache: hits, budgets and eviction, invalidation, memory, concurrency. */
class ChunkCacheTest {

  private static final String VAULT = "vault-0001";
  private static final int ROWS = 1_000;
  private static final long LARGE = 64L << 20;

  private final ChunkCodec codec = ChunkCodec.create();
  private BufferAllocator allocator;
  private FieldVector original;
  private ChunkSealer sealer;
  private final Map<ChunkPlace, byte[]> store = new HashMap<>();

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
    original = TestingChunks.column(ColumnType.BIGINT, ROWS, allocator);
    sealer = sealer(CipherSuite.GM);
  }

  /** Closing the root allocator throws if a read leaked an Arrow buffer. */
  @AfterEach
  void closeAllocator() {
    original.close();
    allocator.close();
  }

  private static ChunkSealer sealer(CipherSuite suite) {
    Primitives primitives = suite.primitives(new SecureRandom());
    return new ChunkSealer(ChunkKeys.single(primitives.aead(primitives.newKey())), VAULT);
  }

  private static ChunkPlace place(long tenant, long dataset, int batch) {
    return new ChunkPlace(tenant, dataset, 1, batch, 0);
  }

  /** Reads {@code place} through {@code cache}, sealing the original column there first. */
  private List<Object> read(ChunkCache cache, ChunkPlace place) {
    return read(cache, place, () -> sealed(place));
  }

  private List<Object> read(ChunkCache cache, ChunkPlace place, Supplier<byte[]> sealed) {
    try (FieldVector vector =
        cache.read(place, () -> ByteBuffer.wrap(sealed.get()), sealer, codec, field(), allocator)) {
      return TestingChunks.values(vector);
    }
  }

  private byte[] sealed(ChunkPlace place) {
    return store.computeIfAbsent(
        place, p -> sealer.sealVector(original, ChunkCompression.NONE, codec, p));
  }

  private Field field() {
    return original.getField();
  }

  /** The memory one cached chunk of the original column takes. */
  private long chunkBytes() {
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      var unused = read(cache, place(1, 1, 0));
      return cache.stats().bytes();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_twice_isAHitWithTheSameValues(CipherSuite suite) {
    sealer = sealer(suite);
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      List<Object> first = read(cache, place(1, 1, 0));

      List<Object> second = read(cache, place(1, 1, 0));

      assertThat(second).isEqualTo(first).isEqualTo(TestingChunks.values(original));
      assertThat(cache.stats()).extracting("hits", "misses").containsExactly(1L, 1L);
    }
  }

  @Test
  void read_hit_neverReadsTheSealedChunk() {
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      var unused = read(cache, place(1, 1, 0));

      List<Object> values =
          read(
              cache,
              place(1, 1, 0),
              () -> {
                throw new AssertionError("a hit must not touch the store");
              });

      assertThat(values).isEqualTo(TestingChunks.values(original));
    }
  }

  @Test
  void read_withTheCacheOff_keepsNothing() {
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.OFF)) {
      var unused = read(cache, place(1, 1, 0));
      unused = read(cache, place(1, 1, 0));

      assertThat(cache.stats()).isEqualTo(new ChunkCacheStats(0, 0, 0, 0, 0));
    }
  }

  @Test
  void read_overTheTotalBudget_evictsTheLeastRecentlyUsedChunk() {
    long chunk = chunkBytes();
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(2 * chunk))) {
      var unused = read(cache, place(1, 1, 0));
      unused = read(cache, place(1, 1, 1));
      unused = read(cache, place(1, 1, 0));

      unused = read(cache, place(1, 1, 2));

      assertThat(cache.stats()).extracting("entries", "evictions").containsExactly(2L, 1L);
      unused = read(cache, place(1, 1, 0));
      assertThat(cache.stats().hits()).isEqualTo(2);
      unused = read(cache, place(1, 1, 1));
      assertThat(cache.stats().misses()).isEqualTo(4);
    }
  }

  @Test
  void read_tenantOverItsShare_evictsOnlyItsOwnChunks() {
    long chunk = chunkBytes();
    try (ChunkCache cache = ChunkCache.create(new ChunkCacheBudget(4 * chunk, chunk))) {
      var unused = read(cache, place(1, 1, 0));
      unused = read(cache, place(2, 7, 0));

      unused = read(cache, place(1, 1, 1));

      unused = read(cache, place(2, 7, 0));
      assertThat(cache.stats()).extracting("hits", "evictions").containsExactly(1L, 1L);
    }
  }

  @Test
  void read_overTheTotalBudget_evictsFromTheTenantHoldingMost() {
    long chunk = chunkBytes();
    try (ChunkCache cache = ChunkCache.create(new ChunkCacheBudget(3 * chunk, 2 * chunk))) {
      var unused = read(cache, place(1, 1, 0));
      unused = read(cache, place(1, 1, 1));
      unused = read(cache, place(2, 7, 0));
      unused = read(cache, place(2, 7, 0));

      unused = read(cache, place(3, 9, 0));

      unused = read(cache, place(2, 7, 0));
      unused = read(cache, place(1, 1, 1));
      assertThat(cache.stats()).extracting("hits", "evictions").containsExactly(3L, 1L);
    }
  }

  @Test
  void read_chunkLargerThanATenantsShare_decodesButIsNotKept() {
    long chunk = chunkBytes();
    try (ChunkCache cache = ChunkCache.create(new ChunkCacheBudget(LARGE, chunk - 1))) {
      List<Object> values = read(cache, place(1, 1, 0));

      assertThat(values).isEqualTo(TestingChunks.values(original));
      assertThat(cache.stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
    }
  }

  @Test
  void invalidateDataset_dropsThatDatasetsChunksOnly() {
    long chunk = chunkBytes();
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      var unused = read(cache, place(1, 1, 0));
      unused = read(cache, place(1, 2, 0));

      cache.invalidateDataset(1, 1);

      assertThat(cache.stats()).extracting("bytes", "entries").containsExactly(chunk, 1L);
      unused = read(cache, place(1, 2, 0));
      assertThat(cache.stats().hits()).isEqualTo(1);
    }
  }

  @Test
  void invalidateTenant_returnsItsMemoryToZero() {
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      var unused = read(cache, place(1, 1, 0));
      unused = read(cache, place(1, 2, 3));

      cache.invalidateTenant(1);

      assertThat(cache.stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
    }
  }

  /** A chunk re-sealed at its place (a key rotation) is read anew once the place is invalidated. */
  @Test
  void read_afterInvalidation_opensTheStoredChunkAgain() {
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      var unused = read(cache, place(1, 1, 0));
      sealer = sealer(CipherSuite.GM);
      store.clear();

      cache.invalidateDataset(1, 1);

      assertThat(read(cache, place(1, 1, 0))).isEqualTo(TestingChunks.values(original));
      assertThat(cache.stats().misses()).isEqualTo(2);
    }
  }

  @Test
  void read_tamperedChunk_failsIntegrityAndKeepsNothing() {
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE))) {
      byte[] tampered = sealed(place(1, 1, 0)).clone();
      tampered[tampered.length - 1] ^= 1;

      assertThatThrownBy(() -> read(cache, place(1, 1, 0), () -> tampered))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "column chunk of tenant 1 dataset 1 version 1 batch 0 column 0 fails its integrity"
                  + " check (modified, truncated, moved or sealed with another key)")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.INTEGRITY);
      assertThat(cache.stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
    }
  }

  @Test
  void close_releasesEveryChunkAndLaterReadsDecryptUncached() {
    ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(LARGE));
    var unused = read(cache, place(1, 1, 0));

    cache.close();

    assertThat(cache.stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
    assertThat(read(cache, place(1, 1, 0))).isEqualTo(TestingChunks.values(original));
    assertThat(cache.stats().entries()).isZero();
  }

  /**
   * Four threads read random places of distinct columns through a cache that holds a quarter of
   * them while a fifth invalidates at random: every read returns its own place's values, and the
   * memory goes back to zero at the end. Seeded; the seed is in the assertion message.
   */
  @Test
  void read_concurrentlyWithEvictionAndInvalidation_alwaysReturnsThePlacesValues()
      throws Exception {
    long seed = 20_261_205L;
    int places = 16;
    Map<ChunkPlace, List<Object>> expected = new HashMap<>();
    for (int i = 0; i < places; i++) {
      ChunkPlace place = place(1 + i % 2, i % 4, i);
      try (FieldVector column = TestingChunks.randomBigInts(ROWS, seed + i, allocator)) {
        store.put(place, sealer.sealVector(column, ChunkCompression.NONE, codec, place));
        expected.put(place, TestingChunks.values(column));
      }
    }
    List<ChunkPlace> all = List.copyOf(expected.keySet());
    Field field = field();
    long chunk = store.values().iterator().next().length;
    AtomicInteger wrong = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try (ChunkCache cache = ChunkCache.create(ChunkCacheBudget.of(places / 4 * chunk))) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SecureRandom random = TestingChunks.seeded(seed * 31 + t);
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    ChunkPlace place = all.get(random.nextInt(all.size()));
                    try (FieldVector vector =
                        cache.read(
                            place,
                            () -> ByteBuffer.wrap(store.get(place)),
                            sealer,
                            codec,
                            field,
                            allocator)) {
                      if (!TestingChunks.values(vector).equals(expected.get(place))) {
                        wrong.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      SecureRandom random = TestingChunks.seeded(seed);
      done.add(
          threads.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  if (random.nextBoolean()) {
                    cache.invalidateTenant(1 + random.nextInt(2));
                  } else {
                    cache.invalidateDataset(1 + random.nextInt(2), random.nextInt(4));
                  }
                }
              }));
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }

      assertThat(wrong.get()).as("wrong reads, seed %d", seed).isZero();
      assertThat(cache.stats().evictions()).as("evictions, seed %d", seed).isPositive();
      cache.invalidateAll();
      assertThat(cache.stats().bytes()).isZero();
    } finally {
      threads.shutdown();
    }
  }
}
