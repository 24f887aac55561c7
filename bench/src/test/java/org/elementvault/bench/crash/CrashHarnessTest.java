package org.elementvault.bench.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness on one template vault prepared with the real command line: twenty SIGKILLs at
 * seeded random points leave every invariant holding, and the checker does flag acknowledged work
 * that is missing. {@code bench/crash --trials 1000} is the long run.
 */
class CrashHarnessTest {

  private static final long SEED = 20_251_205L;

  @TempDir static Path work;

  private static VaultTemplate template;

  @BeforeAll
  static void prepareTemplate() throws Exception {
    template =
        VaultTemplate.prepare(work, System.getProperty("java.class.path"), new SecureRandom());
  }

  @Test
  void run_twentyKilledOperations_everyInvariantHolds() throws Exception {
    System.err.println("CrashHarnessTest: seed " + SEED);

    CrashSummary summary = CrashHarness.run(template, work.resolve("run"), 20, SEED, System.err);

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

  @Test
  void check_acknowledgedImportMissing_isAViolation() throws Exception {
    Path trial = untouchedCopy("missing-import");

    List<String> violations =
        new Invariants(template).check(trial.resolve("vault"), trial, CrashOperation.IMPORT, true);

    assertThat(violations).containsExactly("an acknowledged import is not visible");
  }

  @Test
  void check_acknowledgedExitUndone_isAViolation() throws Exception {
    Path trial = untouchedCopy("undone-exit");

    List<String> violations =
        new Invariants(template)
            .check(trial.resolve("vault"), trial, CrashOperation.TENANT_EXIT, true);

    assertThat(violations).containsExactly("an acknowledged tenant exit is undone");
  }

  private static Path untouchedCopy(String name) throws Exception {
    Path trial = Files.createDirectories(work.resolve(name));
    CrashHarness.copyTree(template.vault(), trial.resolve("vault"));
    return trial;
  }
}
