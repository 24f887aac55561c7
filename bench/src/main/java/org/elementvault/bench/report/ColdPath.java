package org.elementvault.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timed fresh {@code ./evault element run}s of Q1 on one JDK, suite and row count, from {@code
 * cold-path.tsv}: one line per run, JDK version, suite, rows and seconds separated by tabs.
 *
 * @param jdk the JDK's version
 * @param suite the vault's cipher suite
 * @param rows the dataset's rows
 * @param seconds each run's wall time
 */
record ColdPath(String jdk, String suite, String rows, List<Double> seconds) {

  static final String FILE = "cold-path.tsv";

  ColdPath {
    seconds = List.copyOf(seconds);
  }

  /** The median run, in seconds. */
  double median() {
    return Figures.median(seconds);
  }

  /** The runs of {@code dir}'s {@value #FILE}, grouped in file order; empty without the file. */
  static List<ColdPath> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    Map<List<String>, List<Double>> byKey = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 4) {
        byKey
            .computeIfAbsent(List.of(fields[0], fields[1], fields[2]), k -> new ArrayList<>())
            .add(Double.parseDouble(fields[3]));
      }
    }
    List<ColdPath> paths = new ArrayList<>();
    byKey.forEach((key, runs) -> paths.add(new ColdPath(key.get(0), key.get(1), key.get(2), runs)));
    return paths;
  }
}
