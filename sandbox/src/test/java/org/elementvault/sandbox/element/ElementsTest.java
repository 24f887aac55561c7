package org.elementvault.sandbox.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.engine.job.JobState;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.result.Release;
import org.elementvault.engine.result.ReleaseOrigin;
import org.elementvault.engine.store.VaultStore;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.sandbox.exec.JobLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The element workflow on a real vault: tenant {@code acme} with developers {@code dev} and {@code
 * dev2} and tenant admin {@code ada}; tenant {@code other} with developer {@code dave}; an auditor
 * {@code aud}.
 */
class ElementsTest {

  /** A query marker that must never reach the log or the disk in clear. */
  private static final String QUERY =
      "SELECT district, COUNT(*) AS QUERYMARKER FROM residents GROUP BY district";

  private static final Assessment PASSED =
      new Assessment(
          true,
          10,
          List.of(
              new ColumnUse(
                  "residents", "district", Level.GENERAL, PiiType.NONE, Set.of(Use.GROUP))),
          List.of("groups under 10 distinct subjects are suppressed"));

  private static final Assessor PASSES = (caller, spec, floor) -> PASSED;

  private static final Assessor REFUSES =
      (caller, spec, floor) -> {
        throw new VaultException(
            ErrorCode.POLICY_REFUSED,
            "residents.id_card (output): SENSITIVE columns need a masking function; use"
                + " mask_id_card");
      };

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private Elements elements;
  private Principal admin;
  private Principal dev;
  private Principal dev2;
  private Principal ada;
  private Principal dave;
  private Principal aud;

