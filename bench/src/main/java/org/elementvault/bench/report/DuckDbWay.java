package org.elementvault.bench.report;

import java.util.List;

/**
 * One way DuckDB ran the element queries in {@code ElementQueryBenchmark}: the benchmark method
 * (the plain query, or the query thresholded by hand), the storage and the threads.
 *
 * @param method {@code duckDbPlain} or {@code duckDb}
 * @param storage {@code encrypted} or {@code memory}
 * @param threads {@code all} or {@code 1}
 * @param label the report's column header
 */
record DuckDbWay(String method, String storage, String threads, String label) {

  /** The plain query on DuckDB's encrypted database on every core: the figure to beat. */
  static final DuckDbWay PLAIN =
      new DuckDbWay("duckDbPlain", "encrypted", "all", "DuckDB encrypted, plain query, all cores");

  /** Every way, in the summary's order: the plain query first, its ratio the headline. */
  static final List<DuckDbWay> ALL =
      List.of(
          PLAIN,
          new DuckDbWay(
              "duckDb", "encrypted", "all", "DuckDB encrypted, threshold by hand, all cores"),
          new DuckDbWay(
              "duckDb", "encrypted", "1", "DuckDB encrypted, threshold by hand, 1 thread"),
          new DuckDbWay(
              "duckDb", "memory", "all", "DuckDB in-memory, threshold by hand, all cores"),
          new DuckDbWay("duckDb", "memory", "1", "DuckDB in-memory, threshold by hand, 1 thread"));
}
