package org.elementvault.sandbox.element;

/**
 * A run's outcome that knows how many rows it released, so the run's log entry can carry the count
 * that usage statistics are computed from.
 */
public interface Released {

  /** The number of rows released to the caller. */
  int releasedRows();
}
