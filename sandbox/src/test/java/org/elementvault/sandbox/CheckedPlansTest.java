package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.elementvault.sandbox.SandboxSpecs.spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.calcite.runtime.Hook;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Level;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.element.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Element runs reuse a compiled and checked plan only while it was checked against the element and
 * the datasets as they stand: classification changes, new versions and drops compile and check the
 * query again.
 */
class CheckedPlansTest {

  private static final int K = 10;

  private static final int ROWS = 1000;

  private static final String BY_DISTRICT =
      "SELECT district, COUNT(*) AS people FROM residents GROUP BY district";

  private static final String BY_GENDER =
      "SELECT gender, COUNT(*) AS people FROM residents WHERE district = :district GROUP BY gender";

  private static final String TOTAL = "SELECT COUNT(*) AS people FROM residents";

  /** A query with a last step above its aggregate: HAVING, arithmetic and ORDER BY. */
  private static final String RANKED =
      "SELECT district, gender, COUNT(*) * 2 AS twice, SUM(income) AS income FROM residents"
          + " GROUP BY district, gender HAVING COUNT(*) > 20 ORDER BY twice DESC, district, gender";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(ROWS, 21));
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private Element approved(String name, String query) {
    Element element = sandbox.submit(testing.dev(), spec(name, query, K));
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }

  private Dataset residents() {
    return testing.vault().datasets().describe(testing.dev(), null, "residents");
  }

  /** The Java sources Calcite generates on this thread while {@code run} runs. */
  private static List<String> codeGeneratedBy(Runnable run) {
    List<String> generated = new ArrayList<>();
    Consumer<String> sink = generated::add;
    try (Hook.Closeable counting = Hook.JAVA_PLAN.addThread(sink)) {
      run.run();
    }
    return generated;
  }

  private long total(Sandbox.Job job) {
    return (Long) job.result().rows().get(0).get(0);
  }

  @Test
  void lease_sameElementAndDatasets_reusesTheCheckedCompilation() {
    Element element = approved("by-district", BY_DISTRICT);
    CheckedPlans plans = new CheckedPlans();
    Compilation first;
    try (CheckedPlans.Lease lease = plans.lease(element, List.of(residents()), Map.of())) {
      first = lease.compilation();
    }

    Compilation second;
    try (CheckedPlans.Lease lease = plans.lease(element, List.of(residents()), Map.of())) {
      second = lease.compilation();
    }

    assertThat(second).isSameAs(first);
    assertThat(plans.size()).isEqualTo(1);
  }

  @Test
  void lease_whileLeased_compilesASecondOneAndKeepsOne() {
    Element element = approved("by-district", BY_DISTRICT);
    CheckedPlans plans = new CheckedPlans();

    try (CheckedPlans.Lease first = plans.lease(element, List.of(residents()), Map.of());
        CheckedPlans.Lease second = plans.lease(element, List.of(residents()), Map.of())) {
      assertThat(second.compilation()).isNotSameAs(first.compilation());
      assertThat(second.catalog()).isNotSameAs(first.catalog());
    }

    assertThat(plans.size()).isEqualTo(1);
  }

  @Test
  void lease_columnReclassified_compilesAndChecksAgain() {
    Element element = approved("by-district", BY_DISTRICT);
    CheckedPlans plans = new CheckedPlans();
    Compilation before;
    try (CheckedPlans.Lease lease = plans.lease(element, List.of(residents()), Map.of())) {
      before = lease.compilation();
    }
    var unused =
        testing
            .vault()
            .datasets()
            .classify(testing.alice(), null, "residents", "district", Level.SENSITIVE, "review");

    try (CheckedPlans.Lease lease = plans.lease(element, List.of(residents()), Map.of())) {

      assertThat(lease.compilation()).isNotSameAs(before);
      assertThat(lease.compilation().report().passes()).isFalse();
    }
  }

  /** A plan checked with one parameter value must never run with another's constants. */
  @Test
  void run_templateWithAnotherValueAfterACachedRun_releasesThatValuesResult() {
    Element submitted =
        sandbox.submit(
            testing.dev(),
            (new String(spec("by-gender", BY_GENDER, K), StandardCharsets.UTF_8)
                    + "parameters:\n  - {name: district, type: STRING, values: [金水区, 二七区]}\n")
                .getBytes(StandardCharsets.UTF_8));
    Element element =
        sandbox.review(testing.vault().admin(), submitted.id(), true, "fit for purpose");
    Object unused = sandbox.run(testing.dev(), element.id(), false, Map.of("district", "金水区"));

    Sandbox.Job cached = sandbox.run(testing.dev(), element.id(), false, Map.of("district", "二七区"));
    Sandbox.Job uncached =
        new Sandbox(testing.vault())
            .run(testing.dev(), element.id(), false, Map.of("district", "二七区"));

    assertThat(cached.result()).isEqualTo(uncached.result());
  }

  @Test
  void run_withACachedPlan_releasesWhatAFreshSandboxReleases() {
    Element element = approved("by-district", BY_DISTRICT);
    Sandbox.Job first = sandbox.run(testing.dev(), element.id(), false);

    Sandbox.Job cached = sandbox.run(testing.dev(), element.id(), false);
    Sandbox.Job uncached = new Sandbox(testing.vault()).run(testing.dev(), element.id(), false);

    assertThat(first.result().rows()).hasSize(ResidentRows.DISTRICTS.size());
    assertThat(cached.result()).isEqualTo(first.result());
    assertThat(uncached.result()).isEqualTo(first.result());
  }

  @Test
  void run_warmElement_generatesNoCode() {
    Element element = approved("ranked", RANKED);
    Object unused = sandbox.run(testing.dev(), element.id(), false);

    List<String> generated = codeGeneratedBy(() -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(generated).isEmpty();
  }

  @Test
  void run_warmElementWithALastStep_releasesWhatAFreshSandboxReleases() {
    Element element = approved("ranked", RANKED);
    Sandbox.Job first = sandbox.run(testing.dev(), element.id(), false);

    Sandbox.Job cached = sandbox.run(testing.dev(), element.id(), false);
    Sandbox.Job uncached = new Sandbox(testing.vault()).run(testing.dev(), element.id(), false);

    assertThat(first.result().rows()).hasSize(2 * ResidentRows.DISTRICTS.size());
    assertThat(cached.result()).isEqualTo(first.result());
    assertThat(uncached.result()).isEqualTo(first.result());
  }

  @Test
  void run_newVersionAfterACachedRun_compilesTheLastStepAgain() {
    Element element = approved("ranked", RANKED);
    Object unused = sandbox.run(testing.dev(), element.id(), false);
    unused = testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(2 * ROWS, 22));

    List<String> generated = codeGeneratedBy(() -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(generated).isNotEmpty();
  }

  @Test
  void run_columnReclassifiedAfterACachedRun_compilesTheLastStepAgain() {
    Element element = approved("ranked", RANKED);
    Object unused = sandbox.run(testing.dev(), element.id(), false);
    unused =
        testing
            .vault()
            .datasets()
            .classify(testing.alice(), null, "residents", "age", Level.IMPORTANT, "review");

    List<String> generated = codeGeneratedBy(() -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(generated).isNotEmpty();
  }

  /** A server runs each job on a pool thread: a plan compiled on another thread still runs. */
  @Test
  void run_withAPlanCompiledOnAnotherThread_releasesTheSame() throws Exception {
    Element element = approved("by-district", BY_DISTRICT);
    Sandbox.Job first = sandbox.run(testing.dev(), element.id(), false);

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Sandbox.Job cached = pool.submit(() -> sandbox.run(testing.dev(), element.id(), false)).get();

      assertThat(cached.result()).isEqualTo(first.result());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A column reclassified after a cached run must not be released under the old check. */
  @Test
  void run_groupColumnReclassifiedSensitiveAfterACachedRun_isRefused() {
    Element element = approved("by-district", BY_DISTRICT);
    Object unused = sandbox.run(testing.dev(), element.id(), false);
    unused = sandbox.run(testing.dev(), element.id(), false);
    unused =
        testing
            .vault()
            .datasets()
            .classify(testing.alice(), null, "residents", "district", Level.SENSITIVE, "review");

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused.getMessage()).contains("district").contains("SENSITIVE");
  }

  @Test
  void run_newVersionAfterACachedRun_readsTheNewVersion() {
    Element element = approved("total", TOTAL);
    Sandbox.Job before = sandbox.run(testing.dev(), element.id(), false);
    var unused =
        testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(2 * ROWS, 22));

    Sandbox.Job after = sandbox.run(testing.dev(), element.id(), false);

    assertThat(total(before)).isCloseTo(ROWS, within(50L));
    assertThat(total(after)).isCloseTo(2 * ROWS, within(50L));
  }

  @Test
  void run_datasetDroppedAndImportedAgainAfterACachedRun_readsTheNewDataset() {
    Element element = approved("total", TOTAL);
    Sandbox.Job before = sandbox.run(testing.dev(), element.id(), false);
    Object unused =
        testing.vault().datasets().drop(testing.alice(), null, "residents", "residents");
    unused = testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(ROWS / 2, 23));

    Sandbox.Job after = sandbox.run(testing.dev(), element.id(), false);

    assertThat(total(before)).isCloseTo(ROWS, within(50L));
    assertThat(total(after)).isCloseTo(ROWS / 2, within(50L));
  }

  @Test
  void run_datasetDroppedAfterACachedRun_isRefused() {
    Element element = approved("total", TOTAL);
    Object unused = sandbox.run(testing.dev(), element.id(), false);
    unused = testing.vault().datasets().drop(testing.alice(), null, "residents", "residents");

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void run_elementSuspendedAfterACachedRun_isRefused() {
    Element element = approved("total", TOTAL);
    Object unused = sandbox.run(testing.dev(), element.id(), false);
    unused = sandbox.suspend(testing.vault().admin(), element.id(), "review");

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused.getMessage()).contains("SUSPENDED");
  }
}