  @BeforeEach
  void createVault() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL, clock);
    admin = vault.admin();
    for (String tenant : List.of("acme", "other")) {
      var unused = vault.tenants().apply(admin, tenant, "ops", null);
      unused = vault.tenants().review(admin, tenant, true, "ok");
    }
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    dev2 = vault.addUser(admin, "dev2", Role.DEVELOPER, "acme", null).principal();
    ada = vault.addUser(admin, "ada", Role.TENANT_ADMIN, "acme", null).principal();
    dave = vault.addUser(admin, "dave", Role.DEVELOPER, "other", null).principal();
    aud = vault.addUser(admin, "aud", Role.AUDITOR, null, null).principal();
    elements = new Elements(vault);
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  private static ElementSpec spec(String name) {
    return spec(name, 10);
  }

  private static ElementSpec spec(String name, int threshold) {
    return new ElementSpec(
        name,
        ElementType.DATASET,
        "regional statistics",
        "credit risk pricing",
        List.of("residents"),
        QUERY,
        threshold,
        30,
        null);
  }

  private void setFloor(String tenant, int k) {
    var unused = vault.tenants().setQuotas(admin, tenant, Quotas.DEFAULTS.withMinThreshold(k));
  }

  private Element submit(Principal caller, String name) {
    return elements.submit(caller, spec(name), PASSES);
  }

  private LogRecord lastRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  private List<LogRecord> allRecords() {
    return Stream.iterate(1L, n -> n <= vault.log().size(), n -> n + 1)
        .map(n -> vault.log().entry(n).orElseThrow().record())
        .toList();
  }

  @Test
  void submit_passingSpec_storesItSubmittedWithTheFirstId() {
    Element element = submit(dev, "by-district");

    assertThat(element.id()).isEqualTo("e1");
    assertThat(element.state()).isEqualTo(ElementState.SUBMITTED);
    assertThat(element.tenant()).isEqualTo("acme");
    assertThat(element.developer()).isEqualTo("dev");
    assertThat(element.assessment()).isEqualTo(PASSED);
    assertThat(element.submittedAt()).isEqualTo(TestingVaults.NOW);
    assertThat(elements.show(dev, "e1")).isEqualTo(element);
  }

  @Test
  void submit_logsNameIdAndCountsButNeverTheQuery() {
    var unused = submit(dev, "by-district");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.submit",
                "by-district",
                Outcome.OK,
                "id e1, element by-district, DATASET, 1 datasets, 1 columns, threshold 10"));
    assertThat(allRecords()).noneMatch(r -> r.details().contains("QUERYMARKER"));
  }

  @Test
  void submit_afterReopen_elementAndSequencePersist() {
    var unused = submit(dev, "first");
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"), clock);
    elements = new Elements(vault);

    Element second = submit(dev, "second");

    assertThat(second.id()).isEqualTo("e2");
    assertThat(elements.show(dev, "e1").spec()).isEqualTo(spec("first"));
  }

  @Test
  void submit_refusedByTheAssessment_storesNothingAndLogsTheRefusal() {
    assertVaultException(
        () -> elements.submit(dev, spec("by-id"), REFUSES),
        ErrorCode.POLICY_REFUSED,
        "residents.id_card (output): SENSITIVE columns need a masking function; use mask_id_card");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.submit",
                "by-id",
                Outcome.REFUSED,
                "residents.id_card (output): SENSITIVE columns need a masking function; use"
                    + " mask_id_card"));
    assertThat(elements.list(dev, null)).isEmpty();
    assertThat(submit(dev, "by-id").id()).isEqualTo("e1");
  }

  @Test
  void submit_nameTakenInTheTenant_isRefused() {
    var unused = submit(dev, "by-district");

    assertVaultException(
        () -> submit(dev2, "by-district"),
        ErrorCode.USER_ERROR,
        "element by-district exists in tenant acme; choose another name");
  }

  @Test
  void submit_sameNameInAnotherTenant_isAllowed() {
    var unused = submit(dev, "by-district");

    assertThat(submit(dave, "by-district").tenant()).isEqualTo("other");
  }

  @Test
  void submit_suspendedTenant_isRefused() {
    var unused = vault.tenants().suspend(admin, "acme");

    assertVaultException(
        () -> submit(dev, "by-district"),
        ErrorCode.POLICY_REFUSED,
        "tenant acme is SUSPENDED: submissions need a working tenant");
  }

  @Test
  void submit_byEveryRoleButDeveloper_isForbidden() {
    for (Principal caller : List.of(admin, ada, aud)) {
      assertVaultException(
          () -> submit(caller, "x"),
          ErrorCode.FORBIDDEN,
          "role " + caller.role().label() + " may not perform element.submit");
    }
  }

  @Test
  void check_passingSpec_returnsTheAssessmentStoresNothingAndLogs() {
    Assessment assessment = elements.check(dev, spec("by-district"), PASSES);

    assertThat(assessment).isEqualTo(PASSED);
    assertThat(elements.list(dev, null)).isEmpty();
    assertThat(allRecords().get(allRecords().size() - 2))
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.check",
                "by-district",
                Outcome.OK,
                "dry run: element by-district, DATASET, 1 datasets, 1 columns, threshold 10"));
  }

  @Test
  void check_refusedSpec_isLoggedRefused() {
    assertVaultException(
        () -> elements.check(dev, spec("by-id"), REFUSES),
        ErrorCode.POLICY_REFUSED,
        "residents.id_card (output): SENSITIVE columns need a masking function; use mask_id_card");

    assertThat(lastRecord().action()).isEqualTo("element.check");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  // --- the tenant's threshold floor ---

  @Test
  void submit_thresholdBelowTenantFloor_isRefused() {
    assertVaultException(
        () -> elements.submit(dev, spec("coarse", 5), PASSES),
        ErrorCode.POLICY_REFUSED,
        "threshold 5 is below tenant acme's minimum threshold 10; raise threshold to at least 10");
  }

  @Test
  void submit_thresholdBelowTenantFloor_storesNothingAndLogsTheRefusal() {
    setFloor("acme", 20);

    assertVaultException(
        () -> elements.submit(dev, spec("coarse", 15), PASSES),
        ErrorCode.POLICY_REFUSED,
        "threshold 15 is below tenant acme's minimum threshold 20; raise threshold to at least 20");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.submit",
                "coarse",
                Outcome.REFUSED,
                "threshold 15 is below tenant acme's minimum threshold 20; raise threshold to at"
                    + " least 20"));
    assertThat(elements.list(dev, null)).isEmpty();
  }

  @Test
  void submit_thresholdExactlyAtTenantFloor_isAccepted() {
    setFloor("acme", 20);

    Element element = elements.submit(dev, spec("coarse", 20), PASSES);

    assertThat(element.state()).isEqualTo(ElementState.SUBMITTED);
  }

  @Test
  void submit_floorOfAnotherTenant_doesNotApply() {
    setFloor("other", 50);

    Element element = elements.submit(dev, spec("coarse", 10), PASSES);

    assertThat(element.tenant()).isEqualTo("acme");
  }

  @Test
  void check_thresholdBelowTenantFloor_isRefusedEvenByAPassingAssessor() {
    setFloor("acme", 12);

    assertVaultException(
        () -> elements.check(dev, spec("coarse", 11), PASSES),
        ErrorCode.POLICY_REFUSED,
        "threshold 11 is below tenant acme's minimum threshold 12; raise threshold to at least 12");
    assertThat(lastRecord().action()).isEqualTo("element.check");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void check_assessor_isGivenTheTenantsFloor() {
    setFloor("acme", 12);
    List<ThresholdFloor> given = new ArrayList<>();

    var unused =
        elements.check(
            dev,
            spec("coarse", 12),
            (caller, spec, floor) -> {
              given.add(floor);
              return PASSED;
            });

    assertThat(given).containsExactly(new ThresholdFloor("acme", 12));
  }

  @Test
  void run_floorRaisedAfterApproval_isRefusedNamingBothNumbers() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");
    setFloor("acme", 12);

    assertVaultException(
        () -> elements.run(dev, "e1", false, (element, jobId) -> jobId),
        ErrorCode.POLICY_REFUSED,
        "element e1's threshold 10 is below tenant acme's minimum threshold 12: a run needs a spec"
            + " with threshold at least 12; submit one");
    assertThat(lastRecord().action()).isEqualTo("element.run");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void run_sampleAfterTheFloorWasRaised_isRefusedToo() {
    var unused = submit(dev, "by-district");
    setFloor("acme", 12);

    assertVaultException(
        () -> elements.run(dev, "e1", true, (element, jobId) -> jobId),
        ErrorCode.POLICY_REFUSED,
        "element e1's threshold 10 is below tenant acme's minimum threshold 12: a run needs a spec"
            + " with threshold at least 12; submit one");
  }

  @Test
  void review_approveAfterTheFloorWasRaised_isRefusedNamingBothNumbers() {
    var unused = submit(dev, "by-district");
    setFloor("acme", 12);

    assertVaultException(
        () -> elements.review(admin, "e1", true, "ok"),
        ErrorCode.POLICY_REFUSED,
        "element e1's threshold 10 is below tenant acme's minimum threshold 12: a run needs a spec"
            + " with threshold at least 12; submit one");
    assertThat(elements.show(admin, "e1").state()).isEqualTo(ElementState.SUBMITTED);
  }

  @Test
  void run_thresholdExactlyAtRaisedFloor_runs() {
    var unused = elements.submit(dev, spec("coarse", 12), PASSES);
    unused = elements.review(admin, "e1", true, "ok");
    setFloor("acme", 12);

    String jobId = elements.run(dev, "e1", false, (element, job) -> job);

    assertThat(jobId).isEqualTo("j1");
  }

  @Test
  void review_approve_setsValidityFromTheSpec() {
    var unused = submit(dev, "by-district");
    clock.advance(Duration.ofHours(1));

    Element approved = elements.review(admin, "e1", true, "fits the purpose");

    Instant now = TestingVaults.NOW.plus(Duration.ofHours(1));
    assertThat(approved.state()).isEqualTo(ElementState.APPROVED);
    assertThat(approved.reviewedAt()).isEqualTo(now);
    assertThat(approved.reviewer()).isEqualTo("admin");
    assertThat(approved.reason()).isEqualTo("fits the purpose");
    assertThat(approved.validUntil()).isEqualTo(now.plus(Duration.ofDays(30)));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "element.approve",
                "e1",
                Outcome.OK,
                "valid until " + now.plus(Duration.ofDays(30)) + "; reason: fits the purpose"));
  }

  @Test
  void review_reject_isFinal() {
    var unused = submit(dev, "by-district");
    Element rejected = elements.review(admin, "e1", false, "purpose too broad");

    assertThat(rejected.state()).isEqualTo(ElementState.REJECTED);
    assertThat(rejected.validUntil()).isNull();
    assertThat(lastRecord().action()).isEqualTo("element.reject");
    assertVaultException(
        () -> elements.review(admin, "e1", true, "changed my mind"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is REJECTED: review needs SUBMITTED or RELEASE_REVIEW");
  }

  @Test
  void review_approvedElement_isRefused() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertVaultException(
        () -> elements.review(admin, "e1", false, "again"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is APPROVED: review needs SUBMITTED or RELEASE_REVIEW");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void review_byTenantRolesOrAuditor_isForbidden() {
    var unused = submit(dev, "by-district");

    for (Principal caller : List.of(dev, ada, aud)) {
      assertVaultException(
          () -> elements.review(caller, "e1", true, "self-approval"),
          ErrorCode.FORBIDDEN,
          "role " + caller.role().label() + " may not perform element.review");
    }
    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.SUBMITTED);
  }

  @Test
  void review_missingElement_isNotFound() {
    assertVaultException(
        () -> elements.review(admin, "e9", true, "ok"),
        ErrorCode.NOT_FOUND,
        "element e9 not found");
  }

  @Test
  void review_reasonWithLineBreak_isRefused() {
    var unused = submit(dev, "by-district");

    assertVaultException(
        () -> elements.review(admin, "e1", true, "ok\nforged line"),
        ErrorCode.USER_ERROR,
        "reason must be 1 to 500 characters on one line, without control characters");
  }

  @Test
  void show_elementOfAnotherTenant_isNotFoundExactlyLikeAMissingOne() {
    var unused = submit(dev, "by-district");

    assertVaultException(
        () -> elements.show(dave, "e1"), ErrorCode.NOT_FOUND, "element e1 not found");
    assertVaultException(
        () -> elements.show(dave, "e2"), ErrorCode.NOT_FOUND, "element e2 not found");
    assertThat(lastRecord().tenant()).isEqualTo("other");
  }

  @Test
  void show_invalidId_isRefusedWithoutEchoingIt() {
    assertVaultException(
        () -> elements.show(dev, "E1;drop"),
        ErrorCode.USER_ERROR,
        "invalid element name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting"
            + " with a letter or digit");
  }

  @Test
  void list_tenantPrincipals_seeOnlyTheirTenant() {
    var unused = submit(dev, "a");
    unused = submit(dave, "b");
    unused = submit(dev2, "c");

    assertThat(elements.list(ada, null)).extracting(Element::id).containsExactly("e1", "e3");
    assertThat(elements.list(dave, null)).extracting(Element::id).containsExactly("e2");
  }

  @Test
  void list_anotherTenantByName_isNotFound() {
    assertVaultException(
        () -> elements.list(dave, "acme"), ErrorCode.NOT_FOUND, "tenant acme not found");
  }

  @Test
  void list_adminAndAuditor_seeEveryTenantOrTheOneNamed() {
    var unused = submit(dev, "a");
    unused = submit(dave, "b");

    assertThat(elements.list(admin, null)).extracting(Element::id).containsExactly("e1", "e2");
    assertThat(elements.list(aud, "other")).extracting(Element::id).containsExactly("e2");
  }

  @Test
  void list_afterTheTenantExits_omitsItsElements() {
    var unused = submit(dev, "a");
    unused = submit(dave, "b");

    var unusedTenant = vault.exitTenant(admin, "acme", "acme");

    assertThat(elements.list(admin, null)).extracting(Element::id).containsExactly("e2");
    assertVaultException(
        () -> elements.show(admin, "e1"), ErrorCode.NOT_FOUND, "element e1 not found");
  }

  @Test
  void run_approvedElement_givesBodyTheElementAndAJobAndLogsReleaseBeforeTheRun() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");
    byte[] result = "district,people\nRESULTMARKER,12\n".getBytes(StandardCharsets.UTF_8);

    Release release =
        elements.run(
            dev,
            "e1",
            false,
            (element, jobId) ->
                vault
                    .results()
                    .release(
                        dev,
                        element.tenantId(),
                        new ReleaseOrigin(element.id(), jobId, Optional.empty()),
                        result));

    assertThat(release.jobId()).isEqualTo("j1");
    assertThat(vault.results().read(dev, "j1")).isEqualTo(result);
    List<LogRecord> records = allRecords();
    LogRecord released = records.get(records.size() - 3);
    LogRecord ran = records.get(records.size() - 2);
    assertThat(released.action()).isEqualTo("result.release");
    assertThat(released.details()).contains("hash " + release.hash());
    assertThat(ran)
        .isEqualTo(
            new LogRecord("dev", "acme", "element.run", "e1", Outcome.OK, "job j1, real data"));
  }

  @Test
  void run_jobIds_areNeverReusedEvenAfterAFailedRun() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertVaultException(
        () ->
            elements.run(
                dev,
                "e1",
                false,
                (element, jobId) -> {
                  throw new VaultException(
                      ErrorCode.RESOURCE_LIMIT, "the job scanned too many rows");
                }),
        ErrorCode.RESOURCE_LIMIT,
        "the job scanned too many rows");
    String second = elements.run(dev, "e1", false, (element, jobId) -> jobId);

    assertThat(second).isEqualTo("j2");
  }

  @Test
  void run_bodyRefusal_isLoggedAsTheRun() {
    var unused = submit(dev, "by-district");

    assertVaultException(
        () ->
            elements.run(
                dev,
                "e1",
                true,
                (element, jobId) -> {
                  throw new VaultException(ErrorCode.POLICY_REFUSED, "sample data is not ready");
                }),
        ErrorCode.POLICY_REFUSED,
        "sample data is not ready");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev", "acme", "element.run", "e1", Outcome.REFUSED, "sample data is not ready"));
  }

  @Test
  void run_submittedElementOnRealData_isRefusedAndTheBodyNeverRuns() {
    var unused = submit(dev, "by-district");

    assertVaultException(
        () -> elements.run(dev, "e1", false, (element, jobId) -> failIfCalled()),
        ErrorCode.POLICY_REFUSED,
        "element e1 is SUBMITTED: a run needs APPROVED or PUBLISHED");
  }

  @Test
  void run_sampleOfSubmittedElement_isAllowed() {
    var unused = submit(dev, "by-district");

    String jobId = elements.run(dev, "e1", true, (element, id) -> id);

    assertThat(jobId).isEqualTo("j1");
    assertThat(lastRecord().details()).isEqualTo("job j1, sample data");
  }

  @Test
  void run_sampleOfRejectedElement_isRefused() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", false, "no");

    assertVaultException(
        () -> elements.run(dev, "e1", true, (element, jobId) -> failIfCalled()),
        ErrorCode.POLICY_REFUSED,
        "element e1 is REJECTED: a sample run needs SUBMITTED or APPROVED");
  }

  @Test
  void run_afterTheApprovalEnds_isRefused() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");
    clock.advance(Duration.ofDays(30));

    assertVaultException(
        () -> elements.run(dev, "e1", false, (element, jobId) -> failIfCalled()),
        ErrorCode.POLICY_REFUSED,
        "element e1's approval ended at "
            + TestingVaults.NOW.plus(Duration.ofDays(30))
            + ": a run needs a valid approval");
  }

  @Test
  void run_byAnotherDeveloperOfTheTenant_isForbidden() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertVaultException(
        () -> elements.run(dev2, "e1", false, (element, jobId) -> failIfCalled()),
        ErrorCode.FORBIDDEN,
        "element e1 runs only for the developer who submitted it");
  }

  @Test
  void run_byDeveloperOfAnotherTenant_isNotFound() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertVaultException(
        () -> elements.run(dave, "e1", false, (element, jobId) -> failIfCalled()),
        ErrorCode.NOT_FOUND,
        "element e1 not found");
  }

  @Test
  void run_byAdminTenantAdminOrAuditor_isForbidden() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    for (Principal caller : List.of(admin, ada, aud)) {
      assertVaultException(
          () -> elements.run(caller, "e1", false, (element, jobId) -> failIfCalled()),
          ErrorCode.FORBIDDEN,
          "role " + caller.role().label() + " may not perform element.run");
    }
  }

  @Test
  void run_suspendedTenant_isRefused() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");
    var unusedTenant = vault.tenants().suspend(admin, "acme");

    assertVaultException(
        () -> elements.run(dev, "e1", false, (element, jobId) -> failIfCalled()),
        ErrorCode.POLICY_REFUSED,
        "tenant acme is SUSPENDED: runs need a working tenant");
  }

  /** Invariant 1: names and query text are sealed; none of it is in any file of the vault. */
  @Test
  void submit_queryAndPurpose_appearInNoFileOfTheVault() throws Exception {
    var unused = submit(dev, "by-district");
    Path dir = vault.directory();
    vault.close();
    try (VaultStore store = VaultStore.open(dir.resolve("db"))) {
      store.flushAndCompact();
    }

    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).as(file + " holds the query").doesNotContain("QUERYMARKER");
        assertThat(content).as(file + " holds the scenario").doesNotContain("regional statistics");
      }
    } finally {
      vault = TestingVaults.open(dir, clock);
    }
  }

  private static String failIfCalled() {
    throw new AssertionError("the body must not run");
  }

  @Test
  void run_bodyReturns_recordsTheJobDone() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    String jobId = elements.run(dev, "e1", false, (element, job) -> job);

    assertThat(vault.jobs().show(dev, jobId).state()).isEqualTo(JobState.DONE);
  }

  @Test
  void run_bodyThrows_recordsTheJobFailed() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertThatThrownBy(
            () ->
                elements.run(
                    dev,
                    "e1",
                    false,
                    (element, job) -> {
                      throw new VaultException(ErrorCode.RESOURCE_LIMIT, "job stopped: test limit");
                    }))
        .isInstanceOf(VaultException.class);

    assertThat(vault.jobs().show(dev, "j1").state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void run_cancelledWhileRunning_stopsAtTheNextBatchAndEndsCancelled() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertThatThrownBy(
            () ->
                elements.run(
                    dev,
                    "e1",
                    false,
                    (element, job) -> {
                      var unusedJob = vault.jobs().cancel(dev, job);
                      JobLimits limits =
                          new JobLimits(
                              clock,
                              Duration.ofMinutes(5),
                              1_000,
                              1_000,
                              () -> vault.jobs().isCancelRequested(job));
                      limits.onBatch(10);
                      return job;
                    }))
        .isInstanceOf(VaultException.class)
        .hasMessage("job stopped: it was cancelled");

    assertThat(vault.jobs().show(admin, "j1").state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void cancel_jobOfAnotherDeveloper_isNotFound() {
    var unused = submit(dev, "by-district");
    unused = elements.review(admin, "e1", true, "ok");

    assertThatThrownBy(
            () ->
                elements.run(
                    dev, "e1", false, (element, job) -> vault.jobs().cancel(dev2, job).id()))
        .isInstanceOf(VaultException.class)
        .hasMessage("job j1 not found");
  }
}
