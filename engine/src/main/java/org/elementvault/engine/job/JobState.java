package org.elementvault.engine.job;

/** Where a job is: running, or how it ended. */
public enum JobState {
  /** Recorded before its work started; not ended yet. */
  RUNNING,
  /** Ended with its result released. */
  DONE,
  /** Ended with an error or a refusal. */
  FAILED,
  /** Stopped between batches at the request of its developer or the vault admin. */
  CANCELLED,
  /** Was running when the vault stopped (a crash or kill); marked at the next open. */
  INTERRUPTED;

  /** Whether the job has ended. */
  public boolean isEnded() {
    return this != RUNNING;
  }
}
