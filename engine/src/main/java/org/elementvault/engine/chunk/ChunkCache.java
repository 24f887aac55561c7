package org.elementvault.engine.chunk;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.rounding.SegmentRoundingPolicy;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, in-memory cache of opened (decrypted, still encoded) column chunks keyed by their
 * {@link ChunkPlace}, so that a warm scan decodes without decrypting again: it matters most for the
 * GM suite, whose SM4 opens chunks many times slower than AES-GCM.
 *
 * <h2>What it protects and what not</h2>
 *
 * <p>Plaintext lives only in off-heap memory of the cache's own allocator: never on disk, never in
 * a log, never on the Java heap beyond the segments being opened. Every buffer is zeroed before its
 * memory is released (on eviction, invalidation or {@link #close()}). A cached chunk was
 * authenticated when it was opened; a chunk changed in the store afterwards is not noticed until
 * its entry goes, so every change of what a place holds or who may read it must invalidate: a
 * dataset's drop, classification change or key rotation ({@link #invalidateDataset}), a tenant's
 * suspension or exit or key rotation ({@link #invalidateTenant}), the vault's close. Places carry
 * ids that a later dataset may reuse, which is one more reason a drop must invalidate.
 *
 * <h2>Budget and eviction</h2>
 *
 * <p>Each tenant's chunks are kept in least-recently-used order. A new chunk first pushes out its
 * own tenant's oldest chunks until the tenant is within {@link ChunkCacheBudget#tenantBytes()},
 * then the oldest chunks of whichever tenant holds most until all are within {@link
 * ChunkCacheBudget#totalBytes()}. A chunk larger than a tenant's share is not kept.
 *
 * <p>Thread-safe: scans on many threads read through one cache. A chunk being decoded is pinned, so
 * an eviction meanwhile releases its memory only once the reader is done.
 */
public final class ChunkCache implements AutoCloseable {

  private final ChunkCacheBudget budget;
  private final BufferAllocator allocator;
  private final Map<Long, Shard> shards = new HashMap<>();
  private long bytes;
  private long entries;
  private long hits;
  private long misses;
  private long evictions;
  private int opening;

  /** Counts invalidations: a chunk opened before one is not kept, since it may be stale. */
  private long generation;

  private boolean closed;

  private ChunkCache(ChunkCacheBudget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    // Allocations are rounded to whole segments, not to powers of two, so the budget is the memory.
    this.allocator =
        new RootAllocator(
            AllocationListener.NOOP,
            Long.MAX_VALUE,
            new SegmentRoundingPolicy(SegmentRoundingPolicy.MIN_SEGMENT_SIZE));
  }

  /** A cache within {@code budget}; the caller closes it. */
  public static ChunkCache create(ChunkCacheBudget budget) {
    return new ChunkCache(budget);
  }

  /**
   * Decodes the chunk at {@code place} into a new vector for {@code field} from {@code into}: from
   * the cache if it holds the chunk, otherwise by opening {@code sealed} with {@code sealer} and
   * keeping the plaintext if the budget allows. The caller owns the returned vector.
   *
   * @param sealed supplies the sealed chunk (between its position and limit, only read); called
   *     only on a miss
   * @throws VaultException {@code INTEGRITY} if the chunk does not open at this place under this
   *     key or does not decode as {@code field}; {@code RESOURCE_LIMIT} if {@code into} runs out
   */
  public FieldVector read(
      ChunkPlace place,
      Supplier<ByteBuffer> sealed,
      ChunkSealer sealer,
      ChunkCodec codec,
      Field field,
      BufferAllocator into) {
    if (!budget.isOn()) {
      return sealer.openVector(sealed.get(), place, codec, field, into);
    }
    Entry entry = pin(place);
    if (entry == null) {
      ByteBuffer chunk = sealed.get();
      entry = open(place, chunk, sealer);
      if (entry == null) {
        return sealer.openVector(chunk, place, codec, field, into);
      }
    }
    try {
      return codec.decode(ChunkInput.of(entry.plaintext), field, into);
    } catch (VaultException e) {
      // An authenticated chunk that does not decode as its column is not kept.
      invalidate(entry);
      throw e.code() == ErrorCode.INTEGRITY ? ChunkMessages.failsIntegrity(place, e) : e;
    } finally {
      unpin(entry);
    }
  }

  /** How much memory the cache may hold. */
  public ChunkCacheBudget budget() {
    return budget;
  }

  /** Drops every chunk of tenant {@code tenantId}. */
  public synchronized void invalidateTenant(long tenantId) {
    generation++;
    Shard shard = shards.remove(tenantId);
    if (shard != null) {
      for (Entry entry : shard.entries.values()) {
        remove(entry);
      }
    }
  }

  /** Drops every chunk of every version of dataset {@code datasetId} of tenant {@code tenantId}. */
  public synchronized void invalidateDataset(long tenantId, long datasetId) {
    generation++;
    Shard shard = shards.get(tenantId);
    if (shard == null) {
      return;
    }
    Iterator<Entry> it = shard.entries.values().iterator();
    while (it.hasNext()) {
      Entry entry = it.next();
      if (entry.place.datasetId() == datasetId) {
        it.remove();
        shard.bytes -= entry.bytes;
        remove(entry);
      }
    }
    dropIfEmpty(shard);
  }

  /** Drops every chunk of every tenant. */
  public synchronized void invalidateAll() {
    generation++;
    for (Shard shard : shards.values()) {
      for (Entry entry : shard.entries.values()) {
        remove(entry);
      }
    }
    shards.clear();
  }

  /** The counters now. */
  public synchronized ChunkCacheStats stats() {
    return new ChunkCacheStats(allocator.getAllocatedMemory(), entries, hits, misses, evictions);
  }

  /**
   * Zeroes and releases every chunk; reads still decoding finish first, later reads decrypt and
   * keep nothing.
   */
  @Override
  public synchronized void close() {
    closed = true;
    invalidateAll();
    closeAllocatorIfIdle();
  }

  private synchronized @Nullable Entry pin(ChunkPlace place) {
    Shard shard = shards.get(place.tenantId());
    Entry entry = shard == null ? null : shard.entries.get(place);
    if (entry == null) {
      misses++;
      return null;
    }
    hits++;
    entry.pins++;
    return entry;
  }

  /**
   * Opens the chunk into the cache's memory and admits it, pinned; null if it cannot be held (the
   * cache is closed, or out of memory), when the caller decrypts without the cache. Opening runs
   * outside the lock so that scans on several threads decrypt in parallel.
   */
  private @Nullable Entry open(ChunkPlace place, ByteBuffer sealed, ChunkSealer sealer) {
    long openedIn;
    synchronized (this) {
      if (closed) {
        return null;
      }
      opening++;
      openedIn = generation;
    }
    ArrowBuf plaintext;
    try {
      plaintext = sealer.openToBuffer(sealed, place, allocator);
    } catch (OutOfMemoryException e) {
      synchronized (this) {
        opening--;
        closeAllocatorIfIdle();
      }
      return null;
    } catch (RuntimeException e) {
      synchronized (this) {
        opening--;
        closeAllocatorIfIdle();
      }
      throw e;
    }
    return admit(new Entry(place, plaintext), openedIn);
  }

  /**
   * Keeps {@code entry}, opened in generation {@code openedIn}, if no invalidation came since and
   * it fits the budget, evicting as needed; returns it pinned either way.
   */
  private synchronized Entry admit(Entry entry, long openedIn) {
    opening--;
    entry.pins = 1;
    Shard held = shards.get(entry.place.tenantId());
    if (closed
        || openedIn != generation
        || entry.bytes > budget.tenantBytes()
        || (held != null && held.entries.containsKey(entry.place))) {
      return entry;
    }
    while (held != null && held.bytes + entry.bytes > budget.tenantBytes()) {
      evictEldest(held);
      held = shards.get(entry.place.tenantId());
    }
    while (bytes + entry.bytes > budget.totalBytes()) {
      evictEldest(largestShard());
    }
    Shard shard = shards.computeIfAbsent(entry.place.tenantId(), id -> new Shard());
    shard.entries.put(entry.place, entry);
    shard.bytes += entry.bytes;
    entry.resident = true;
    entries++;
    bytes += entry.bytes;
    return entry;
  }

  private synchronized void unpin(Entry entry) {
    entry.pins--;
    if (entry.pins == 0 && !entry.resident) {
      release(entry);
    }
  }

  /** Removes one entry (if still held) from its shard and releases it once unpinned. */
  private synchronized void invalidate(Entry entry) {
    Shard shard = shards.get(entry.place.tenantId());
    if (shard != null && shard.entries.get(entry.place) == entry) {
      shard.entries.remove(entry.place);
      shard.bytes -= entry.bytes;
      remove(entry);
      dropIfEmpty(shard);
    }
  }

  private void evictEldest(Shard shard) {
    Iterator<Entry> it = shard.entries.values().iterator();
    Entry eldest = it.next();
    it.remove();
    shard.bytes -= eldest.bytes;
    evictions++;
    remove(eldest);
    dropIfEmpty(shard);
  }

  private Shard largestShard() {
    @Nullable Shard largest = null;
    for (Shard shard : shards.values()) {
      if (largest == null || shard.bytes > largest.bytes) {
        largest = shard;
      }
    }
    return Objects.requireNonNull(largest, "over budget with nothing to evict");
  }

  /** Takes an entry its shard no longer holds out of the counts; frees it unless pinned. */
  private void remove(Entry entry) {
    entry.resident = false;
    entries--;
    bytes -= entry.bytes;
    if (entry.pins == 0) {
      release(entry);
    }
  }

  private void release(Entry entry) {
    entry.plaintext.setZero(0, entry.plaintext.capacity());
    entry.plaintext.close();
    closeAllocatorIfIdle();
  }

  private void closeAllocatorIfIdle() {
    if (closed && opening == 0 && allocator.getAllocatedMemory() == 0) {
      allocator.close();
    }
  }

  private void dropIfEmpty(Shard shard) {
    if (shard.entries.isEmpty()) {
      shards.values().remove(shard);
    }
  }

  /** One tenant's chunks in least-recently-used order, and their bytes. */
  private static final class Shard {
    final LinkedHashMap<ChunkPlace, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    long bytes;
  }

  /** One opened chunk; the counts are guarded by the cache's lock. */
  private static final class Entry {
    final ChunkPlace place;
    final ArrowBuf plaintext;
    final long bytes;
    int pins;
    boolean resident;

    Entry(ChunkPlace place, ArrowBuf plaintext) {
      this.place = place;
      this.plaintext = plaintext;
      this.bytes = plaintext.getActualMemoryConsumed();
    }
  }
}
