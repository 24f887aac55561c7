package org.elementvault.engine.dataset;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.ChunkCache;
import org.elementvault.engine.chunk.ChunkCodec;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.chunk.ChunkSealer;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.jspecify.annotations.Nullable;

/**
 * Streams the batches of one dataset version as Arrow record batches holding only the requested
 * columns, decrypting only those (or decoding them from the vault's {@link ChunkCache}), and
 * skipping batches whose statistics exclude the predicate. Vectors are allocated from the caller's
 * allocator (its limit bounds the scan's memory).
 *
 * <p>The scan owns the current batch: {@link #next()} closes the previous one, {@link #close()} the
 * last. A scan is read on one thread, or split into {@link #parts} read on one thread each; the
 * tenant's quota counts the rows of every part.
 */
public final class DatasetScan implements AutoCloseable {

  private final VaultStore store;
  private final ChunkSealer sealer;
  private final ChunkCache cache;
  private final ChunkCodec codec;
  private final BufferAllocator allocator;
  private final Dataset dataset;
  private final DatasetVersion version;
  private final List<Integer> columns;
  private final List<ColumnRange> ranges;
  private final long rowLimit;
  private final AtomicLong rowsScanned = new AtomicLong();
  private final Part whole;

  DatasetScan(
      VaultStore store,
      ChunkSealer sealer,
      ChunkCache cache,
      Dataset dataset,
      DatasetVersion version,
      List<Integer> columns,
      List<ColumnRange> ranges,
      long rowLimit,
      BufferAllocator allocator) {
    this.store = store;
    this.sealer = sealer;
    this.cache = cache;
    this.codec = ChunkCodec.create();
    this.dataset = dataset;
    this.version = version;
    this.columns = List.copyOf(columns);
    this.ranges = List.copyOf(ranges);
    this.rowLimit = rowLimit;
    this.allocator = allocator;
    this.whole = new Part(0, 1, allocator);
  }

  /**
   * Moves to the next batch that may match; returns false at the end.
   *
   * @throws VaultException {@code RESOURCE_LIMIT} if the tenant's rows-per-job quota would be
   *     exceeded; {@code INTEGRITY} if a chunk fails to open
   */
  public boolean next() {
    return whole.next();
  }

  /**
   * Splits the batches into {@code count} parts, batch {@code i} going to part {@code i % count},
   * each reading into its own allocator, a child of this scan's, so that each part may be read on
   * its own thread (vectors are allocated and freed by the thread that reads them). Read either the
   * parts or this scan, not both. The caller closes every part before this scan.
   *
   * @throws IllegalArgumentException if {@code count} is not positive
   */
  public List<Part> parts(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a scan splits into at least 1 part, got " + count);
    }
    List<Part> parts = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        parts.add(
            new Part(i, count, allocator.newChildAllocator("scan part " + i, 0, Long.MAX_VALUE)));
      }
    } catch (RuntimeException e) {
      parts.forEach(Part::close);
      throw e;
    }
    return List.copyOf(parts);
  }

  private boolean mayMatch(BatchStats stats) {
    for (ColumnRange range : ranges) {
      int index = dataset.schema().columnIndex(range.column()).orElseThrow();
      ColumnStats column = stats.columns().get(index);
      if (!ArrowColumns.mayOverlap(column.min(), column.max(), range.low(), range.high())) {
        return false;
      }
    }
    return true;
  }

  /** The current batch, valid until the next call to {@link #next()} or {@link #close()}. */
  public VectorSchemaRoot batch() {
    return whole.batch();
  }

  /** The index of the current batch among the version's batches. */
  public int index() {
    return whole.index();
  }

  /** Rows of the batches read so far, by every part. */
  public long rowsScanned() {
    return rowsScanned.get();
  }

  /** Counts a batch of {@code rows} against the tenant's quota before it is read. */
  private void count(long rows) {
    if (rowsScanned.addAndGet(rows) > rowLimit) {
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "scan stopped: it would read more than the tenant's quota of "
              + rowLimit
              + " rows per job");
    }
  }

  @Override
  public void close() {
    whole.close();
  }

  /**
   * Every {@code step}-th batch of the scan from batch {@code first} on, in order. The part owns
   * its current batch as the scan does; a part of {@link #parts} also owns its allocator. Not
   * thread-safe: one thread reads a part.
   */
  public final class Part implements AutoCloseable {
    private final int step;
    private final BufferAllocator into;

    /**
     * Every sealed chunk is read into this one array, grown to the largest: one array per part
     * rather than one per chunk. It only ever holds ciphertext.
     */
    private byte[] sealed = new byte[0];

    private int nextBatch;
    private int index = -1;
    private @Nullable VectorSchemaRoot current;

    private Part(int first, int step, BufferAllocator into) {
      this.nextBatch = first;
      this.step = step;
      this.into = into;
    }

    /**
     * Moves to the part's next batch that may match; returns false at the end.
     *
     * @throws VaultException {@code RESOURCE_LIMIT} if the tenant's rows-per-job quota would be
     *     exceeded by every part's rows together; {@code INTEGRITY} if a chunk fails to open
     */
    public boolean next() {
      closeCurrent();
      while (nextBatch < version.batches().size()) {
        int batch = nextBatch;
        nextBatch += step;
        BatchStats stats = version.batches().get(batch);
        if (!mayMatch(stats)) {
          continue;
        }
        count(stats.rows());
        current = load(batch, stats.rows());
        index = batch;
        return true;
      }
      return false;
    }

    /** The current batch, valid until the next call to {@link #next()} or {@link #close()}. */
    public VectorSchemaRoot batch() {
      if (current == null) {
        throw new IllegalStateException("call next() first");
      }
      return current;
    }

    /** The index of the current batch among the version's batches. */
    public int index() {
      if (current == null) {
        throw new IllegalStateException("call next() first");
      }
      return index;
    }

    private VectorSchemaRoot load(int batch, int rows) {
      List<FieldVector> vectors = new ArrayList<>();
      try {
        for (int column : columns) {
          ChunkPlace place =
              new ChunkPlace(dataset.tenantId(), dataset.id(), version.number(), batch, column);
          FieldVector vector =
              cache.read(
                  place,
                  () -> sealed(place),
                  sealer,
                  codec,
                  ArrowColumns.field(dataset.schema().columns().get(column)),
                  into);
          vectors.add(vector);
          if (vector.getValueCount() != rows) {
            throw new VaultException(
                ErrorCode.INTEGRITY,
                "chunk of batch " + batch + ", column " + column + " has the wrong row count");
          }
        }
        return new VectorSchemaRoot(vectors);
      } catch (RuntimeException e) {
        vectors.forEach(FieldVector::close);
        throw e;
      }
    }

    /** The sealed chunk at {@code place}, in {@link #sealed} until the next read. */
    private ByteBuffer sealed(ChunkPlace place) {
      byte[] key = place.key();
      int length;
      while ((length = store.get(Family.DATA, key, sealed)) > sealed.length) {
        sealed = new byte[length];
      }
      if (length < 0) {
        throw new VaultException(
            ErrorCode.INTEGRITY,
            "chunk of batch " + place.batch() + ", column " + place.column() + " is missing");
      }
      return ByteBuffer.wrap(sealed, 0, length);
    }

    private void closeCurrent() {
      if (current != null) {
        current.close();
        current = null;
      }
    }

    @Override
    public void close() {
      closeCurrent();
      if (into != allocator) {
        into.close();
      }
    }
  }
}
