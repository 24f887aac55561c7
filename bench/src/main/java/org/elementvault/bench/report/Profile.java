package org.elementvault.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One benchmark profiled by JMH's JFR profiler ({@code -prof jfr:dir=DIR/jfr}), which writes {@code
 * DIR/jfr/<benchmark>-<mode>-<param>-<value>...-/profile.jfr}, one directory per benchmark and
 * parameters, recording the measured iterations only.
 *
 * @param benchmark the class's simple name and the method, e.g. {@code ElementQueryBenchmark.vault}
 * @param params the benchmark's parameters
 * @param samples where its CPU samples fall
 */
record Profile(String benchmark, Map<String, String> params, ExecutionSamples samples) {

  /** The run directory's subdirectory that JMH's JFR profiler writes into. */
  static final String DIRECTORY = "jfr";

  private static final String RECORDING = "profile.jfr";

  Profile {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(samples, "samples");
    params = Map.copyOf(params);
  }

  /** Whether this profiles {@code benchmark} with every parameter of {@code params}. */
  boolean profiles(String benchmark, Map<String, String> params) {
    return this.benchmark.equals(benchmark)
        && this.params.entrySet().containsAll(params.entrySet());
  }

  /** Every profile under {@code runDir}'s {@value #DIRECTORY}, in name order; none if absent. */
  static List<Profile> readAll(Path runDir) throws IOException {
    Path profiles = runDir.resolve(DIRECTORY);
    if (!Files.isDirectory(profiles)) {
      return List.of();
    }
    List<Profile> read = new ArrayList<>();
    try (Stream<Path> directories = Files.list(profiles)) {
      for (Path directory : directories.sorted().toList()) {
        Path recording = directory.resolve(RECORDING);
        if (Files.isRegularFile(recording)) {
          read.add(of(directory.getFileName().toString(), ExecutionSamples.read(recording)));
        }
      }
    }
    return read;
  }

  /**
   * The profile whose JMH id is {@code id}: the benchmark's full name, its mode, then each
   * parameter's name and value, all joined by dashes.
   */
  static Profile of(String id, ExecutionSamples samples) {
    String[] parts = id.split("-", -1);
    String fullName = parts[0];
    int dot = fullName.lastIndexOf('.', fullName.lastIndexOf('.') - 1);
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 2; i + 1 < parts.length; i += 2) {
      params.put(parts[i], parts[i + 1]);
    }
    return new Profile(fullName.substring(dot + 1), params, samples);
  }
}
