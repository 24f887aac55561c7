package org.elementvault.engine.result;

/**
 * The user-facing texts of released results, kept in one place so tests and documentation quote the
 * same words. None of them carries a data value.
 */
final class ResultMessages {

  private ResultMessages() {}

  /** The gate's refusal: names the earlier release, never a group or a value. */
  static String reslices(String earlierJob, String earlierElement) {
    return "result refused: it re-slices release "
        + earlierJob
        + " of element "
        + earlierElement
        + " so that a suppressed group becomes computable (release ledger)";
  }

  static String malformedRecord(String jobId) {
    return "the release ledger record of job " + jobId + " fails its integrity check";
  }
}
