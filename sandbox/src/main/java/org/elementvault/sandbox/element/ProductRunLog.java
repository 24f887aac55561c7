package org.elementvault.sandbox.element;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogFilter;
import org.elementvault.engine.oplog.LogQuery;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;

/**
 * The details of a {@code product.run} log entry, written and read back in one place, so the usage
 * of a product and of the elements it runs is exactly what the log proves.
 */
public final class ProductRunLog {

  private static final Pattern RUN =
      Pattern.compile("element (e[0-9]{1,18}), job (j[0-9]{1,18}), ([0-9]{1,10}) rows");

  /**
   * One successful run, as its log entry tells it.
   *
   * @param time when it was logged
   * @param tenant the consuming tenant it was filed under
   * @param product the product's name
   * @param element the element run
   * @param rows the rows it released
   */
  public record Run(Instant time, String tenant, String product, String element, long rows) {

    public Run {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(product, "product");
      Objects.requireNonNull(element, "element");
    }
  }

  private ProductRunLog() {}

  /** Names the element, the job and a count, never a value. */
  public static String details(String element, String jobId, int releasedRows) {
    return "element " + element + ", job " + jobId + ", " + releasedRows + " rows";
  }

  /** Every successful run of product {@code name} of tenant {@code tenant}, in log order. */
  public static List<Run> ofProduct(OperationLog log, String tenant, String name) {
    return find(
        LogFilter.all().withAction(Operation.PRODUCT_RUN.action()).withTenant(tenant),
        log,
        r -> r.product().equals(name));
  }

  /** Every successful product run of element {@code elementId}, of any product, in log order. */
  static List<Run> ofElement(OperationLog log, String elementId) {
    return find(
        LogFilter.all().withAction(Operation.PRODUCT_RUN.action()),
        log,
        r -> r.element().equals(elementId));
  }

  private static List<Run> find(LogFilter filter, OperationLog log, Predicate<Run> wanted) {
    return LogQuery.of(log).find(filter).stream()
        .filter(e -> e.record().outcome() == Outcome.OK)
        .map(ProductRunLog::run)
        .flatMap(Optional::stream)
        .filter(wanted)
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
            entry.record().target(),
            matcher.group(1),
            Long.parseLong(matcher.group(3))));
  }
}
