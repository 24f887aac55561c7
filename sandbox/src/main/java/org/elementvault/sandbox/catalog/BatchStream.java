package org.elementvault.sandbox.catalog;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Arrow record batches of one table, holding the requested columns in the requested order: a
 * dataset version's scan, or synthetic sample data. The stream owns the current batch: {@link
 * #next()} releases the previous one, {@link #close()} the last.
 */
public interface BatchStream extends AutoCloseable {

  /** Moves to the next batch; returns false at the end. */
  boolean next();

  /** The current batch, valid until the next call to {@link #next()} or {@link #close()}. */
  VectorSchemaRoot batch();

  @Override
  void close();
}
