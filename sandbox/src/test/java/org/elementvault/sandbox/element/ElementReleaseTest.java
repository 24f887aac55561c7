package org.elementvault.sandbox.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.protection.Protection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An element's release review, the catalog and usage statistics on a real vault: tenant {@code
 * acme} with developers {@code dev} (who submits {@code e1}, approved for 90 days) and {@code dev2}
 * and tenant admin {@code alice}; tenant {@code beta} with developer {@code bdev}; an auditor
 * {@code aud}.
 */
class ElementReleaseTest {

  private static final String QUERY =
      "SELECT district, COUNT(*) AS n FROM residents WHERE secret_marker = 1 GROUP BY district";

  private static final Assessment PASSED =
      new Assessment(
          true,
          10,
          List.of(
              new ColumnUse(
                  "residents", "district", Level.GENERAL, PiiType.NONE, Set.of(Use.GROUP)),
              new ColumnUse(
                  "residents", "income", Level.IMPORTANT, PiiType.NONE, Set.of(Use.AGGREGATE))),
          List.of("groups under 10 distinct subjects are suppressed"),
          null,
          List.of(new OutputColumn("district", "VARCHAR"), new OutputColumn("n", "BIGINT")));

  private static final String RESIDENTS_SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: SENSITIVE, pii: NONE}
        - {name: district, type: STRING, level: GENERAL}
      """;

  private static final Instant APPROVED_AT = TestingVaults.NOW;

  /** A run's outcome that released {@code rows} rows. */
  private record Ran(String jobId, int rows) implements Released {
    @Override
    public int releasedRows() {
      return rows;
    }
  }

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private Elements elements;
  private Principal admin;
  private Principal dev;
  private Principal dev2;
  private Principal alice;
  private Principal bdev;
  private Principal aud;

  @BeforeEach
  void createVaultWithAnApprovedElement() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL, clock);
    admin = vault.admin();
    for (String tenant : List.of("acme", "beta")) {
      var unused = vault.tenants().apply(admin, tenant, "ops", null);
      unused = vault.tenants().review(admin, tenant, true, "ok");
      unused = vault.tenants().activate(admin, tenant);
    }
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    dev2 = vault.addUser(admin, "dev2", Role.DEVELOPER, "acme", null).principal();
    alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    bdev = vault.addUser(admin, "bdev", Role.DEVELOPER, "beta", null).principal();
    aud = vault.addUser(admin, "aud", Role.AUDITOR, null, null).principal();
    importDataset("residents", "CONDITIONAL");
    elements = new Elements(vault);
    var unused = elements.submit(dev, spec("by-district"), (caller, spec, floor) -> PASSED);
    unused = elements.review(admin, "e1", true, "fits the purpose");
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  /**
   * Imports a small dataset {@code name} of acme in open category {@code category}: publication
   * checks the categories of the datasets an element reads.
   */
  private void importDataset(String name, String category) {
    try {
      Path csv = temp.resolve(name + ".csv");
      Files.writeString(csv, "id,district\nr1,north\nr2,south\n", StandardCharsets.UTF_8);
      var unused =
          vault
              .datasets()
              .importFile(
                  alice,
                  null,
                  name,
                  csv,
                  RESIDENTS_SCHEMA
                      .replace("CONDITIONAL", category)
                      .getBytes(StandardCharsets.UTF_8),
                  Datasets.Progress.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ElementSpec spec(String name) {
    return spec(name, "residents");
  }

  private static ElementSpec spec(String name, String dataset) {
    return new ElementSpec(
        name,
        ElementType.DATASET,
        "regional statistics",
        "credit risk pricing",
        List.of(dataset),
        QUERY,
        10,
        90,
        null);
  }

  private LogRecord lastRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  private Ran run(Principal caller, int rows) {
    return elements.run(caller, "e1", false, (element, jobId) -> new Ran(jobId, rows));
  }

  private Element published() {
    var unused = run(dev, 5);
    var unusedRelease = elements.release(dev, "e1");
    return elements.review(admin, "e1", true, "results fit for the catalog");
  }

  @Test
  void release_approvedElementThatRan_goesToReleaseReviewAndIsLogged() {
    var unused = run(dev, 5);
    clock.advance(Duration.ofHours(1));

    Element element = elements.release(dev, "e1");

    assertThat(element.state()).isEqualTo(ElementState.RELEASE_REVIEW);
    assertThat(element.lastChange())
        .isEqualTo(new StateChange("dev", null, APPROVED_AT.plus(Duration.ofHours(1))));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.release",
                "e1",
                Outcome.OK,
                "to release review, valid until " + element.validUntil()));
  }

  @Test
  void release_withoutARealRun_isRefused() {
    var unused = elements.run(dev, "e1", true, (element, jobId) -> new Ran(jobId, 5));

    assertVaultException(
        () -> elements.release(dev, "e1"),
        ErrorCode.POLICY_REFUSED,
        "element e1 has not run on real data: release needs at least one real run");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  void release_byAnotherDeveloper_isForbidden() {
    var unused = run(dev, 5);

    assertVaultException(
        () -> elements.release(dev2, "e1"),
        ErrorCode.FORBIDDEN,
        "element e1: only the developer who submitted it may release it");
  }

  @Test
  void release_byTheVaultAdmin_isForbidden() {
    assertVaultException(
        () -> elements.release(admin, "e1"),
        ErrorCode.FORBIDDEN,
        "role admin may not perform element.release");
  }

  @Test
  void release_submittedElement_isRefusedNamingTheState() {
    var unused = elements.submit(dev, spec("second"), (caller, spec, floor) -> PASSED);

    assertVaultException(
        () -> elements.release(dev, "e2"),
        ErrorCode.POLICY_REFUSED,
        "element e2 is SUBMITTED: release needs APPROVED");
  }

  @Test
  void run_inReleaseReview_isRefusedNamingTheState() {
    var unusedRun = run(dev, 5);
    var unused = elements.release(dev, "e1");

    assertVaultException(
        () -> run(dev, 5),
        ErrorCode.POLICY_REFUSED,
        "element e1 is RELEASE_REVIEW: a run needs APPROVED or PUBLISHED");
  }

  @Test
  void review_approveInReleaseReview_publishesAndLogsElementPublish() {
    var unusedRun = run(dev, 5);
    var unused = elements.release(dev, "e1");

    Element element = elements.review(admin, "e1", true, "results fit for the catalog");

    assertThat(element.state()).isEqualTo(ElementState.PUBLISHED);
    assertThat(element.publishedAt()).isEqualTo(APPROVED_AT);
    assertThat(lastRecord().action()).isEqualTo("element.publish");
    assertThat(lastRecord().details())
        .isEqualTo(
            "in the catalog until "
                + element.validUntil()
                + "; reason: results fit for the catalog");
  }

  @Test
  void review_rejectInReleaseReview_returnsToApprovedWithTheReason() {
    var unusedRun = run(dev, 5);
    var unused = elements.release(dev, "e1");

    Element element = elements.review(admin, "e1", false, "outputs too fine for other tenants");

    assertThat(element.state()).isEqualTo(ElementState.APPROVED);
    assertThat(element.lastChange())
        .isEqualTo(new StateChange("admin", "outputs too fine for other tenants", APPROVED_AT));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "element.release-reject",
                "e1",
                Outcome.OK,
                "back to APPROVED; reason: outputs too fine for other tenants"));
  }

  @Test
  void review_approvedElement_isRefusedNamingTheState() {
    assertVaultException(
        () -> elements.review(admin, "e1", true, "again"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is APPROVED: review needs SUBMITTED or RELEASE_REVIEW");
  }

  @Test
  void run_published_isAllowed() {
    var unused = published();

    Ran ran = run(dev, 7);

    assertThat(ran.jobId()).isEqualTo("j2");
    assertThat(lastRecord().details()).isEqualTo("job j2, real data, 7 rows");
  }

  @Test
  void resume_suspendedPublishedElement_returnsToPublished() {
    var unused = published();
    var unusedSuspension = elements.suspend(admin, "e1", "complaint under review");

    Element resumed = elements.resume(admin, "e1");

    assertThat(resumed.state()).isEqualTo(ElementState.PUBLISHED);
  }

  @Test
  void catalog_publishedElement_isSeenByAnotherTenantWithoutItsQuery() {
    var unused = published();

    List<CatalogEntry> catalog = elements.catalog(bdev);

    assertThat(catalog)
        .containsExactly(
            new CatalogEntry(
                "e1",
                "by-district",
                "acme",
                "regional statistics",
                "credit risk pricing",
                List.of(new OutputColumn("district", "VARCHAR"), new OutputColumn("n", "BIGINT")),
                List.of(
                    new ReadColumn("district", Level.GENERAL),
                    new ReadColumn("income", Level.IMPORTANT)),
                List.of(),
                Protection.Mechanism.NOISE,
                null,
                10,
                APPROVED_AT,
                APPROVED_AT.plus(Duration.ofDays(90))));
    assertThat(catalog.toString()).doesNotContain(QUERY).doesNotContain("secret_marker");
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "bdev", "beta", "element.catalog", "", Outcome.OK, "1 published elements"));
  }

  @Test
  void catalog_approvedButUnpublishedElement_isNotListed() {
    assertThat(elements.catalog(bdev)).isEmpty();
  }

  @Test
  void catalog_expiredPublishedElement_isNotListed() {
    var unused = published();
    clock.advance(Duration.ofDays(91));

    assertThat(elements.catalog(aud)).isEmpty();
  }

  @Test
  void usage_runsOverTwoMonths_areCountedPerMonthFromTheLog() {
    var unused = run(dev, 5);
    unused = run(dev, 7);
    unused = elements.run(dev, "e1", true, (element, jobId) -> new Ran(jobId, 100));
    clock.advance(Duration.ofDays(31));
    unused = run(dev, 3);

    ElementUsage usage = elements.usage(alice, "e1");

    assertThat(usage)
        .isEqualTo(
            new ElementUsage(
                "e1",
                List.of(
                    new ElementUsage.Month("2026-03", 2, 12, List.of("acme"), List.of()),
                    new ElementUsage.Month("2026-04", 1, 3, List.of("acme"), List.of()))));
  }

  @Test
  void usage_byAnotherTenantsDeveloper_isNotFound() {
    assertVaultException(
        () -> elements.usage(bdev, "e1"), ErrorCode.NOT_FOUND, "element e1 not found");
  }

  @Test
  void usage_byAnotherDeveloperOfTheTenant_isForbidden() {
    assertVaultException(
        () -> elements.usage(dev2, "e1"),
        ErrorCode.FORBIDDEN,
        "element e1: its usage is for the vault admin, its tenant's admins and the developer who"
            + " submitted it");
  }

  @Test
  void usage_byAnAuditor_isForbidden() {
    assertVaultException(
        () -> elements.usage(aud, "e1"),
        ErrorCode.FORBIDDEN,
        "role auditor may not perform element.usage");
  }

  @Test
  void review_publishingAnElementOverANoneDataset_isRefusedNamingTheDataset() {
    importDataset("closed", "NONE");
    var unused = elements.submit(dev, spec("closed-by-district", "closed"), (c, s, f) -> PASSED);
    unused = elements.review(admin, "e2", true, "fits the purpose");
    var unusedRun = elements.run(dev, "e2", false, (element, jobId) -> new Ran(jobId, 5));
    unused = elements.release(dev, "e2");

    assertVaultException(
        () -> elements.review(admin, "e2", true, "results fit for the catalog"),
        ErrorCode.POLICY_REFUSED,
        "dataset closed of tenant acme is NONE (不予开放): it backs no published element");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(elements.show(admin, "e2").state()).isEqualTo(ElementState.RELEASE_REVIEW);
  }
}
