package org.elementvault.sandbox.product;

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
 * The details of a {@code product.run} log entry, written and read back in one place, so usage is
 * exactly what the log proves.
 */
final class ProductRunLog {

  private static final Pattern RUN =
      Pattern.compile("element (e[0-9]{1,18}), job (j[0-9]{1,18}), ([0-9]{1,10}) rows");

  /**
   * One successful run, as its log entry tells it.
   *
   * @param time when it was logged
   * @param tenant the consuming tenant it was filed under
   * @param element the element run
   * @param rows the rows it released
   */
  record Run(Instant time, String tenant, String element, long rows) {

    Run {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(element, "element");
    }
  }

  private ProductRunLog() {}

  /** Names the element, the job and a count, never a value. */
  static String details(ProductRun run) {
    return "element "
        + run.element()
        + ", job "
        + run.jobId()
        + ", "
        + run.releasedRows()
        + " rows";
  }

  /** Every successful run of product {@code name} of tenant {@code tenant}, in log order. */
  static List<Run> runs(OperationLog log, String tenant, String name) {
    return LogQuery.of(log)
        .find(LogFilter.all().withAction(Operation.PRODUCT_RUN.action()).withTenant(tenant))
        .stream()
        .filter(e -> e.record().outcome() == Outcome.OK && e.record().target().equals(name))
        .map(ProductRunLog::run)
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<Run> run(LogEntry entry) {
    Matcher matcher = RUN.matcher(entry.record().details());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Run(
            entry.time(),
            entry.record().tenant(),
            matcher.group(1),
            Long.parseLong(matcher.group(3))));
  }
}
