package org.elementvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs this module's JMH benchmarks: all of them by default, or those matching the regular
 * expressions given, with any other JMH option passed through.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar                        # everything
 * java -jar bench/target/benchmarks.jar SealBenchmark -p suite=GM
 * java -jar bench/target/benchmarks.jar Seal -rf json -rff seal.json
 * java -jar bench/target/benchmarks.jar 'DatasetImport|DuckDb' -p rows=10000000
 * java -jar bench/target/benchmarks.jar -h                     # JMH's options
 * </pre>
 *
 * <p>Every fork gets the root pom's {@code evault.jvm.flags} appended to its JVM arguments, after
 * any {@code -jvmArgsAppend} given here. After the run, throughput results of benchmarks with a
 * {@code valueBytes} parameter are repeated in MB/s (10⁶ bytes per second), the unit of {@code
 * openssl speed}; and single-shot CSV imports (benchmarks with a {@code rows} parameter) are
 * repeated as rows/s, MB/s of CSV and a ratio to DuckDB's load of the same file.
 */
public final class BenchMain {

  private static final String VALUE_BYTES_PARAM = "valueBytes";
  private static final String ROWS_PARAM = "rows";
  private static final String DUCKDB = "DuckDb";
  private static final String IMPORT = "Import";
  private static final String QUERY_PARAM = "query";
  private static final String VAULT_METHOD = "vault";
  private static final String DUCKDB_METHOD = "duckDb";

  private BenchMain() {}

  /**
   * Runs the benchmarks selected by {@code args}, JMH's command line.
   *
   * @throws CommandLineOptionException if {@code args} is not a valid JMH command line
   * @throws RunnerException if a benchmark fails or none matches
   */
  public static void main(String[] args)
      throws CommandLineOptionException, RunnerException, IOException {
    CommandLineOptions commandLine = new CommandLineOptions(args);
    if (commandLine.shouldHelp()
        || commandLine.shouldList()
        || commandLine.shouldListWithParams()
        || commandLine.shouldListProfilers()
        || commandLine.shouldListResultFormats()) {
      // Nothing is forked: JMH's own launcher answers these.
      Main.main(args);
      return;
    }
    List<String> jvmArgsAppend = new ArrayList<>(commandLine.getJvmArgsAppend().orElse(List.of()));
    jvmArgsAppend.addAll(AbstractMicrobenchmark.forkJvmArgs());
    Options options =
        new OptionsBuilder()
            .parent(commandLine)
            .jvmArgsAppend(jvmArgsAppend.toArray(new String[0]))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    printMegabytesPerSecond(results);
    printImportRates(results);
    printQueryRatios(results);
  }

