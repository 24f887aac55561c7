package org.elementvault.bench.crash;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a run found: per operation the trials, how many were acknowledged before the kill and where
 * the kills fell, then every violation with the seed that repeats its trial.
 *
 * @param seed the run's seed
 * @param calibrations the uninterrupted run of each operation that timed it (checked as well)
 * @param trials every trial, in order
 * @param seconds the wall time of the trials (the template's preparation excluded)
 */
record CrashSummary(long seed, List<Trial> calibrations, List<Trial> trials, double seconds) {

  CrashSummary {
    calibrations = List.copyOf(calibrations);
    trials = List.copyOf(trials);
  }

  /** The calibrations and the trials. */
  List<Trial> all() {
    return Stream.concat(calibrations.stream(), trials.stream()).toList();
  }

  boolean passed() {
    return failures() == 0;
  }

  long failures() {
    return all().stream().filter(t -> !t.violations().isEmpty()).count();
  }

  void print(PrintStream out) {
    Objects.requireNonNull(out, "out");
    out.printf(
        Locale.ROOT,
        "crash harness: %d trials (and %d uninterrupted timing runs), seed %d, %.1f s (%.2f s per"
            + " trial)%n",
        trials.size(),
        calibrations.size(),
        seed,
        seconds,
        seconds / Math.max(1, trials.size()));
    out.println(
        "operation      trials  acked  killed at (quarter of its run: 1st 2nd 3rd 4th after)  failed");
    for (CrashOperation operation : CrashOperation.values()) {
      List<Trial> mine = trials.stream().filter(t -> t.operation() == operation).toList();
      int[] quarters = new int[5];
      mine.forEach(t -> quarters[t.killQuarter()]++);
      out.printf(
          Locale.ROOT,
          "%-14s %6d %6d  %28d %3d %3d %3d %5d  %6d%n",
          operation,
          mine.size(),
          mine.stream().filter(Trial::acknowledged).count(),
          quarters[0],
          quarters[1],
          quarters[2],
          quarters[3],
          quarters[4],
          mine.stream().filter(t -> !t.violations().isEmpty()).count());
    }
    for (Trial trial : all()) {
      for (String violation : trial.violations()) {
        out.printf(
            Locale.ROOT,
            "VIOLATION %s killed at %d ms (seed %d; 0 is a timing run): %s%n",
            trial.operation(),
            trial.killAfterMillis(),
            trial.seed(),
            violation);
      }
    }
    out.println(
        passed() ? "result: every invariant held" : "result: " + failures() + " trials failed");
  }
}
