package org.elementvault.sandbox.element;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How much an element was used, per month (UTC), computed from the operation log: the inputs of
 * data-asset valuation. Counts successful runs on real data, its developer's own and those of the
 * data products that list it.
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
   * @param runs successful runs on real data, own and through products
   * @param releasedRows rows those runs released
   * @param tenants the tenants that ran it (the owner and consuming tenants), sorted by name
   * @param products the products that ran it, as {@code tenant/product}, sorted
   */
  public record Month(
      String month, long runs, long releasedRows, List<String> tenants, List<String> products) {

    public Month {
      Objects.requireNonNull(month, "month");
      tenants = List.copyOf(tenants);
      products = List.copyOf(products);
    }
  }

  /** The usage that the own runs {@code runs} and product runs {@code productRuns} add up to. */
  static ElementUsage of(
      String element, List<RunLog.Run> runs, List<ProductRunLog.Run> productRuns) {
    Map<YearMonth, Tally> byMonth = new TreeMap<>();
    for (RunLog.Run run : runs) {
      tally(byMonth, run.time()).add(run.tenant(), run.rows());
    }
    for (ProductRunLog.Run run : productRuns) {
      Tally tally = tally(byMonth, run.time());
      tally.add(run.tenant(), run.rows());
      tally.products.add(run.tenant() + "/" + run.product());
    }
    List<Month> months =
        byMonth.entrySet().stream()
            .map(
                e -> {
                  Tally t = e.getValue();
                  return new Month(
                      e.getKey().toString(),
                      t.runs,
                      t.rows,
                      List.copyOf(t.tenants),
                      List.copyOf(t.products));
                })
            .toList();
    return new ElementUsage(element, months);
  }

  private static Tally tally(Map<YearMonth, Tally> byMonth, Instant time) {
    return byMonth.computeIfAbsent(YearMonth.from(time.atZone(ZoneOffset.UTC)), m -> new Tally());
  }

  /** One month's counts while the log is read. */
  private static final class Tally {
    private long runs;
    private long rows;
    private final TreeSet<String> tenants = new TreeSet<>();
    private final TreeSet<String> products = new TreeSet<>();

    void add(String tenant, long released) {
      runs++;
      rows += released;
      tenants.add(tenant);
    }
  }
}
