package org.elementvault.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One result of a JMH JSON file ({@code -rf json}): which benchmark, on which JDK, with which
 * parameters, and its primary and secondary metrics.
 *
 * @param benchmark the class's simple name and the method, e.g. {@code ElementQueryBenchmark.vault}
 * @param mode JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param threads the benchmark's threads (concurrent clients, for the server's reads)
 * @param jdk the JDK's version, e.g. {@code 17.0.15}
 * @param params the benchmark's parameters
 * @param primary the score
 * @param secondary secondary results (profilers, aux counters) by name
 * @param forks forked JVMs
 * @param warmupIterations warm-up iterations per fork
 * @param iterations measured iterations per fork
 * @param jvmArgs the forks' JVM arguments
 */
record JmhRun(
    String benchmark,
    String mode,
    int threads,
    String jdk,
    Map<String, String> params,
    Metric primary,
    Map<String, Metric> secondary,
    int forks,
    int warmupIterations,
    int iterations,
    List<String> jvmArgs) {

  JmhRun {
    jvmArgs = List.copyOf(jvmArgs);
  }

  /**
   * A score with its spread.
   *
   * @param score JMH's score (mean, or maximum for peaks)
   * @param error half-width of JMH's 99.9% confidence interval; NaN with too few samples
   * @param median the median of the samples
   * @param p99 the 99th percentile of the samples
   * @param unit JMH's unit, e.g. {@code ms/op}
   * @param samples how many samples
   */
  record Metric(double score, double error, double median, double p99, String unit, int samples) {}

  /** The parameter {@code name}, or null. */
  @Nullable String param(String name) {
    return params.get(name);
  }

  /** The secondary result {@code name}, or null. */
  @Nullable Metric metric(String name) {
    return secondary.get(name);
  }

  /** Reads every result of a JMH JSON file. */
  static List<JmhRun> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<JmhRun> runs = new ArrayList<>();
    for (JsonNode node : root) {
      String benchmark = node.path("benchmark").asText();
      int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.path("params").properties()) {
        params.put(field.getKey(), field.getValue().asText());
      }
      Map<String, Metric> secondary = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> metric : node.path("secondaryMetrics").properties()) {
        // Older JMH versions prefix profiler results with a middle dot.
        secondary.put(metric.getKey().replace("\u00b7", ""), metric(metric.getValue()));
      }
      List<String> jvmArgs = new ArrayList<>();
      node.path("jvmArgs").forEach(arg -> jvmArgs.add(arg.asText()));
      runs.add(
          new JmhRun(
              benchmark.substring(dot + 1),
              node.path("mode").asText(),
              node.path("threads").asInt(1),
              node.path("jdkVersion").asText("?"),
              params,
              metric(node.path("primaryMetric")),
              secondary,
              node.path("forks").asInt(),
              node.path("warmupIterations").asInt(),
              node.path("measurementIterations").asInt(),
              jvmArgs));
    }
    return runs;
  }

  private static Metric metric(JsonNode node) {
    int samples = 0;
    for (JsonNode fork : node.path("rawData")) {
      samples += fork.size();
    }
    // Sampled time keeps a histogram instead: per fork, per iteration, [value, count] pairs.
    for (JsonNode fork : node.path("rawDataHistogram")) {
      for (JsonNode iteration : fork) {
        for (JsonNode bin : iteration) {
          samples += bin.path(1).asInt();
        }
      }
    }
    return new Metric(
        number(node.path("score")),
        number(node.path("scoreError")),
        number(node.path("scorePercentiles").path("50.0")),
        number(node.path("scorePercentiles").path("99.0")),
        node.path("scoreUnit").asText(),
        samples);
  }

  /** JMH writes NaN as the string {@code "NaN"}. */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      return Double.parseDouble(node.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
