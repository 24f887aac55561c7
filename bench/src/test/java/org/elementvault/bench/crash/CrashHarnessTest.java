package org.elementvault.bench.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty SIGKILLs at seeded random points of the real command line's durable operations leave a
 * vault that holds every crash-safety invariant. {@code bench/crash --trials 1000} is the long run.
 */
class CrashHarnessTest {

  private static final long SEED = 20_251_205L;

  @TempDir Path work;

  @Test
  void run_twentyKilledOperations_everyInvariantHolds() throws Exception {
    System.err.println("CrashHarnessTest: seed " + SEED);

    CrashSummary summary =
        CrashHarness.run(work, System.getProperty("java.class.path"), 20, SEED, System.err);

    summary.print(System.err);
    List<String> violations =
        summary.all().stream()
            .flatMap(
                t ->
                    t.violations().stream()
                        .map(v -> t.operation() + " seed " + t.seed() + ": " + v))
            .toList();
    assertThat(violations).isEmpty();
    assertThat(summary.trials()).hasSize(20);
  }
}
