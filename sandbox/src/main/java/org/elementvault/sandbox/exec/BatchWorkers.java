package org.elementvault.sandbox.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.catalog.BatchStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the batches of a table on several threads: the stream is {@link BatchStream#split split}
 * into one part per worker, the calling thread reads the first part and a bounded pool the others,
 * each part into its own {@link Worker}, and the caller merges the workers. The split is fixed
 * (batch {@code i} to part {@code i % parts}), so what each worker holds does not depend on timing.
 * A part that no pool thread has started when the caller finishes its own, the caller reads itself,
 * so a pool busy with other runs slows a run but never stalls it.
 *
 * <p>Every batch counts against the job's {@link JobLimits} on the thread that reads it. The first
 * failure in any worker stops the others at their next batch and is thrown, as it was, once every
 * worker has stopped; no worker is left reading when a run returns or throws.
 *
 * <p>Thread-safe: one per executor, shared by its runs; the pool's threads are daemons that end
 * when idle.
 */
final class BatchWorkers {

  /** What one worker makes of the batches of its part. Not thread-safe: one thread's. */
  interface Worker {

    /** Takes batch {@code index} of the table (its parts in increasing index). */
    void accept(VectorSchemaRoot batch, int index);
  }

  /** How long an idle pool thread waits for work before it ends. */
  private static final long KEEP_ALIVE_SECONDS = 30;

  private final int parallelism;
  private final @Nullable ExecutorService pool;

  /** Workers for {@code parallelism} threads: the caller's and {@code parallelism - 1} pooled. */
  BatchWorkers(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.parallelism = parallelism;
    this.pool = parallelism == 1 ? null : pool(parallelism - 1);
  }

  private static ExecutorService pool(int threads) {
    AtomicInteger made = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "evault-scan-" + made.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Reads every batch of {@code stream} into workers made by {@code workers}; returns them in part
   * order. {@code inRowOrder} asks for one worker that sees every batch in order (for state that
   * rounds after every row); so does a stream that cannot be split.
   *
   * @throws RuntimeException the first failure of any worker, as it was thrown
   */
  <W extends Worker> List<W> run(
      BatchStream stream, JobLimits limits, boolean inRowOrder, Supplier<W> workers) {
    Optional<List<BatchStream>> parts =
        inRowOrder || pool == null ? Optional.empty() : stream.split(parallelism);
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    if (parts.isEmpty()) {
      W worker = workers.get();
      read(stream, worker, limits, failure);
      rethrow(failure.get());
      return List.of(worker);
    }
    try {
      List<W> made = new ArrayList<>(parallelism);
      for (int i = 0; i < parallelism; i++) {
        made.add(workers.get());
      }
      read(parts.get(), made, limits, failure);
      return made;
    } finally {
      parts.get().forEach(BatchStream::close);
    }
  }

  private void read(
      List<BatchStream> parts,
      List<? extends Worker> workers,
      JobLimits limits,
      AtomicReference<@Nullable Throwable> failure) {
    // Whoever claims a part reads it: a pool thread, or the caller if none has started it yet.
    AtomicIntegerArray claimed = new AtomicIntegerArray(parts.size());
    List<Future<?>> helpers = new ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      int part = i;
      helpers.add(
          Objects.requireNonNull(pool)
              .submit(
                  () -> {
                    if (claimed.compareAndSet(part, 0, 1)) {
                      read(parts.get(part), workers.get(part), limits, failure);
                    }
                  }));
    }
    read(parts.get(0), workers.get(0), limits, failure);
    List<Future<?>> started = new ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      if (claimed.compareAndSet(i, 0, 1)) {
        // Its task finds the part taken: no need to wait until a busy pool gets to it.
        var unused = helpers.get(i - 1).cancel(false);
        read(parts.get(i), workers.get(i), limits, failure);
      } else {
        started.add(helpers.get(i - 1));
      }
    }
    boolean interrupted = false;
    for (Future<?> helper : started) {
      while (true) {
        try {
          helper.get();
          break;
        } catch (InterruptedException e) {
          // Stop the workers, and wait for them: their batches belong to the job's allocator.
          interrupted = true;
          failure.compareAndSet(
              null, new VaultException(ErrorCode.INTERNAL, "the query was interrupted", e));
        } catch (ExecutionException e) {
          throw new IllegalStateException("a worker let a failure escape", e);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    rethrow(failure.get());
  }

  /** Reads {@code part} into {@code worker} until its end or any worker's failure; never throws. */
  private static void read(
      BatchStream part,
      Worker worker,
      JobLimits limits,
      AtomicReference<@Nullable Throwable> failure) {
    try {
      while (failure.get() == null && part.next()) {
        VectorSchemaRoot batch = part.batch();
        limits.onBatch(batch.getRowCount());
        worker.accept(batch, part.index());
      }
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
    }
  }

  private static void rethrow(@Nullable Throwable failure) {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }
}
