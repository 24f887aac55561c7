package org.elementvault.sandbox.catalog;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Arrow record batches of one table, holding the requested columns in the requested order: a
 * dataset version's scan, or synthetic sample data. The stream owns the current batch: {@link
 * #next()} releases the previous one, {@link #close()} the last. Not thread-safe: read a stream on
 * one thread, or {@link #split} it and read each part on its own.
 */
public interface BatchStream extends AutoCloseable {

  /** Moves to the next batch; returns false at the end. */
  boolean next();

  /** The current batch, valid until the next call to {@link #next()} or {@link #close()}. */
  VectorSchemaRoot batch();

  /** The index of the current batch among the table's batches, counting from 0. */
  int index();

  /**
   * Splits the batches into {@code parts} streams, batch {@code i} going to part {@code i % parts},
   * each allocating its vectors apart so that each may be read on its own thread; or returns empty
   * when this stream cannot be split (then read it whole). Once split, only the parts are read. The
   * caller closes every part, then this stream.
   */
  default Optional<List<BatchStream>> split(int parts) {
    return Optional.empty();
  }

  @Override
  void close();
}
