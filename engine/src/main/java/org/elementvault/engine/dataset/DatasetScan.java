package org.elementvault.engine.dataset;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A scan read whole reads ahead: while its reader holds a batch, a helper thread (from a pool
 * that all scans share) loads (opens and decodes) the next one, and the reader's thread loads too
 * when it would wait, so the decryption of one scan runs on two cores. It stays lazy and bounded:
 * nothing is loaded before the first {@link #next()}, and at most {@value #READ_AHEAD} batch beyond
 * the current one is held. The quota counts a batch when its load starts; a batch's refusal (a
 * forged chunk, the quota) is thrown by the {@code next()} that reaches it. {@link #close()} waits
 * for a load under way and frees what it loaded. Parts do not read ahead: they are already read on
 * a thread each.
 */
public final class DatasetScan implements AutoCloseable {

  /** Batches a scan read whole loads beyond the current one: one keeps both cores busy. */
  static final int READ_AHEAD = 1;

  /**
   * The helper threads of every scan read whole: daemons, kept for a minute once idle, so that a
   * scan does not start a thread of its own (which cost as much as a chunk here).
   */
  private static final Executor READ_AHEAD_THREADS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "evault-scan-read-ahead");
            thread.setDaemon(true);
            return thread;
          });

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
    this.whole = new Part(0, 1, READ_AHEAD, allocator);
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
            new Part(
                i, count, 0, allocator.newChildAllocator("scan part " + i, 0, Long.MAX_VALUE)));
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

  /** Rows of the batches read so far, by every part, a batch being read ahead included. */
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
    private final int ahead;
    private final BufferAllocator into;

    /** Loads started and not yet handed out, oldest first; read and changed by the reader only. */
    private final ArrayDeque<Load> loads = new ArrayDeque<>();

    /** Arrays for sealed chunks, one per thread loading at a time, reused from batch to batch. */
    private final Queue<SealedChunks> sealed = new ConcurrentLinkedQueue<>();

    private @Nullable VaultException refusal;
    private int nextBatch;
    private int index = -1;
    private @Nullable VectorSchemaRoot current;

    private Part(int first, int step, int ahead, BufferAllocator into) {
      this.nextBatch = first;
      this.step = step;
      this.ahead = ahead;
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
      start();
      Load head = loads.poll();
      if (head == null) {
        if (refusal != null) {
          throw refusal;
        }
        return false;
      }
      // While the helper loads the head, the reader loads the batch after it rather than wait.
      head.run();
      for (Load load : loads) {
        if (head.isDone()) {
          break;
        }
        load.run();
      }
      current = head.take();
      index = head.batch;
      return true;
    }

    /** Starts loads of the next batches that may match until {@code ahead} follow the next one. */
    private void start() {
      while (refusal == null && loads.size() <= ahead && nextBatch < version.batches().size()) {
        int batch = nextBatch;
        nextBatch += step;
        BatchStats stats = version.batches().get(batch);
        if (!mayMatch(stats)) {
          continue;
        }
        try {
          count(stats.rows());
        } catch (VaultException e) {
          refusal = e;
          return;
        }
        Load load = new Load(batch, stats.rows());
        loads.add(load);
        if (loads.size() > 1) {
          READ_AHEAD_THREADS.execute(load);
        }
      }
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

    /**
     * Opens and decodes batch {@code batch}'s columns; runs on the reader's or the helper's thread.
     */
    private VectorSchemaRoot load(int batch, int rows) {
      SealedChunks chunks = Objects.requireNonNullElseGet(sealed.poll(), SealedChunks::new);
      List<FieldVector> vectors = new ArrayList<>();
      try {
        for (int column : columns) {
          ChunkPlace place =
              new ChunkPlace(dataset.tenantId(), dataset.id(), version.number(), batch, column);
          FieldVector vector =
              cache.read(
                  place,
                  () -> chunks.read(place),
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
      } finally {
        sealed.add(chunks);
      }
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
      for (Load load : loads) {
        load.discard();
      }
      loads.clear();
      if (into != allocator) {
        into.close();
      }
    }

    /**
     * The load of one batch, run once by whichever thread comes first (the reader or the helper),
     * or cancelled before either does.
     */
    private final class Load implements Runnable {
      private static final int NEW = 0;
      private static final int RUNNING = 1;
      private static final int CANCELLED = 2;

      final int batch;
      private final int rows;
      private final AtomicInteger state = new AtomicInteger(NEW);
      private final CountDownLatch done = new CountDownLatch(1);
      private @Nullable VectorSchemaRoot root;
      private @Nullable RuntimeException failure;

      Load(int batch, int rows) {
        this.batch = batch;
        this.rows = rows;
      }

      @Override
      public void run() {
        if (!state.compareAndSet(NEW, RUNNING)) {
          return;
        }
        try {
          root = load(batch, rows);
        } catch (RuntimeException e) {
          failure = e;
        } finally {
          done.countDown();
        }
      }

      boolean isDone() {
        return done.getCount() == 0;
      }

      /** The loaded batch, once done; rethrows the load's refusal on the reader's thread. */
      VectorSchemaRoot take() {
        awaitDone();
        if (failure != null) {
          throw failure;
        }
        return Objects.requireNonNull(root, "root");
      }

      /** Cancels the load or, if it started, waits for it and frees what it loaded. */
      void discard() {
        if (state.compareAndSet(NEW, CANCELLED)) {
          return;
        }
        awaitDone();
        if (root != null) {
          root.close();
        }
      }

      /** Waits even when interrupted: the batch's memory must be freed before the scan's. */
      private void awaitDone() {
        boolean interrupted = false;
        while (true) {
          try {
            done.await();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** One reusable array for sealed chunks, grown to the largest read; it holds ciphertext only. */
  private final class SealedChunks {
    private byte[] bytes = new byte[0];

    /** The sealed chunk at {@code place}, valid until the next read. */
    ByteBuffer read(ChunkPlace place) {
      byte[] key = place.key();
      int length;
      while ((length = store.get(Family.DATA, key, bytes)) > bytes.length) {
        bytes = new byte[length];
      }
      if (length < 0) {
        throw new VaultException(
            ErrorCode.INTEGRITY,
            "chunk of batch " + place.batch() + ", column " + place.column() + " is missing");
      }
      return ByteBuffer.wrap(bytes, 0, length);
    }
  }
}
