package org.elementvault.engine.dataset;

import org.jspecify.annotations.Nullable;

/**
 * The rows of an import file, handed out a batch at a time in file order, every value checked by an
 * {@link ArrowColumns.BatchWriter}. Refusals name the place in the file (line or row) and the
 * column, never a value. Not thread-safe; closing it releases every batch not handed out.
 */
interface BatchSource extends AutoCloseable {

  /**
   * The next batch of at most {@link Datasets#BATCH_ROWS} rows, at least one, or null at the end of
   * the file. The caller owns the batch and closes it.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if the file or a value is
   *     refused
   */
  @Nullable Filled next();

  /** Bytes of the file read so far. */
  long bytesRead();

  @Override
  void close();

  /** A batch whose first {@code rows} rows are filled; closing it releases its vectors. */
  record Filled(ArrowColumns.BatchWriter writer, int rows) implements AutoCloseable {

    @Override
    public void close() {
      writer.close();
    }
  }
}
