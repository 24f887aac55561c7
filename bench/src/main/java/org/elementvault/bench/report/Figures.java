package org.elementvault.bench.report;

import java.util.List;
import java.util.Locale;
import org.elementvault.bench.report.JmhRun.Metric;
import org.jspecify.annotations.Nullable;

/** Figures derived from JMH results, and how the report writes them. */
final class Figures {

  private Figures() {}

  /** A sampled time in milliseconds, whatever JMH's unit; NaN where the unit is unknown. */
  static Metric inMillis(Metric metric) {
    double factor =
        switch (metric.unit()) {
          case "s/op" -> 1e3;
          case "ms/op" -> 1;
          case "us/op" -> 1e-3;
          case "ns/op" -> 1e-6;
          default -> Double.NaN;
        };
    return scaled(metric, factor);
  }

  /** A throughput in MB/s (10⁶ bytes) of a benchmark with a {@code valueBytes} parameter. */
  static double megabytesPerSecond(JmhRun run) {
    String valueBytes = run.param("valueBytes");
    return valueBytes == null
        ? Double.NaN
        : run.primary().median() * Double.parseDouble(valueBytes) / 1e6;
  }

  /**
   * Values per second of a scan: its {@code values} counter, or else its {@code rows} times its
   * scans per second.
   */
  static double valuesPerSecond(JmhRun run) {
    Metric values = run.metric("values");
    if (values != null) {
      return values.median();
    }
    String rows = run.param("rows");
    return rows == null || !run.primary().unit().equals("ops/s")
        ? Double.NaN
        : Double.parseDouble(rows) * run.primary().median();
  }

  /** Rows per second of a single-shot benchmark timed in milliseconds with a {@code rows}. */
  static double rowsPerSecond(JmhRun run) {
    String rows = run.param("rows");
    return rows == null ? Double.NaN : Double.parseDouble(rows) / (run.primary().median() / 1e3);
  }

  /** {@code metric} with every figure times {@code factor}. */
  static Metric scaled(Metric metric, double factor) {
    return new Metric(
        metric.score() * factor,
        metric.error() * factor,
        metric.median() * factor,
        metric.p99() * factor,
        metric.unit(),
        metric.samples());
  }

  /** A time in ms, its error beside it. */
  static String millis(Metric metric) {
    return withError(metric, metric.median() < 10 ? "%.2f" : "%.0f") + " ms";
  }

  /** The median in {@code format}, ± the error where JMH computed one. */
  static String withError(Metric metric, String format) {
    String median = String.format(Locale.ROOT, format, metric.median());
    return Double.isNaN(metric.error())
        ? median
        : median + " ± " + String.format(Locale.ROOT, format, metric.error());
  }

  /** The ratio of two medians. */
  static String ratio(Metric vault, Metric duckDb) {
    return ratioText(vault.median() / duckDb.median());
  }

  /**
   * A ratio written like {@code 2.4×}; below 2 with two decimals, so that one just above 1 does not
   * read as 1.
   */
  static String ratioText(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "–";
    }
    String format = ratio >= 100 ? "%.0f×" : ratio >= 2 ? "%.1f×" : "%.2f×";
    return String.format(Locale.ROOT, format, ratio);
  }

  /** A part of a total in ms, with its percentage. */
  static String share(double part, double total) {
    if (Double.isNaN(part)) {
      return "–";
    }
    return String.format(
        Locale.ROOT, part < 10 ? "%.1f ms (%.0f%%)" : "%.0f ms (%.0f%%)", part, 100 * part / total);
  }

  /** {@code value} in {@code format}, or a dash for NaN. */
  static String number(double value, String format) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
  }

  /** A whole number with its thousands spaced, like {@code 1 000 000}. */
  static String grouped(@Nullable String number) {
    if (number == null) {
      return "?";
    }
    try {
      return String.format(Locale.ROOT, "%,d", Long.parseLong(number)).replace(',', ' ');
    } catch (NumberFormatException e) {
      return number;
    }
  }

  /** The median of {@code values}, which must not be empty. */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
