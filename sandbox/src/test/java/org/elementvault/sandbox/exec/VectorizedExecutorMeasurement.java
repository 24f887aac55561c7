package org.elementvault.sandbox.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.TestingSandbox;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough side-by-side timing of the two executors on a million residents, printed, never asserted.
 * Run with {@code -Dvector.measure=true -Dtest=VectorizedExecutorMeasurement}.
 */
@Tag("measure")
@EnabledIfSystemProperty(named = "vector.measure", matches = "true")
class VectorizedExecutorMeasurement {

  private static final List<String> QUERIES =
      List.of(
          // AVG(income) itself fails on both executors here: Calcite sums it in DECIMAL(12,2).
          "SELECT district, COUNT(DISTINCT id_card), SUM(income) FROM residents GROUP BY district",
          "SELECT district, COUNT(DISTINCT id_card), AVG(age) FROM residents GROUP BY district",
          "SELECT district, gender, COUNT(*), SUM(income) FROM residents"
              + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender",
          "SELECT COUNT(*) FROM residents WHERE income > 50000");

  @TempDir Path dir;

  @Test
  void measure() throws IOException {
    StringBuilder report = new StringBuilder();
    try (TestingSandbox testing = new TestingSandbox(dir)) {
      var unused =
          testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(1_000_000, 5));
      for (String query : QUERIES) {
        double calcite = median(testing, query, new CalciteExecutor());
        double vector = median(testing, query, new VectorizedExecutor(new CalciteExecutor()));
        report.append(
            String.format(
                Locale.ROOT,
                "%-110s calcite %7.1f ms  vectorized %7.1f ms  speedup %.1fx%n",
                query,
                calcite,
                vector,
                calcite / vector));
      }
    }
    Files.writeString(Path.of("target", "vector-measurement.txt"), report);
  }

  /** The median wall time in ms of the executor alone, after warm-up runs. */
  private static double median(TestingSandbox testing, String query, Executor executor) {
    long[] last = new long[1];
    Executor timed =
        (plan, catalog, limits) -> {
          long start = System.nanoTime();
          ElementResult result = executor.execute(plan, catalog, limits);
          last[0] = System.nanoTime() - start;
          return result;
        };
    for (int i = 0; i < 3; i++) {
      var unused = testing.run(query, 10, timed, "residents");
    }
    double[] times = new double[7];
    for (int i = 0; i < times.length; i++) {
      var unused = testing.run(query, 10, timed, "residents");
      times[i] = last[0] / 1e6;
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }
}