  /**
   * Repeats the median of the element query benchmarks in milliseconds per query, beside the median
   * of DuckDB's encrypted database on every core (same {@code query} and {@code rows}) and the
   * ratio of the two. {@code bench/run}'s report has the full comparison.
   */
  private static void printQueryRatios(Collection<RunResult> results) {
    Map<String, Double> duckDbMillis = new HashMap<>();
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (method(params).equals(DUCKDB_METHOD)
          && "encrypted".equals(params.getParam("storage"))
          && "all".equals(params.getParam("threads"))) {
        duckDbMillis.put(twinKey(params), medianMillis(run));
      }
    }
    boolean header = false;
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (!method(params).equals(VAULT_METHOD) || params.getParam(QUERY_PARAM) == null) {
        continue;
      }
      if (!header) {
        System.out.println();
        System.out.printf(
            Locale.ROOT,
            "%-60s %12s %12s %10s%n",
            "Query (median of n)",
            "ms",
            "DuckDB ms",
            "x DuckDB");
        header = true;
      }
      double millis = medianMillis(run);
      Double duckDb = duckDbMillis.get(twinKey(params));
      System.out.printf(
          Locale.ROOT,
          "%-60s %12.1f %12s %10s%n",
          label(params) + " n=" + run.getPrimaryResult().getStatistics().getN(),
          millis,
          duckDb == null ? "-" : String.format(Locale.ROOT, "%.1f", duckDb),
          duckDb == null ? "-" : String.format(Locale.ROOT, "%.1f", millis / duckDb));
    }
  }

  private static String method(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /** The class, query and row count a vault benchmark shares with its DuckDB twin. */
  private static String twinKey(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    return benchmark.substring(0, benchmark.lastIndexOf('.'))
        + " "
        + params.getParam(QUERY_PARAM)
        + " "
        + params.getParam(ROWS_PARAM);
  }

  /**
   * Repeats the median of single-shot benchmarks with a {@code rows} parameter (the CSV imports) as
   * rows/s and MB/s of the generated file, and as a ratio to DuckDB's load of the same file.
   */
  private static void printImportRates(Collection<RunResult> results) {
    Map<String, Double> duckDbMillis = new HashMap<>();
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (isImport(params) && params.getBenchmark().contains(DUCKDB)) {
        duckDbMillis.put(params.getParam(ROWS_PARAM), medianMillis(run));
      }
    }
    boolean header = false;
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (!isImport(params)) {
        continue;
      }
      if (!header) {
        System.out.println();
        System.out.printf(
            Locale.ROOT,
            "%-50s %12s %12s %10s %12s%n",
            "Import (median of n)",
            "seconds",
            "rows/s",
            "MB/s",
            "x DuckDB");
        header = true;
      }
      String rows = params.getParam(ROWS_PARAM);
      double seconds = medianMillis(run) / 1e3;
      Path csv = ResidentsCsv.cachedPath(Long.parseLong(rows));
      String megabytesPerSecond = "?";
      try {
        megabytesPerSecond = String.format(Locale.ROOT, "%.1f", Files.size(csv) / 1e6 / seconds);
      } catch (IOException e) {
        // The file was removed since the run: the other figures stand without it.
      }
      Double duckDb = duckDbMillis.get(rows);
      System.out.printf(
          Locale.ROOT,
          "%-50s %12.2f %12.0f %10s %12s%n",
          label(params) + " n=" + run.getPrimaryResult().getStatistics().getN(),
          seconds,
          Long.parseLong(rows) / seconds,
          megabytesPerSecond,
          duckDb == null ? "-" : String.format(Locale.ROOT, "%.2f", seconds * 1e3 / duckDb));
    }
  }

  /** A single-shot CSV import; a model job (ModelBenchmark) is single-shot too, but no import. */
  private static boolean isImport(BenchmarkParams params) {
    return params.getMode() == Mode.SingleShotTime
        && params.getParam(ROWS_PARAM) != null
        && params.getBenchmark().contains(IMPORT);
  }

  private static double medianMillis(RunResult run) {
    double toMillis = run.getParams().getTimeUnit().toNanos(1) / 1e6;
    return run.getPrimaryResult().getStatistics().getPercentile(50) * toMillis;
  }

  private static void printMegabytesPerSecond(Collection<RunResult> results) {
    boolean header = false;
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      String valueBytes = params.getParam(VALUE_BYTES_PARAM);
      if (valueBytes == null || params.getMode() != Mode.Throughput) {
        continue;
      }
      if (!header) {
        System.out.println();
        System.out.printf(
            Locale.ROOT, "%-50s %12s %12s %12s%n", "Benchmark (MB/s)", "mean", "median", "n");
        header = true;
      }
      // Scores are operations per output time unit; MB/s = ops/s × bytes per operation / 10⁶.
      double opsPerSecondPerScore = 1e9 / params.getTimeUnit().toNanos(1);
      double scale = opsPerSecondPerScore * Double.parseDouble(valueBytes) / 1e6;
      Result<?> primary = run.getPrimaryResult();
      System.out.printf(
          Locale.ROOT,
          "%-50s %12.1f %12.1f %12d%n",
          label(params),
          primary.getScore() * scale,
          primary.getStatistics().getPercentile(50) * scale,
          primary.getStatistics().getN());
    }
  }

  private static String label(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    String ownPackage = BenchMain.class.getPackageName() + ".";
    StringBuilder label =
        new StringBuilder(
            benchmark.startsWith(ownPackage)
                ? benchmark.substring(ownPackage.length())
                : benchmark);
    for (String key : params.getParamsKeys()) {
      if (!key.equals(VALUE_BYTES_PARAM)) {
        label.append(' ').append(key).append('=').append(params.getParam(key));
      }
    }
    return label.toString();
  }
}
