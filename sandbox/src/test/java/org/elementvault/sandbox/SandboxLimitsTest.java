package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.elementvault.sandbox.SandboxSpecs.spec;

import java.nio.file.Path;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.sandbox.element.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox enforces at every run besides the release policy's shape: the current
 * classification, the tenant's quotas, and tenant isolation.
 */
class SandboxLimitsTest {

  private static final int K = 10;

  private static final String INCOME_BY_DISTRICT =
      "SELECT district, AVG(income) AS avg_income FROM residents GROUP BY district";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(1000, 31));
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private Element approved(String name, String query, String dataset) {
    Element element = sandbox.submit(testing.dev(), spec(name, query, K, dataset));
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }

  private void setQuotas(int maxJobs, long maxRowsScanned) {
    var unused =
        testing
            .vault()
            .tenants()
            .setQuotas(
                testing.vault().admin(),
                "acme",
                new Quotas(10L << 30, maxJobs, maxRowsScanned, Quotas.DEFAULT_MIN_THRESHOLD));
  }

  private LogRecord lastRecord() {
    List<LogRecord> records = testing.logRecords();
    return records.get(records.size() - 1);
  }

  @Test
  void run_afterAUsedColumnBecomesCore_isRefused() {
    Element element = approved("income", INCOME_BY_DISTRICT, "residents");
    Sandbox.Job before = sandbox.run(testing.dev(), element.id(), false);
    var unused =
        testing
            .vault()
            .datasets()
            .classify(testing.alice(), null, "residents", "income", Level.CORE, "audit finding");

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(before.result().rows()).isNotEmpty();
    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused.getMessage()).contains("residents.income").contains("CORE");
    assertThat(lastRecord().action()).isEqualTo("element.run");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void run_aboveTheRowsScannedQuota_failsWithAClearLimitAndIsLogged() {
    Element element = approved("income", INCOME_BY_DISTRICT, "residents");
    setQuotas(4, 100);

    VaultException stopped =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(stopped).isNotNull();
    assertThat(stopped.code()).isEqualTo(ErrorCode.RESOURCE_LIMIT);
    assertThat(stopped.getMessage()).contains("quota of 100 rows");
    LogRecord last = lastRecord();
    assertThat(last.action()).isEqualTo("element.run");
    assertThat(last.target()).isEqualTo(element.id());
    assertThat(last.outcome()).isIn(Outcome.REFUSED, Outcome.FAILED);
    assertThat(last.details()).contains("quota of 100 rows");
    assertThat(testing.logRecords()).noneMatch(r -> r.action().equals("result.release"));
  }

  /** Its reads are logged with the refusal: a run stopped mid-scan leaves no unlogged read. */
  @Test
  void run_stoppedAfterItBeganToRead_logsItsScanBeforeTheRefusal() {
    Element element = approved("income", INCOME_BY_DISTRICT, "residents");
    setQuotas(4, 100);

    var unused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    List<LogRecord> records = testing.logRecords();
    LogRecord beforeLast = records.get(records.size() - 2);
    assertThat(beforeLast.action()).isEqualTo("dataset.scan");
    assertThat(beforeLast.target()).isEqualTo("residents");
    assertThat(beforeLast.actor()).isEqualTo("dev");
  }

  @Test
  void run_afterAJobHitItsQuota_smallJobsStillRun() {
    Element large = approved("income", INCOME_BY_DISTRICT, "residents");
    var unused = testing.importCsv("few", ResidentRows.SCHEMA, ResidentRows.csv(50, 32));
    Element small =
        approved("few-people", "SELECT COUNT(DISTINCT id_card) AS people FROM few", "few");
    setQuotas(4, 100);
    var stopped =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), large.id(), false));

    Sandbox.Job job = sandbox.run(testing.dev(), small.id(), false);

    assertThat(stopped).isNotNull();
    assertThat(job.result().rows()).hasSize(1);
    assertThat((Long) job.result().rows().get(0).get(0)).isCloseTo(50L, within(8L));
  }

  @Test
  void run_jobsAfterALimitFailure_stillCountFromZero() {
    Element large = approved("income", INCOME_BY_DISTRICT, "residents");
    setQuotas(1, 100);
    var stopped =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), large.id(), false));
    setQuotas(1, 1_000_000);

    Sandbox.Job job = sandbox.run(testing.dev(), large.id(), false);

    assertThat(stopped.code()).isEqualTo(ErrorCode.RESOURCE_LIMIT);
    assertThat(job.result().rows()).hasSize(ResidentRows.DISTRICTS.size());
  }

  @Test
  void otherTenantsDeveloper_cannotSeeOrRunTheElement() {
    Element element = approved("income", INCOME_BY_DISTRICT, "residents");
    Principal dave = testing.addTenantDeveloper("other", "dave");
    VaultException missing =
        catchThrowableOfType(VaultException.class, () -> sandbox.show(dave, "e99"));

    VaultException shown =
        catchThrowableOfType(VaultException.class, () -> sandbox.show(dave, element.id()));
    VaultException run =
        catchThrowableOfType(VaultException.class, () -> sandbox.run(dave, element.id(), false));
    VaultException sampled =
        catchThrowableOfType(VaultException.class, () -> sandbox.run(dave, element.id(), true));

    assertThat(List.of(shown, run, sampled))
        .allSatisfy(
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
              assertThat(e.getMessage())
                  .isEqualTo(missing.getMessage().replace("e99", element.id()));
            });
    assertThat(sandbox.list(dave, null)).isEmpty();
  }

  @Test
  void otherTenantsDeveloper_refusalsAreFiledUnderTheirOwnTenant() {
    Element element = approved("income", INCOME_BY_DISTRICT, "residents");
    Principal dave = testing.addTenantDeveloper("other", "dave");

    var unused =
        catchThrowableOfType(VaultException.class, () -> sandbox.run(dave, element.id(), false));

    assertThat(lastRecord())
        .satisfies(
            r -> {
              assertThat(r.actor()).isEqualTo("dave");
              assertThat(r.tenant()).isEqualTo("other");
              assertThat(r.action()).isEqualTo("element.run");
              assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
            });
  }
}
