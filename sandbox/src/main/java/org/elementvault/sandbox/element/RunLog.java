package org.elementvault.sandbox.element;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogFilter;
import org.elementvault.engine.oplog.LogQuery;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;

/**
 * The details of an {@code element.run} log entry, written and read back in one place: usage
 * statistics and the release precondition are computed from the log, so they are exactly what the
 * log proves.
 */
final class RunLog {

  private static final Pattern REAL_RUN =
      Pattern.compile("job (j[0-9]+), real data(?:, ([0-9]{1,10}) rows)?(?:, .*)?");

  /**
   * One successful run on real data, as its log entry tells it.
   *
   * @param time when it was logged
   * @param tenant the tenant it was filed under (the running principal's)
   * @param rows the rows it released; 0 where the entry does not say
   */
  record Run(Instant time, String tenant, long rows) {

    Run {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(tenant, "tenant");
    }
  }

  private RunLog() {}

  /** The details of a successful run; names the job, the data and a count, never a value. */
  static String details(String jobId, boolean sample, Object result) {
    return "job "
        + jobId
        + (sample ? ", sample data" : ", real data")
        + (result instanceof Released released ? ", " + released.releasedRows() + " rows" : "");
  }

  /** Every successful run of {@code elementId} on real data, in log order. */
  static List<Run> realRuns(OperationLog log, String elementId) {
    return LogQuery.of(log)
        .find(LogFilter.all().withAction(Operation.ELEMENT_RUN.action()))
        .stream()
        .filter(e -> e.record().outcome() == Outcome.OK && e.record().target().equals(elementId))
        .map(RunLog::realRun)
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<Run> realRun(LogEntry entry) {
    Matcher matcher = REAL_RUN.matcher(entry.record().details());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long rows = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
    return Optional.of(new Run(entry.time(), entry.record().tenant(), rows));
  }
}
