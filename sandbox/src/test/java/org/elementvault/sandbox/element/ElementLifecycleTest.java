package org.elementvault.sandbox.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.job.JobState;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.store.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An element's life after its review, on a real vault: tenant {@code acme} with developers {@code
 * dev} (who submits {@code e1}, approved for 30 days) and {@code dev2}; an auditor {@code aud}.
 */
class ElementLifecycleTest {

  private static final Assessment PASSED =
      new Assessment(
          true,
          10,
          List.of(
              new ColumnUse(
                  "residents", "district", Level.GENERAL, PiiType.NONE, Set.of(Use.GROUP))),
          List.of("groups under 10 distinct subjects are suppressed"));

  private static final Instant APPROVED_AT = TestingVaults.NOW;
  private static final Instant VALID_UNTIL = APPROVED_AT.plus(Duration.ofDays(30));

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private Elements elements;
  private Principal admin;
  private Principal dev;
  private Principal dev2;
  private Principal aud;

  @BeforeEach
  void createVaultWithAnApprovedElement() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL, clock);
    admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    dev2 = vault.addUser(admin, "dev2", Role.DEVELOPER, "acme", null).principal();
    aud = vault.addUser(admin, "aud", Role.AUDITOR, null, null).principal();
    elements = new Elements(vault);
    var unusedElement = elements.submit(dev, spec("by-district"), (caller, spec, floor) -> PASSED);
    unusedElement = elements.review(admin, "e1", true, "fits the purpose");
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  private static ElementSpec spec(String name) {
    return new ElementSpec(
        name,
        ElementType.DATASET,
        "regional statistics",
        "credit risk pricing",
        List.of("residents"),
        "SELECT district, COUNT(*) AS n FROM residents GROUP BY district",
        10,
        30,
        null);
  }

  private LogRecord lastRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  private String run(Principal caller, boolean sample) {
    return elements.run(caller, "e1", sample, (element, jobId) -> jobId);
  }

  @Test
  void suspend_approvedElement_isSuspendedAndLoggedWithTheReason() {
    clock.advance(Duration.ofHours(1));

    Element suspended = elements.suspend(admin, "e1", "purpose under review");

    assertThat(suspended.state()).isEqualTo(ElementState.SUSPENDED);
    assertThat(suspended.validUntil()).isEqualTo(VALID_UNTIL);
    assertThat(suspended.lastChange())
        .isEqualTo(
            new StateChange(
                "admin", "purpose under review", APPROVED_AT.plus(Duration.ofHours(1))));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "element.suspend",
                "e1",
                Outcome.OK,
                "reason: purpose under review"));
  }

  @Test
  void run_suspendedElement_isRefusedAtOnce() {
    var unused = elements.suspend(admin, "e1", "purpose under review");

    assertVaultException(
        () -> run(dev, false),
        ErrorCode.POLICY_REFUSED,
        "element e1 is SUSPENDED: a run needs APPROVED or PUBLISHED");
    assertThat(lastRecord().action()).isEqualTo("element.run");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void run_sampleOfSuspendedElement_isRefused() {
    var unused = elements.suspend(admin, "e1", "purpose under review");

    assertVaultException(
        () -> run(dev, true),
        ErrorCode.POLICY_REFUSED,
        "element e1 is SUSPENDED: a sample run needs SUBMITTED or APPROVED");
  }

  @Test
  void resume_suspendedElement_runsAgainWithItsOriginalValidity() {
    var unused = elements.suspend(admin, "e1", "purpose under review");

    Element resumed = elements.resume(admin, "e1");

    assertThat(resumed.state()).isEqualTo(ElementState.APPROVED);
    assertThat(resumed.validUntil()).isEqualTo(VALID_UNTIL);
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "element.resume",
                "e1",
                Outcome.OK,
                "back to APPROVED, valid until " + VALID_UNTIL));
    assertThat(run(dev, false)).isEqualTo("j1");
  }

  @Test
  void resume_approvedElement_isRefusedNamingTheState() {
    assertVaultException(
        () -> elements.resume(admin, "e1"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is APPROVED: resume needs SUSPENDED");
    assertThat(lastRecord().action()).isEqualTo("element.resume");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void suspend_submittedElement_isRefusedNamingTheState() {
    var unused = elements.submit(dev, spec("second"), (caller, spec, floor) -> PASSED);

    assertVaultException(
        () -> elements.suspend(admin, "e2", "not yet"),
        ErrorCode.POLICY_REFUSED,
        "element e2 is SUBMITTED: suspend needs APPROVED or PUBLISHED");
  }

  @Test
  void suspend_suspendedElement_isRefused() {
    var unused = elements.suspend(admin, "e1", "purpose under review");

    assertVaultException(
        () -> elements.suspend(admin, "e1", "again"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is SUSPENDED: suspend needs APPROVED or PUBLISHED");
  }

  @Test
  void suspendOrResume_byDeveloperOrAuditor_isForbidden() {
    for (Principal caller : List.of(dev, aud)) {
      assertVaultException(
          () -> elements.suspend(caller, "e1", "mine"),
          ErrorCode.FORBIDDEN,
          "role " + caller.role().label() + " may not perform element.suspend");
      assertVaultException(
          () -> elements.resume(caller, "e1"),
          ErrorCode.FORBIDDEN,
          "role " + caller.role().label() + " may not perform element.resume");
    }
    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  void suspend_reasonWithLineBreak_isRefusedAndChangesNothing() {
    assertVaultException(
        () -> elements.suspend(admin, "e1", "ok\nforged line"),
        ErrorCode.USER_ERROR,
        "reason must be 1 to 500 characters on one line, without control characters");
    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  void retire_byTheOwningDeveloper_isLoggedWithTheStateItLeft() {
    Element retired = elements.retire(dev, "e1", "replaced by a newer element");

    assertThat(retired.state()).isEqualTo(ElementState.RETIRED);
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.retire",
                "e1",
                Outcome.OK,
                "was APPROVED; reason: replaced by a newer element"));
  }

  @Test
  void retire_isFinal_noRunResumeReviewOrSecondRetire() {
    var unused = elements.retire(admin, "e1", "withdrawn");

    assertVaultException(
        () -> run(dev, false),
        ErrorCode.POLICY_REFUSED,
        "element e1 is RETIRED: a run needs APPROVED or PUBLISHED");
    assertVaultException(
        () -> elements.resume(admin, "e1"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is RETIRED: resume needs SUSPENDED");
    assertVaultException(
        () -> elements.review(admin, "e1", true, "again"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is RETIRED: review needs SUBMITTED or RELEASE_REVIEW");
    assertVaultException(
        () -> elements.retire(admin, "e1", "again"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is RETIRED: retire needs SUBMITTED, APPROVED, RELEASE_REVIEW, PUBLISHED, SUSPENDED or EXPIRED");
  }

  @Test
  void retire_suspendedElement_isAllowed() {
    var unused = elements.suspend(admin, "e1", "purpose under review");

    Element retired = elements.retire(admin, "e1", "purpose not renewed");

    assertThat(retired.state()).isEqualTo(ElementState.RETIRED);
    assertThat(lastRecord().details()).isEqualTo("was SUSPENDED; reason: purpose not renewed");
  }

  @Test
  void retire_byAnotherDeveloperOfTheTenant_isForbidden() {
    assertVaultException(
        () -> elements.retire(dev2, "e1", "not mine"),
        ErrorCode.FORBIDDEN,
        "element e1: only the vault admin or the developer who submitted it may retire it");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  void retire_retiredElementByAnotherDeveloper_isForbiddenBeforeTheStateIsNamed() {
    var unused = elements.retire(dev, "e1", "withdrawn");

    assertVaultException(
        () -> elements.retire(dev2, "e1", "again"),
        ErrorCode.FORBIDDEN,
        "element e1: only the vault admin or the developer who submitted it may retire it");
  }

  @Test
  void retire_rejectedElement_isRefused() {
    var unused = elements.submit(dev, spec("second"), (caller, spec, floor) -> PASSED);
    unused = elements.review(admin, "e2", false, "no");

    assertVaultException(
        () -> elements.retire(dev, "e2", "tidy up"),
        ErrorCode.POLICY_REFUSED,
        "element e2 is REJECTED: retire needs SUBMITTED, APPROVED, RELEASE_REVIEW, PUBLISHED, SUSPENDED or EXPIRED");
  }

  @Test
  void listAndShow_pastTheValidity_readExpired() {
    clock.set(VALID_UNTIL);

    assertThat(elements.list(dev, null))
        .extracting(Element::state)
        .containsExactly(ElementState.EXPIRED);
    assertThat(elements.show(admin, "e1").state()).isEqualTo(ElementState.EXPIRED);
  }

  @Test
  void listAndShow_aMomentBeforeTheValidityEnds_readApproved() {
    clock.set(VALID_UNTIL.minusSeconds(1));

    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  void run_pastTheValidity_isRefusedNamingTheDate() {
    clock.set(VALID_UNTIL);

    assertVaultException(
        () -> run(dev, false),
        ErrorCode.POLICY_REFUSED,
        "element e1's approval ended at " + VALID_UNTIL + ": a run needs a valid approval");
  }

  @Test
  void suspend_expiredElement_isRefusedNamingExpired() {
    clock.set(VALID_UNTIL);

    assertVaultException(
        () -> elements.suspend(admin, "e1", "late"),
        ErrorCode.POLICY_REFUSED,
        "element e1 is EXPIRED: suspend needs APPROVED or PUBLISHED");
  }

  @Test
  void retire_expiredElement_isAllowedAndStoresRetired() {
    clock.set(VALID_UNTIL.plus(Duration.ofDays(1)));

    var unused = elements.retire(admin, "e1", "out of date");

    assertThat(lastRecord().details()).isEqualTo("was EXPIRED; reason: out of date");
    assertThat(elements.show(admin, "e1").state()).isEqualTo(ElementState.RETIRED);
  }

  @Test
  void resume_afterTheValidityRanOutWhileSuspended_readsExpired() {
    var unused = elements.suspend(admin, "e1", "purpose under review");
    clock.set(VALID_UNTIL.plus(Duration.ofDays(1)));

    unused = elements.resume(admin, "e1");

    assertThat(elements.show(dev, "e1").state()).isEqualTo(ElementState.EXPIRED);
  }

  @Test
  void daysLeft_countsAStartedDayAsOne() {
    Element element = elements.show(dev, "e1");

    assertThat(element.daysLeftAt(APPROVED_AT)).isEqualTo(OptionalLong.of(30));
    assertThat(element.daysLeftAt(VALID_UNTIL.minusSeconds(1))).isEqualTo(OptionalLong.of(1));
    assertThat(element.daysLeftAt(VALID_UNTIL)).isEmpty();
  }

  @Test
  void daysLeft_ofASuspendedElement_isEmpty() {
    Element suspended = elements.suspend(admin, "e1", "purpose under review");

    assertThat(suspended.daysLeftAt(APPROVED_AT)).isEmpty();
  }

  /** Elements stored before lifecycle steps existed have no {@code lastChange}; they still load. */
  @Test
  void show_elementStoredWithoutLastChange_loads() {
    // The record as stored, read back as plain JSON: what an element looked like before.
    @SuppressWarnings("unchecked")
    Map<String, Object> old = vault.records().loadAll("element", Map.class).get(0);
    old.remove("lastChange");
    Batch batch = new Batch();
    vault.records().put(batch, "element", 1, old);
    var unused =
        vault
            .guard()
            .run(
                admin,
                Operation.ELEMENT_SUSPEND,
                "acme",
                "e1",
                () ->
                    new Guard.Change<>(
                        "", batch, null, "an element stored in the old shape", () -> {}));

    Element loaded = elements.show(dev, "e1");

    assertThat(loaded.state()).isEqualTo(ElementState.APPROVED);
    assertThat(loaded.lastChange()).isNull();
    assertThat(elements.suspend(admin, "e1", "still works").state())
        .isEqualTo(ElementState.SUSPENDED);
  }

  /** Suspension stops a run in progress: its job is asked to stop and ends CANCELLED. */
  @Test
  void suspend_whileARunIsInProgress_cancelsItsJob() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch suspended = new CountDownLatch(1);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<String> run =
          runner.submit(
              () ->
                  elements.run(
                      dev,
                      "e1",
                      false,
                      (element, jobId) -> {
                        started.countDown();
                        awaitOrFail(suspended);
                        if (vault.jobs().isCancelRequested(jobId)) {
                          throw new VaultException(ErrorCode.RESOURCE_LIMIT, "job cancelled");
                        }
                        return jobId;
                      }));
      awaitOrFail(started);

      var unused = elements.suspend(admin, "e1", "purpose under review");
      suspended.countDown();

      assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(VaultException.class);
    } finally {
      runner.shutdownNow();
    }
    assertThat(vault.jobs().list(admin))
        .extracting(JobRecord::state)
        .containsExactly(JobState.CANCELLED);
  }

  private static void awaitOrFail(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
