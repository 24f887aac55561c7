package org.elementvault.engine.dataset;

/**
 * The rows of an import file, handed out a batch at a time into an {@link ArrowColumns.BatchWriter}
 * that checks every value. Refusals name the place in the file (line or row) and the column, never
 * a value. Not thread-safe.
 */
interface BatchSource extends AutoCloseable {

  /**
   * Writes up to {@code capacity} rows into {@code writer} from row 0 on; returns how many, 0 at
   * the end of the file.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if the file or a value is
   *     refused
   */
  int fill(ArrowColumns.BatchWriter writer, int capacity);

  /** Bytes of the file read so far. */
  long bytesRead();

  @Override
  void close();
}
