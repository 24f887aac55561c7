package org.elementvault.sandbox.element;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How much an element was used, per month (UTC), computed from the operation log: the inputs of
 * data-asset valuation. Counts only successful runs on real data.
 *
 * @param element the element's id
 * @param months one entry per month with at least one run, oldest first
 */
public record ElementUsage(String element, List<ElementUsage.Month> months) {

  public ElementUsage {
    Objects.requireNonNull(element, "element");
    months = List.copyOf(months);
  }

  /**
   * One month of use.
   *
   * @param month {@code 2026-12}
   * @param runs successful runs on real data
   * @param releasedRows rows those runs released
   * @param tenants the consuming tenants, sorted by name
   */
  public record Month(String month, long runs, long releasedRows, List<String> tenants) {

    public Month {
      Objects.requireNonNull(month, "month");
      tenants = List.copyOf(tenants);
    }
  }

  /** The usage the runs {@code runs} of {@code element} add up to. */
  static ElementUsage of(String element, List<RunLog.Run> runs) {
    Map<YearMonth, List<RunLog.Run>> byMonth = new TreeMap<>();
    for (RunLog.Run run : runs) {
      byMonth
          .computeIfAbsent(
              YearMonth.from(run.time().atZone(ZoneOffset.UTC)), m -> new ArrayList<>())
          .add(run);
    }
    List<Month> months =
        byMonth.entrySet().stream()
            .map(
                e ->
                    new Month(
                        e.getKey().toString(),
                        e.getValue().size(),
                        e.getValue().stream().mapToLong(RunLog.Run::rows).sum(),
                        List.copyOf(
                            new TreeSet<>(e.getValue().stream().map(RunLog.Run::tenant).toList()))))
            .toList();
    return new ElementUsage(element, months);
  }
}
