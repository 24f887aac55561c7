package org.elementvault.engine.dataset;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.ChunkCodec;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.chunk.ChunkSealer;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.jspecify.annotations.Nullable;

/**
 * Streams the batches of one dataset version as Arrow record batches holding only the requested
 * columns, decrypting only those, and skipping batches whose statistics exclude the predicate.
 * Vectors are allocated from the caller's allocator (its limit bounds the scan's memory).
 *
 * <p>The scan owns the current batch: {@link #next()} closes the previous one, {@link #close()} the
 * last. Not thread-safe.
 */
public final class DatasetScan implements AutoCloseable {

  private final VaultStore store;
  private final ChunkSealer sealer;
  private final ChunkCodec codec;
  private final BufferAllocator allocator;
  private final Dataset dataset;
  private final DatasetVersion version;
  private final List<Integer> columns;
  private final List<ColumnRange> ranges;
  private final long rowLimit;
  private int nextBatch;
  private long rowsScanned;
  private @Nullable VectorSchemaRoot current;

  DatasetScan(
      VaultStore store,
      ChunkSealer sealer,
      Dataset dataset,
      DatasetVersion version,
      List<Integer> columns,
      List<ColumnRange> ranges,
      long rowLimit,
      BufferAllocator allocator) {
    this.store = store;
    this.sealer = sealer;
    this.codec = ChunkCodec.create();
    this.dataset = dataset;
    this.version = version;
    this.columns = List.copyOf(columns);
    this.ranges = List.copyOf(ranges);
    this.rowLimit = rowLimit;
    this.allocator = allocator;
  }

  /**
   * Moves to the next batch that may match; returns false at the end.
   *
   * @throws VaultException {@code RESOURCE_LIMIT} if the tenant's rows-per-job quota would be
   *     exceeded; {@code INTEGRITY} if a chunk fails to open
   */
  public boolean next() {
    closeCurrent();
    while (nextBatch < version.batches().size()) {
      int batch = nextBatch++;
      BatchStats stats = version.batches().get(batch);
      if (!mayMatch(stats)) {
        continue;
      }
      if (rowsScanned + stats.rows() > rowLimit) {
        throw new VaultException(
            ErrorCode.RESOURCE_LIMIT,
            "scan stopped: it would read more than the tenant's quota of "
                + rowLimit
                + " rows per job");
      }
      current = load(batch, stats.rows());
      rowsScanned += stats.rows();
      return true;
    }
    return false;
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

  private VectorSchemaRoot load(int batch, int rows) {
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (int column : columns) {
        ChunkPlace place =
            new ChunkPlace(dataset.tenantId(), dataset.id(), version.number(), batch, column);
        byte[] sealed =
            store
                .get(Family.DATA, place.key())
                .orElseThrow(
                    () ->
                        new VaultException(
                            ErrorCode.INTEGRITY,
                            "chunk of batch " + batch + ", column " + column + " is missing"));
        FieldVector vector =
            sealer.openVector(
                sealed,
                place,
                codec,
                ArrowColumns.field(dataset.schema().columns().get(column)),
                allocator);
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

  /** The current batch, valid until the next call to {@link #next()} or {@link #close()}. */
  public VectorSchemaRoot batch() {
    if (current == null) {
      throw new IllegalStateException("call next() first");
    }
    return current;
  }

  /** Rows of the batches read so far. */
  public long rowsScanned() {
    return rowsScanned;
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
  }
}
