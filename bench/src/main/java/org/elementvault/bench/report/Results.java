package org.elementvault.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A run's JMH results, looked up by benchmark, JDK and parameters. */
final class Results {

  static final String QUERY_BENCH = "ElementQueryBenchmark";

  private final List<JmhRun> runs;

  Results(List<JmhRun> runs) {
    this.runs = List.copyOf(runs);
  }

  /** Every result, in file order. */
  List<JmhRun> all() {
    return runs;
  }

  /** The JDKs that ran anything, oldest feature release first. */
  List<String> jdks() {
    return runs.stream()
        .map(JmhRun::jdk)
        .distinct()
        .sorted(Comparator.comparing(Results::feature).thenComparing(j -> j))
        .toList();
  }

  private static int feature(String jdk) {
    try {
      return Integer.parseInt(jdk.split("[.+-]", 2)[0]);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  /** The results of {@code benchmark} (class and method) that pass {@code filter}. */
  List<JmhRun> select(String benchmark, Predicate<JmhRun> filter) {
    return runs.stream().filter(r -> r.benchmark().equals(benchmark)).filter(filter).toList();
  }

  /** The results of every method of {@code benchmarkClass} that pass {@code filter}. */
  List<JmhRun> ofClass(String benchmarkClass, Predicate<JmhRun> filter) {
    return runs.stream()
        .filter(r -> r.benchmark().startsWith(benchmarkClass + "."))
        .filter(filter)
        .toList();
  }

  /** The element query {@code query} on the vault of {@code suite}, on {@code jdk}, or null. */
  @Nullable JmhRun vault(String jdk, String suite, String query) {
    return first(
        select(
            QUERY_BENCH + ".vault",
            r ->
                r.jdk().equals(jdk)
                    && suite.equals(r.param("suite"))
                    && query.equals(r.param("query"))));
  }

  /**
   * DuckDB's figure on {@code jdk}, or on another JDK if this one did not run it (it is native).
   */
  @Nullable JmhRun duckDb(String jdk, DuckDbWay way, String query) {
    JmhRun own = duckDbOn(jdk, way, query);
    if (own != null) {
      return own;
    }
    return jdks().stream()
        .map(j -> duckDbOn(j, way, query))
        .filter(r -> r != null)
        .findFirst()
        .orElse(null);
  }

  private @Nullable JmhRun duckDbOn(String jdk, DuckDbWay way, String query) {
    return first(
        select(
            QUERY_BENCH + "." + way.method(),
            r ->
                r.jdk().equals(jdk)
                    && way.storage().equals(r.param("storage"))
                    && way.threads().equals(r.param("threads"))
                    && query.equals(r.param("query"))));
  }

  /** The warm JMH run of Q1 beside {@code cold}'s runs: same JDK, suite and rows; or null. */
  @Nullable JmhRun warm(ColdPath cold) {
    JmhRun q1 = vault(cold.jdk(), cold.suite(), "Q1");
    return q1 != null && cold.rows().equals(q1.param("rows")) ? q1 : null;
  }

  /** The first of {@code runs}, or null. */
  static @Nullable JmhRun first(List<JmhRun> runs) {
    return runs.isEmpty() ? null : runs.get(0);
  }
}
