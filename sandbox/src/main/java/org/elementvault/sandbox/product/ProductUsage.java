package org.elementvault.sandbox.product;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.elementvault.sandbox.element.ProductRunLog;

/**
 * How much a product was used, per month (UTC), computed from its {@code product.run} log entries:
 * successful runs and the rows they released.
 *
 * @param product the product's name
 * @param tenant the consuming tenant
 * @param months one entry per month with at least one run, oldest first
 */
public record ProductUsage(String product, String tenant, List<ProductUsage.Month> months) {

  public ProductUsage {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(tenant, "tenant");
    months = List.copyOf(months);
  }

  /**
   * One month of use.
   *
   * @param month {@code 2026-12}
   * @param runs successful runs
   * @param releasedRows rows those runs released
   */
  public record Month(String month, long runs, long releasedRows) {

    public Month {
      Objects.requireNonNull(month, "month");
    }
  }

  /** The usage {@code runs} add up to. */
  static ProductUsage of(String product, String tenant, List<ProductRunLog.Run> runs) {
    Map<YearMonth, List<ProductRunLog.Run>> byMonth = new TreeMap<>();
    for (ProductRunLog.Run run : runs) {
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
                        e.getValue().stream().mapToLong(ProductRunLog.Run::rows).sum()))
            .toList();
    return new ProductUsage(product, tenant, months);
  }
}
