package org.elementvault.sandbox.exec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.job.JobMessages;

/**
 * The limits one job runs under, checked as rows flow: wall time, rows read from the vault and rows
 * released. Exceeding one stops the job with {@code RESOURCE_LIMIT}. {@link #onBatch} and {@link
 * #checkTime} may be called from the threads that read a job's batches at once; the rest is one
 * thread's.
 */
public final class JobLimits {

  /** How often, in rows, the clock is read. */
  private static final int CLOCK_EVERY = 4096;

  private final Clock clock;
  private final Instant deadline;
  private final Duration wallTime;
  private final long maxRowsScanned;
  private final long maxResultRows;
  private final BooleanSupplier cancelRequested;
  private final AtomicLong rowsScanned = new AtomicLong();
  private long ticks;

  /** Limits for work that cannot be cancelled. */
  public JobLimits(Clock clock, Duration wallTime, long maxRowsScanned, long maxResultRows) {
    this(clock, wallTime, maxRowsScanned, maxResultRows, () -> false);
  }

  /**
   * Limits for a job that stops, with {@link JobMessages#cancelled()}, at the first check after
   * {@code cancelRequested} turns true.
   */
  public JobLimits(
      Clock clock,
      Duration wallTime,
      long maxRowsScanned,
      long maxResultRows,
      BooleanSupplier cancelRequested) {
    this(
        clock,
        wallTime,
        clock.instant().plus(wallTime),
        maxRowsScanned,
        maxResultRows,
        cancelRequested);
  }

  private JobLimits(
      Clock clock,
      Duration wallTime,
      Instant deadline,
      long maxRowsScanned,
      long maxResultRows,
      BooleanSupplier cancelRequested) {
    this.cancelRequested = cancelRequested;
    this.clock = clock;
    this.wallTime = wallTime;
    this.deadline = deadline;
    this.maxRowsScanned = maxRowsScanned;
    this.maxResultRows = maxResultRows;
  }

  /**
   * The same deadline with no limit on result rows, for intermediate results that are never
   * released (a protected release's per-subject contributions); tables count scanned rows against
   * the job's own limits.
   */
  public JobLimits forIntermediateRows() {
    return new JobLimits(
        clock, wallTime, deadline, maxRowsScanned, Long.MAX_VALUE, cancelRequested);
  }

  /** Counts a batch of {@code rows} read from a table, by any of the job's threads. */
  public void onBatch(long rows) {
    if (rowsScanned.addAndGet(rows) > maxRowsScanned) {
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "job stopped: it read more than its limit of " + maxRowsScanned + " rows");
    }
    checkTime();
  }

  /** Counts one row of work; reads the clock now and then. */
  public void tick() {
    if (++ticks % CLOCK_EVERY == 0) {
      checkTime();
    }
  }

  /** Checks the number of result rows so far. */
  public void onResultRows(long rows) {
    if (rows > maxResultRows) {
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "job stopped: its result has more than its limit of " + maxResultRows + " rows");
    }
    tick();
  }

  /** Stops the job if it was cancelled or its wall time is over. */
  public void checkTime() {
    if (cancelRequested.getAsBoolean()) {
      throw new VaultException(ErrorCode.USER_ERROR, JobMessages.cancelled());
    }
    if (clock.instant().isAfter(deadline)) {
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "job stopped: it ran longer than its limit of " + wallTime.toSeconds() + " s");
    }
  }

  /** Rows read from tables so far. */
  public long rowsScanned() {
    return rowsScanned.get();
  }
}
