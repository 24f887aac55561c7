package org.elementvault.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Small JMH result files ({@code -rf json}) written by hand: each result has one sample, so its
 * median is its score, and only the fields the report reads.
 */
final class TestingJmhJson {

  static final String JDK = "17.0.15";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ArrayNode results = NODES.arrayNode();

  /** Starts a result of {@code benchmark}, the class's simple name and the method. */
  Result result(String benchmark, double median, String unit) {
    return new Result(benchmark, median, unit);
  }

  /** Writes the results added so far to {@code file}. */
  void write(Path file) throws IOException {
    new ObjectMapper().writeValue(file.toFile(), results);
  }

  /** One result being built; {@link #add()} appends it to the file's results. */
  final class Result {

    private final ObjectNode node = NODES.objectNode();
    private final ObjectNode params = NODES.objectNode();
    private final ObjectNode secondary = NODES.objectNode();
    private final ArrayNode jvmArgs = NODES.arrayNode();

    private Result(String benchmark, double median, String unit) {
      node.put("benchmark", "org.elementvault.bench." + benchmark);
      node.put("mode", "avgt");
      node.put("threads", 1);
      node.put("forks", 1);
      node.put("jdkVersion", JDK);
      node.put("warmupIterations", 1);
      node.put("measurementIterations", 1);
      node.set("primaryMetric", metric(median, unit));
    }

    Result param(String name, String value) {
      params.put(name, value);
      return this;
    }

    Result secondary(String name, double value, String unit) {
      secondary.set(name, metric(value, unit));
      return this;
    }

    Result jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** Appends the result to the file's results. */
    TestingJmhJson add() {
      node.set("params", params);
      node.set("secondaryMetrics", secondary);
      node.set("jvmArgs", jvmArgs);
      results.add(node);
      return TestingJmhJson.this;
    }

    private ObjectNode metric(double value, String unit) {
      ObjectNode metric = NODES.objectNode();
      metric.put("score", value);
      metric.put("scoreError", "NaN");
      ObjectNode percentiles = metric.putObject("scorePercentiles");
      percentiles.put("50.0", value);
      percentiles.put("99.0", value);
      metric.put("scoreUnit", unit);
      metric.putArray("rawData").addArray().add(value);
      return metric;
    }
  }
}
