package org.elementvault.engine.job;

/** The job package's user-facing messages, quoted by tests and docs. */
public final class JobMessages {

  private JobMessages() {}

  static String badId() {
    return "job id must be j followed by 1 to 18 digits";
  }

  static String notFound(String id) {
    return "job " + id + " not found";
  }

  static String notRunning(String id, JobState state) {
    return "job " + id + " is " + state + "; only a RUNNING job can be cancelled";
  }

  /** The error a cancelled job stops with. */
  public static String cancelled() {
    return "job stopped: it was cancelled";
  }
}
