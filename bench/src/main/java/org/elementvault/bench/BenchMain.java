package org.elementvault.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
 * java -jar bench/target/benchmarks.jar -h                     # JMH's options
 * </pre>
 *
 * <p>Every fork gets the root pom's {@code evault.jvm.flags} appended to its JVM arguments, after
 * any {@code -jvmArgsAppend} given here. After the run, throughput results of benchmarks with a
 * {@code valueBytes} parameter are repeated in MB/s (10⁶ bytes per second), the unit of {@code
 * openssl speed}.
 */
public final class BenchMain {

  private static final String VALUE_BYTES_PARAM = "valueBytes";

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
    printMegabytesPerSecond(new Runner(options).run());
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
