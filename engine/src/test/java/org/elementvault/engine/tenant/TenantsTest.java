package org.elementvault.engine.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.auth.Token;
import org.elementvault.engine.chunk.ChunkCache;
import org.elementvault.engine.chunk.ChunkCacheBudget;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.seal.SealedMeta;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.VaultStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tenant lifecycle on a real vault. The clock starts on Wednesday 2026-03-04, 10:00 in Shanghai
 * (the business zone), so working-day deadlines cross a weekend.
 */
class TenantsTest {

  /** Wednesday 2026-03-04 10:00 in Asia/Shanghai. */
  private static final Instant WEDNESDAY = Instant.parse("2026-03-04T02:00:00Z");

  /** Tenants alone hold no chunks: a cache that keeps nothing. */
  private static final ChunkCache NO_CACHE = ChunkCache.create(ChunkCacheBudget.OFF);

  private static final String CONTACT = "ops desk, +86 10 5555 0100";
  private static final String INVALID_NAME =
      "invalid tenant name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with"
          + " a letter or digit";
  private static final Quotas BIGGER = new Quotas(20L << 30, 8, 2_000_000_000L, 12);

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(WEDNESDAY);
  private Vault vault;
  private Principal admin;

  @BeforeEach
  void createVault() {
    vault = TestingVaults.create(vaultDir(), CipherSuite.INTL, clock);
    admin = vault.admin();
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  // --- application and review ---

  @Test
  void apply_newTenant_isAppliedWithReviewDueFiveWorkingDaysLater() {
    Tenant tenant = apply("acme");

    assertThat(tenant.state()).isEqualTo(TenantState.APPLIED);
    assertThat(tenant.reviewDue()).isEqualTo(LocalDate.parse("2026-03-11"));
    assertThat(tenant.quotas()).isEqualTo(Quotas.DEFAULTS);
    assertThat(tenant.contact()).isEqualTo(CONTACT);
  }

  @Test
  void apply_onSaturdayInShanghai_countsFiveWorkingDaysFromSaturday() {
    clock.set(Instant.parse("2026-03-06T17:00:00Z")); // Saturday 01:00 in Shanghai

    Tenant tenant = apply("acme");

    assertThat(tenant.reviewDue()).isEqualTo(LocalDate.parse("2026-03-13"));
  }

  @Test
  void apply_newTenant_isLoggedWithItsReviewDeadline() {
    var unused = apply("acme");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin", "acme", "tenant.apply", "acme", Outcome.OK, "review due 2026-03-11"));
  }

  @Test
  void apply_existingName_isRefused() {
    var unused = apply("acme");

    assertVaultException(
        () -> apply("acme"),
        ErrorCode.USER_ERROR,
        "tenant acme exists or existed; choose another name");
  }

  @Test
  void review_approve_startsThirtyDayTrialWithActivationReviewThreeWorkingDaysAfter() {
    var unused = apply("acme");

    Tenant tenant = vault.tenants().review(admin, "acme", true, "documents complete");

    assertThat(tenant.state()).isEqualTo(TenantState.TRIAL);
    assertThat(tenant.trialEnds()).isEqualTo(LocalDate.parse("2026-04-03")); // a Friday
    assertThat(tenant.activationReviewDue()).isEqualTo(LocalDate.parse("2026-04-08"));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "tenant.approve",
                "acme",
                Outcome.OK,
                "trial ends 2026-04-03; reason: documents complete"));
  }

  @Test
  void review_reject_isRejectedAndLoggedAsTenantReject() {
    var unused = apply("acme");

    Tenant tenant = vault.tenants().review(admin, "acme", false, "incomplete documents");

    assertThat(tenant.state()).isEqualTo(TenantState.REJECTED);
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "tenant.reject",
                "acme",
                Outcome.OK,
                "reason: incomplete documents"));
  }

  @Test
  void review_reject_createsNoTenantKey() {
    var unused = apply("acme");

    Tenant rejected = vault.tenants().review(admin, "acme", false, "incomplete documents");

    assertThat(keyFile(rejected)).doesNotExist();
  }

  @Test
  void activate_inTrial_isActive() {
    var unused = trial("acme");

    Tenant tenant = vault.tenants().activate(admin, "acme");

    assertThat(tenant.state()).isEqualTo(TenantState.ACTIVE);
    assertThat(show("acme")).isEqualTo(tenant);
  }

  @Test
  void extendTrial_inTrial_movesTrialEndAndActivationReview() {
    var unused = trial("acme");

    Tenant tenant = vault.tenants().extendTrial(admin, "acme", 10);

    assertThat(tenant.state()).isEqualTo(TenantState.TRIAL);
    assertThat(tenant.trialEnds()).isEqualTo(LocalDate.parse("2026-04-13"));
    assertThat(tenant.activationReviewDue()).isEqualTo(LocalDate.parse("2026-04-16"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 91})
  void extendTrial_daysOutOfRange_isRefusedAndChangesNothing(int days) {
    Tenant before = trial("acme");

    assertVaultException(
        () -> vault.tenants().extendTrial(admin, "acme", days),
        ErrorCode.USER_ERROR,
        "a trial extension is 1 to 90 days");
    assertThat(show("acme")).isEqualTo(before);
  }

  // --- suspension ---

  @Test
  void resume_suspendedTrial_returnsToTrial() {
    Tenant before = trial("acme");
    Tenant suspended = vault.tenants().suspend(admin, "acme");

    Tenant resumed = vault.tenants().resume(admin, "acme");

    assertThat(suspended.state()).isEqualTo(TenantState.SUSPENDED);
    assertThat(suspended.canOperate(today())).isFalse();
    assertThat(resumed).isEqualTo(before);
  }

  @Test
  void resume_suspendedActive_returnsToActive() {
    Tenant before = active("acme");
    var unused = vault.tenants().suspend(admin, "acme");

    Tenant resumed = vault.tenants().resume(admin, "acme");

    assertThat(resumed).isEqualTo(before);
    assertThat(resumed.canOperate(today())).isTrue();
  }

  @Test
  void resume_suspendedChangeRequest_returnsToTheRequestWhichCanStillBeApproved() {
    var unused = active("acme");
    Tenant requested = vault.tenants().requestChange(tenantAdmin("acme"), "acme", BIGGER);
    var suspended = vault.tenants().suspend(admin, "acme");

    Tenant resumed = vault.tenants().resume(admin, "acme");
    Tenant approved = vault.tenants().review(admin, "acme", true, "capacity available");

    assertThat(suspended.state()).isEqualTo(TenantState.SUSPENDED);
    assertThat(resumed).isEqualTo(requested);
    assertThat(approved.state()).isEqualTo(TenantState.ACTIVE);
    assertThat(approved.quotas()).isEqualTo(BIGGER);
  }

  // --- change requests and quotas ---

  @Test
  void requestChange_byTenantAdmin_waitsForReviewWithQuotasUnchanged() {
    var unused = active("acme");

    Tenant tenant = vault.tenants().requestChange(tenantAdmin("acme"), "acme", BIGGER);

    assertThat(tenant.state()).isEqualTo(TenantState.CHANGE_REQUESTED);
    assertThat(tenant.resumeState()).isEqualTo(TenantState.ACTIVE);
    assertThat(tenant.quotas()).isEqualTo(Quotas.DEFAULTS);
    assertThat(tenant.requestedQuotas()).isEqualTo(BIGGER);
    assertThat(tenant.changeReviewDue()).isEqualTo(LocalDate.parse("2026-03-09"));
    assertThat(tenant.canOperate(today())).isTrue();
  }

  @Test
  void review_approveChange_appliesQuotasAndReturnsToPreviousState() {
    var unused = trial("acme");
    var requested = vault.tenants().requestChange(tenantAdmin("acme"), "acme", BIGGER);

    Tenant tenant = vault.tenants().review(admin, "acme", true, "capacity available");

    assertThat(tenant.state()).isEqualTo(TenantState.TRIAL);
    assertThat(tenant.quotas()).isEqualTo(BIGGER);
    assertThat(tenant.requestedQuotas()).isNull();
    assertThat(tenant.trialEnds()).isEqualTo(requested.trialEnds());
    assertThat(lastRecord().action()).isEqualTo("tenant.change-approve");
  }

  @Test
  void review_rejectChange_keepsQuotasAndReturnsToPreviousState() {
    Tenant before = active("acme");
    var unused = vault.tenants().requestChange(tenantAdmin("acme"), "acme", BIGGER);

    Tenant tenant = vault.tenants().review(admin, "acme", false, "no capacity");

    assertThat(tenant).isEqualTo(before);
    assertThat(lastRecord().action()).isEqualTo("tenant.change-reject");
  }

  @Test
  void requestChange_byTenantAdminOfAnotherTenant_isNotFoundLikeAMissingTenant() {
    var unused = active("acme");
    Principal betaAdmin = tenantAdmin(active("beta").name());

    assertVaultException(
        () -> vault.tenants().requestChange(betaAdmin, "acme", BIGGER),
        ErrorCode.NOT_FOUND,
        "tenant acme not found");
    assertThat(show("acme").state()).isEqualTo(TenantState.ACTIVE);
  }

  @Test
  void requestChange_byDeveloper_isForbidden() {
    var unused = active("acme");
    Principal developer = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).principal();

    assertVaultException(
        () -> vault.tenants().requestChange(developer, "acme", BIGGER),
        ErrorCode.FORBIDDEN,
        "role developer may not perform tenant.change");
  }

  @Test
  void setQuotas_byAdmin_appliesAtOnceAndKeepsTheState() {
    var unused = active("acme");

    Tenant tenant = vault.tenants().setQuotas(admin, "acme", BIGGER);

    assertThat(tenant.state()).isEqualTo(TenantState.ACTIVE);
    assertThat(tenant.quotas()).isEqualTo(BIGGER);
    assertThat(lastRecord().action()).isEqualTo("tenant.quota");
  }

  @Test
  void setQuotas_byTenantAdmin_isForbiddenAndLogged() {
    var unused = active("acme");
    Principal acmeAdmin = tenantAdmin("acme");

    assertVaultException(
        () -> vault.tenants().setQuotas(acmeAdmin, "acme", BIGGER),
        ErrorCode.FORBIDDEN,
        "role tenant-admin may not perform tenant.quota");
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "acme-admin",
                "acme",
                "tenant.quota",
                "acme",
                Outcome.REFUSED,
                "role tenant-admin may not perform tenant.quota"));
    assertThat(show("acme").quotas()).isEqualTo(Quotas.DEFAULTS);
  }

  @Test
  void apply_newTenant_hasTheDefaultMinThresholdOfTen() {
    Tenant tenant = apply("acme");

    assertThat(tenant.quotas().minThreshold()).isEqualTo(10);
  }

  @Test
  void setQuotas_minThreshold_isAppliedAndLoggedLikeEveryQuota() {
    var unused = active("acme");

    Tenant tenant = vault.tenants().setQuotas(admin, "acme", Quotas.DEFAULTS.withMinThreshold(12));

    assertThat(tenant.quotas().minThreshold()).isEqualTo(12);
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "tenant.quota",
                "acme",
                Outcome.OK,
                "Quotas[storageBytes=10737418240, maxJobs=4, maxRowsScanned=1000000000,"
                    + " minThreshold=12]"));
  }

  @Test
  void setQuotas_minThreshold_survivesReopen() {
    var unused = active("acme");
    var unusedQuota =
        vault.tenants().setQuotas(admin, "acme", Quotas.DEFAULTS.withMinThreshold(25));

    reopen();

    assertThat(show("acme").quotas()).isEqualTo(Quotas.DEFAULTS.withMinThreshold(25));
  }

  /** Vaults sealed tenants before the threshold floor existed; they must keep opening. */
  @Test
  void open_tenantSealedWithoutMinThreshold_getsTheDefaultFloor() {
    Primitives primitives = CipherSuite.INTL.primitives(new SecureRandom());
    try (VaultStore store = VaultStore.create(temp.resolve("older-db"))) {
      var sealer = primitives.aead(primitives.newKey());
      SealedMeta meta = new SealedMeta(store, sealer, "vault-under-test");
      Batch batch = new Batch();
      meta.put(batch, "tenant", 1, tenantSealedBeforeTheFloor());
      store.write(batch);
      OperationLog log =
          OperationLog.open(store, sealer, primitives.hasher(), clock, "vault-under-test");
      KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
      KeyDirectory keys = new KeyDirectory(temp.resolve("older-keys"));

      Tenants tenants =
          new Tenants(meta, new Guard(log), keys, master, primitives, clock, NO_CACHE);

      Tenant tenant = tenants.find(builtinAdmin(), "acme").orElseThrow();
      assertThat(tenant.state()).isEqualTo(TenantState.CHANGE_REQUESTED);
      assertThat(tenant.quotas()).isEqualTo(Quotas.DEFAULTS);
      assertThat(tenant.requestedQuotas())
          .isEqualTo(new Quotas(20L << 30, 8, 2_000_000_000L, Quotas.DEFAULT_MIN_THRESHOLD));
    }
  }

  /** A tenant record in the shape sealed before quotas had {@code minThreshold}. */
  private static Map<String, @Nullable Object> tenantSealedBeforeTheFloor() {
    Map<String, @Nullable Object> tenant = new LinkedHashMap<>();
    tenant.put("id", 1);
    tenant.put("name", "acme");
    tenant.put("contact", CONTACT);
    tenant.put("state", "CHANGE_REQUESTED");
    tenant.put("resumeState", "ACTIVE");
    tenant.put("appliedAt", "2026-03-04T02:00:00Z");
    tenant.put("reviewDue", "2026-03-11");
    tenant.put("trialEnds", "2026-04-03");
    tenant.put("activationReviewDue", "2026-04-08");
    tenant.put("temporaryUntil", null);
    tenant.put(
        "quotas",
        Map.of("storageBytes", 10L << 30, "maxJobs", 4, "maxRowsScanned", 1_000_000_000L));
    tenant.put(
        "requestedQuotas",
        Map.of("storageBytes", 20L << 30, "maxJobs", 8, "maxRowsScanned", 2_000_000_000L));
    tenant.put("changeReviewDue", "2026-03-09");
    return tenant;
  }

  // --- every illegal transition ---

  @ParameterizedTest(name = "{0} then {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          REJECTED         | approve      | tenant acme is REJECTED: review --approve needs APPLIED or CHANGE_REQUESTED
          TRIAL            | approve      | tenant acme is TRIAL: review --approve needs APPLIED or CHANGE_REQUESTED
          ACTIVE           | approve      | tenant acme is ACTIVE: review --approve needs APPLIED or CHANGE_REQUESTED
          SUSPENDED        | approve      | tenant acme is SUSPENDED: review --approve needs APPLIED or CHANGE_REQUESTED
          DESTROYED        | approve      | tenant acme is DESTROYED: review --approve needs APPLIED or CHANGE_REQUESTED
          REJECTED         | reject       | tenant acme is REJECTED: review --reject needs APPLIED or CHANGE_REQUESTED
          TRIAL            | reject       | tenant acme is TRIAL: review --reject needs APPLIED or CHANGE_REQUESTED
          ACTIVE           | reject       | tenant acme is ACTIVE: review --reject needs APPLIED or CHANGE_REQUESTED
          SUSPENDED        | reject       | tenant acme is SUSPENDED: review --reject needs APPLIED or CHANGE_REQUESTED
          DESTROYED        | reject       | tenant acme is DESTROYED: review --reject needs APPLIED or CHANGE_REQUESTED
          APPLIED          | activate     | tenant acme is APPLIED: activate needs TRIAL
          REJECTED         | activate     | tenant acme is REJECTED: activate needs TRIAL
          ACTIVE           | activate     | tenant acme is ACTIVE: activate needs TRIAL
          CHANGE_REQUESTED | activate     | tenant acme is CHANGE_REQUESTED: activate needs TRIAL
          SUSPENDED        | activate     | tenant acme is SUSPENDED: activate needs TRIAL
          DESTROYED        | activate     | tenant acme is DESTROYED: activate needs TRIAL
          APPLIED          | extend-trial | tenant acme is APPLIED: extend-trial needs TRIAL
          REJECTED         | extend-trial | tenant acme is REJECTED: extend-trial needs TRIAL
          ACTIVE           | extend-trial | tenant acme is ACTIVE: extend-trial needs TRIAL
          CHANGE_REQUESTED | extend-trial | tenant acme is CHANGE_REQUESTED: extend-trial needs TRIAL
          SUSPENDED        | extend-trial | tenant acme is SUSPENDED: extend-trial needs TRIAL
          DESTROYED        | extend-trial | tenant acme is DESTROYED: extend-trial needs TRIAL
          APPLIED          | suspend      | tenant acme is APPLIED: suspend needs TRIAL or ACTIVE or CHANGE_REQUESTED
          REJECTED         | suspend      | tenant acme is REJECTED: suspend needs TRIAL or ACTIVE or CHANGE_REQUESTED
          SUSPENDED        | suspend      | tenant acme is SUSPENDED: suspend needs TRIAL or ACTIVE or CHANGE_REQUESTED
          DESTROYED        | suspend      | tenant acme is DESTROYED: suspend needs TRIAL or ACTIVE or CHANGE_REQUESTED
          APPLIED          | resume       | tenant acme is APPLIED: resume needs SUSPENDED
          REJECTED         | resume       | tenant acme is REJECTED: resume needs SUSPENDED
          TRIAL            | resume       | tenant acme is TRIAL: resume needs SUSPENDED
          ACTIVE           | resume       | tenant acme is ACTIVE: resume needs SUSPENDED
          CHANGE_REQUESTED | resume       | tenant acme is CHANGE_REQUESTED: resume needs SUSPENDED
          DESTROYED        | resume       | tenant acme is DESTROYED: resume needs SUSPENDED
          APPLIED          | change       | tenant acme is APPLIED: change needs TRIAL or ACTIVE
          REJECTED         | change       | tenant acme is REJECTED: change needs TRIAL or ACTIVE
          CHANGE_REQUESTED | change       | tenant acme is CHANGE_REQUESTED: change needs TRIAL or ACTIVE
          SUSPENDED        | change       | tenant acme is SUSPENDED: change needs TRIAL or ACTIVE
          DESTROYED        | change       | tenant acme is DESTROYED: change needs TRIAL or ACTIVE
          REJECTED         | quota        | tenant acme is REJECTED: quota refused
          DESTROYED        | quota        | tenant acme is DESTROYED: quota refused
          DESTROYED        | exit         | tenant acme is DESTROYED: exit refused
          """)
  void step_illegalInState_isRefusedChangesNothingAndIsLogged(
      TenantState state, String step, String message) {
    Tenant before = tenantIn(state);
    long logSize = vault.log().size();

    assertVaultException(() -> take(step), ErrorCode.POLICY_REFUSED, message);

    assertThat(show("acme")).isEqualTo(before);
    LogRecord refusal = vault.log().entry(logSize + 1).orElseThrow().record();
    assertThat(refusal.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refusal.details()).isEqualTo(message);
    assertThat(refusal.tenant()).isEqualTo("acme");
  }

  /** Brings tenant {@code acme} into {@code state} by the admin's ordinary steps. */
  private Tenant tenantIn(TenantState state) {
    return switch (state) {
      case APPLIED -> apply("acme");
      case REJECTED -> {
        var unused = apply("acme");
        yield vault.tenants().review(admin, "acme", false, "incomplete");
      }
      case TRIAL -> trial("acme");
      case ACTIVE -> active("acme");
      case CHANGE_REQUESTED -> {
        var unused = active("acme");
        yield vault.tenants().requestChange(admin, "acme", BIGGER);
      }
      case SUSPENDED -> {
        var unused = trial("acme");
        yield vault.tenants().suspend(admin, "acme");
      }
      case DESTROYED -> {
        var unused = trial("acme");
        yield vault.exitTenant(admin, "acme", "acme");
      }
    };
  }

  private Tenant take(String step) {
    return switch (step) {
      case "approve" -> vault.tenants().review(admin, "acme", true, "ok");
      case "reject" -> vault.tenants().review(admin, "acme", false, "no");
      case "activate" -> vault.tenants().activate(admin, "acme");
      case "extend-trial" -> vault.tenants().extendTrial(admin, "acme", 10);
      case "suspend" -> vault.tenants().suspend(admin, "acme");
      case "resume" -> vault.tenants().resume(admin, "acme");
      case "change" -> vault.tenants().requestChange(admin, "acme", BIGGER);
      case "quota" -> vault.tenants().setQuotas(admin, "acme", BIGGER);
      case "exit" -> vault.exitTenant(admin, "acme", "acme");
      default -> throw new IllegalArgumentException("no such step " + step);
    };
  }

  // --- temporary tenants ---

  @Test
  void apply_temporaryUntilSixMonthsAhead_isAccepted() {
    Tenant tenant = vault.tenants().apply(admin, "pop-up", CONTACT, LocalDate.parse("2026-09-04"));

    assertThat(tenant.temporaryUntil()).isEqualTo(LocalDate.parse("2026-09-04"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-09-05", "2027-03-04", "2026-03-04", "2026-03-03", "2020-01-01"})
  void apply_temporaryUntilTooFarOrNotAfterToday_isRefused(String until) {
    assertVaultException(
        () -> vault.tenants().apply(admin, "pop-up", CONTACT, LocalDate.parse(until)),
        ErrorCode.POLICY_REFUSED,
        "a temporary tenant ends after today and at most 6 months ahead (by 2026-09-04)");
    assertThat(vault.tenants().list(admin)).isEmpty();
  }

  @Test
  void canOperate_temporaryTenantAfterItsLastDay_isFalse() {
    var unused = vault.tenants().apply(admin, "pop-up", CONTACT, LocalDate.parse("2026-03-20"));
    var approved = vault.tenants().review(admin, "pop-up", true, "ok");
    boolean onLastDay = approved.canOperate(LocalDate.parse("2026-03-20"));

    clock.set(Instant.parse("2026-03-20T16:00:00Z")); // 2026-03-21 00:00 in Shanghai

    assertThat(onLastDay).isTrue();
    assertThat(show("pop-up").isExpired(vault.tenants().businessDate())).isTrue();
    assertThat(show("pop-up").canOperate(vault.tenants().businessDate())).isFalse();
  }

  @Test
  void authenticate_principalOfTemporaryTenantAfterItsLastDay_isRefused() {
    var unused = vault.tenants().apply(admin, "pop-up", CONTACT, LocalDate.parse("2026-03-20"));
    var unusedApproved = vault.tenants().review(admin, "pop-up", true, "ok");
    Token token = vault.addUser(admin, "pop-dev", Role.DEVELOPER, "pop-up", null).token();
    Principal before = vault.authenticate(token);

    clock.set(Instant.parse("2026-03-20T16:00:00Z"));

    assertThat(before.name()).isEqualTo("pop-dev");
    assertVaultException(
        () -> vault.authenticate(token),
        ErrorCode.ACCESS_DENIED,
        "invalid, expired or revoked token");
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "pop-dev",
                "pop-up",
                "auth.login",
                "",
                Outcome.REFUSED,
                "tenant destroyed or past its temporary end date"));
  }

  // --- deadlines ---

  @Test
  void overdueReview_applicationOnItsDeadline_isNotOverdue() {
    var unused = apply("acme");

    clock.set(Instant.parse("2026-03-11T15:59:59Z")); // 23:59:59 on the due day in Shanghai

    assertThat(show("acme").overdueReview(vault.tenants().businessDate())).isEmpty();
  }

  @Test
  void overdueReview_applicationAfterItsDeadline_isReported() {
    var unused = apply("acme");

    clock.advance(Duration.ofDays(8));

    assertThat(show("acme").overdueReview(vault.tenants().businessDate()))
        .contains("application review overdue since 2026-03-11");
  }

  @Test
  void overdueReview_activationAfterItsDeadline_isReported() {
    var unused = trial("acme");

    clock.set(Instant.parse("2026-04-09T02:00:00Z"));

    assertThat(show("acme").overdueReview(vault.tenants().businessDate()))
        .contains("activation review overdue since 2026-04-08");
  }

  @Test
  void overdueReview_changeRequestAfterItsDeadline_isReported() {
    var unused = active("acme");
    var unusedRequest = vault.tenants().requestChange(tenantAdmin("acme"), "acme", BIGGER);

    clock.set(Instant.parse("2026-03-10T02:00:00Z"));

    assertThat(show("acme").overdueReview(vault.tenants().businessDate()))
        .contains("change review overdue since 2026-03-09");
  }

  @Test
  void canOperate_trialAfterItsLastDay_isFalse() {
    var unused = trial("acme");

    clock.set(Instant.parse("2026-04-04T02:00:00Z"));

    assertThat(show("acme").canOperate(vault.tenants().businessDate())).isFalse();
  }

  // --- persistence ---

  @Test
  void tenants_afterCloseAndReopen_areUnchanged() {
    var unused = active("acme");
    var unusedQuota = vault.tenants().setQuotas(admin, "acme", BIGGER);
    var unusedSuspended = vault.tenants().suspend(admin, "acme");
    var unusedApplied = apply("beta");
    List<Tenant> before = vault.tenants().list(admin);

    reopen();

    assertThat(vault.tenants().list(vault.admin())).isEqualTo(before);
    assertThat(vault.tenants().resume(vault.admin(), "acme").state()).isEqualTo(TenantState.ACTIVE);
  }

  // --- hostile input ---

  static Stream<String> hostileNames() {
    return Stream.of(
        "../x",
        "x/../y",
        "A",
        "Acme",
        "",
        "-acme",
        "_acme",
        "a".repeat(64),
        "a b",
        "acmé",
        "租户",
        "a\nb",
        "acme\n",
        "a\u0000b",
        "acme\u202e",
        "a.b");
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void apply_invalidName_isRefusedWithoutEchoingIt(String name) {
    assertVaultException(
        () -> vault.tenants().apply(admin, name, CONTACT, null),
        ErrorCode.USER_ERROR,
        INVALID_NAME);

    LogRecord refusal = lastRecord();
    assertThat(refusal.action()).isEqualTo("tenant.apply");
    assertThat(refusal.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refusal.details()).isEqualTo(INVALID_NAME);
    assertThat(vault.tenants().list(admin)).isEmpty();
  }

  static Stream<String> validNames() {
    return Stream.of("a", "0", "a-b_c", "9lives", "a".repeat(63));
  }

  @ParameterizedTest
  @MethodSource("validNames")
  void apply_validName_isAccepted(String name) {
    Tenant tenant = vault.tenants().apply(admin, name, CONTACT, null);

    assertThat(tenant.name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ops\n@acme",
        "ops\r\nforged line",
        "tab\there",
        "nul\u0000",
        "\u001b[31mred",
        " ",
        ""
      })
  void apply_contactWithControlCharactersOrBlank_isRefused(String contact) {
    assertVaultException(
        () -> vault.tenants().apply(admin, "acme", contact, null),
        ErrorCode.USER_ERROR,
        "contact must be 1 to 500 characters on one line, without control characters");
    assertThat(vault.tenants().list(admin)).isEmpty();
  }

  @Test
  void apply_contactTooLong_isRefused() {
    assertVaultException(
        () -> vault.tenants().apply(admin, "acme", "x".repeat(501), null),
        ErrorCode.USER_ERROR,
        "contact must be 1 to 500 characters on one line, without control characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ok\nforged", "ok\r", "\u0007", "\u009b"})
  void review_reasonWithControlCharacters_isRefusedAndChangesNothing(String reason) {
    Tenant before = apply("acme");

    assertVaultException(
        () -> vault.tenants().review(admin, "acme", true, reason),
        ErrorCode.USER_ERROR,
        "reason must be 1 to 500 characters on one line, without control characters");
    assertThat(show("acme")).isEqualTo(before);
    assertThat(vault.directory().resolve("keys")).isEmptyDirectory();
  }

  // --- isolation ---

  @Test
  void show_otherTenantByTenantAdmin_isTheSameNotFoundAsAMissingTenant() {
    var unused = active("acme");
    Principal acmeAdmin = tenantAdmin("acme");
    VaultException missing =
        assertVaultException(
            () -> vault.tenants().show(acmeAdmin, "beta"),
            ErrorCode.NOT_FOUND,
            "tenant beta not found");
    LogRecord missingEntry = lastRecord();
    var unusedBeta = active("beta");

    VaultException hidden =
        assertVaultException(
            () -> vault.tenants().show(acmeAdmin, "beta"), missing.code(), missing.getMessage());

    assertThat(hidden.getCause()).isNull();
    assertThat(lastRecord()).isEqualTo(missingEntry);
  }

  @Test
  void show_ownTenantByDeveloper_isShown() {
    Tenant acme = active("acme");
    Principal developer = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).principal();

    assertThat(vault.tenants().show(developer, "acme")).isEqualTo(acme);
  }

  // --- exit ---

  @Test
  void review_approve_writesTheTenantKeyFile() {
    Tenant tenant = trial("acme");

    assertThat(keyFile(tenant)).isRegularFile();
    assertThat(keyFile(tenant).getFileName().toString())
        .isEqualTo("tenant-" + tenant.id() + ".key");
  }

  @Test
  void exit_confirmed_destroysTheTenant() {
    var unused = active("acme");

    Tenant tenant = vault.exitTenant(admin, "acme", "acme");

    assertThat(tenant.state()).isEqualTo(TenantState.DESTROYED);
    assertThat(show("acme").state()).isEqualTo(TenantState.DESTROYED);
    assertThat(tenant.canOperate(today())).isFalse();
  }

  @Test
  void exit_confirmed_shredsTheTenantKeyFile() {
    Tenant tenant = active("acme");
    boolean existedBefore = Files.exists(keyFile(tenant));

    var unused = vault.exitTenant(admin, "acme", "acme");

    assertThat(existedBefore).isTrue();
    assertThat(keyFile(tenant)).doesNotExist();
    assertThat(vault.directory().resolve("keys")).isEmptyDirectory();
  }

  @Test
  void exit_confirmed_refusesEveryPrincipalOfTheTenant() {
    var unused = active("acme");
    Token adminToken = vault.addUser(admin, "acme-admin", Role.TENANT_ADMIN, "acme", null).token();
    Token devToken = vault.addUser(admin, "acme-dev", Role.DEVELOPER, "acme", null).token();

    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");

    for (Token token : List.of(adminToken, devToken)) {
      assertVaultException(
          () -> vault.authenticate(token),
          ErrorCode.ACCESS_DENIED,
          "invalid, expired or revoked token");
    }
    assertThat(vault.users(admin))
        .filteredOn(p -> p.tenantId() != null)
        .allSatisfy(p -> assertThat(p.revokedAt()).isEqualTo(WEDNESDAY));
  }

  @Test
  void exit_confirmed_leavesOtherTenantsAndTheirPrincipalsAlone() {
    var unused = active("acme");
    Tenant beta = active("beta");
    Token betaToken = vault.addUser(admin, "beta-dev", Role.DEVELOPER, "beta", null).token();

    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");

    assertThat(vault.authenticate(betaToken).name()).isEqualTo("beta-dev");
    assertThat(show("beta")).isEqualTo(beta);
    assertThat(keyFile(beta)).isRegularFile();
  }

  @Test
  void exit_wrongConfirmation_isRefusedAndChangesNothing() throws IOException {
    Tenant before = active("acme");
    Token devToken = vault.addUser(admin, "acme-dev", Role.DEVELOPER, "acme", null).token();
    byte[] key = Files.readAllBytes(keyFile(before));

    assertVaultException(
        () -> vault.exitTenant(admin, "acme", "acme2"),
        ErrorCode.USER_ERROR,
        "exit destroys tenant acme: confirm with --confirm acme");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "tenant.destroy",
                "acme",
                Outcome.REFUSED,
                "exit destroys tenant acme: confirm with --confirm acme"));
    assertThat(show("acme")).isEqualTo(before);
    assertThat(Files.readAllBytes(keyFile(before))).isEqualTo(key);
    assertThat(vault.authenticate(devToken).name()).isEqualTo("acme-dev");
  }

  @Test
  void exit_byTenantAdmin_isForbidden() {
    var unused = active("acme");
    Principal acmeAdmin = tenantAdmin("acme");

    assertVaultException(
        () -> vault.exitTenant(acmeAdmin, "acme", "acme"),
        ErrorCode.FORBIDDEN,
        "role tenant-admin may not perform tenant.destroy");
    assertThat(show("acme").state()).isEqualTo(TenantState.ACTIVE);
  }

  @Test
  void exit_confirmed_isLoggedAsTenantDestroy() {
    var unused = active("acme");
    var unusedUser = vault.addUser(admin, "acme-dev", Role.DEVELOPER, "acme", null);

    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "acme",
                "tenant.destroy",
                "acme",
                Outcome.OK,
                "1 credentials revoked, tenant keys shredded, data deleted"));
  }

  @Test
  void exit_confirmed_keepsEveryEarlierEntryReadableAndChained() {
    var unused = active("acme");
    var unusedUser = vault.addUser(admin, "acme-dev", Role.DEVELOPER, "acme", null);
    long beforeExit = vault.log().size();

    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");

    List<LogEntry> entries = new ArrayList<>();
    for (long n = 1; n <= vault.log().size(); n++) {
      entries.add(vault.log().entry(n).orElseThrow());
    }
    assertThat(entries.get(0).previousHash()).isEqualTo(new byte[32]);
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).sequence()).isEqualTo(i + 1);
      assertThat(entries.get(i).previousHash()).isEqualTo(entries.get(i - 1).hash());
    }
    assertThat(entries.get(entries.size() - 1).hash()).isEqualTo(vault.log().lastHash());
    assertThat(entries.subList(0, (int) beforeExit))
        .extracting(e -> e.record().action())
        .contains("tenant.apply", "tenant.approve", "tenant.activate", "user.add");
  }

  @Test
  void exit_crashBeforeShredding_isFinishedWhenTheVaultReopens() throws IOException {
    Tenant tenant = active("acme");
    Path aside = temp.resolve("tenant-key-copy");
    Files.copy(keyFile(tenant), aside);
    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");
    vault.close();
    Files.copy(aside, keyFile(tenant), StandardCopyOption.COPY_ATTRIBUTES);

    vault = TestingVaults.open(vaultDir(), clock);

    assertThat(keyFile(tenant)).doesNotExist();
    assertThat(show("acme").state()).isEqualTo(TenantState.DESTROYED);
  }

  @Test
  void apply_nameOfDestroyedTenant_isRefused() {
    var unused = active("acme");
    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");

    assertVaultException(
        () -> apply("acme"),
        ErrorCode.USER_ERROR,
        "tenant acme exists or existed; choose another name");
  }

  // --- fail-closed (invariant 7) ---

  @Test
  void apply_logCannotBeWritten_failsAndLeavesNoTenant() {
    Path db = temp.resolve("failing-db");
    Primitives primitives = CipherSuite.INTL.primitives(new SecureRandom());
    try (VaultStore store = VaultStore.create(db)) {
      var sealer = primitives.aead(primitives.newKey());
      SealedMeta meta = new SealedMeta(store, sealer, "vault-under-test");
      OperationLog failing =
          OperationLog.open(
              store,
              batch -> {
                throw new IllegalStateException("log store fails on purpose");
              },
              (size, lastHash) -> {},
              sealer,
              primitives.hasher(),
              clock,
              "vault-under-test");
      KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
      KeyDirectory keys = new KeyDirectory(temp.resolve("failing-keys"));
      Tenants tenants =
          new Tenants(meta, new Guard(failing), keys, master, primitives, clock, NO_CACHE);
      Principal builtinAdmin = builtinAdmin();

      assertVaultException(
          () -> tenants.apply(builtinAdmin, "acme", CONTACT, null),
          ErrorCode.INTERNAL,
          "the operation log could not be written, so the operation was not carried out");

      assertThat(failing.size()).isZero();
      assertThat(meta.loadAll("tenant", Tenant.class)).isEmpty();
      assertThat(tenants.find(builtinAdmin, "acme")).isEmpty();
      OperationLog working =
          OperationLog.open(store, sealer, primitives.hasher(), clock, "vault-under-test");
      Tenants fresh =
          new Tenants(meta, new Guard(working), keys, master, primitives, clock, NO_CACHE);
      assertThat(fresh.list(builtinAdmin)).isEmpty();
    }
  }

  // --- helpers ---

  private static Principal builtinAdmin() {
    return new Principal(1, Principal.ADMIN, Role.ADMIN, null, null, WEDNESDAY, null, null);
  }

  private Path vaultDir() {
    return temp.resolve("vault");
  }

  private void reopen() {
    vault.close();
    vault = TestingVaults.open(vaultDir(), clock);
    admin = vault.admin();
  }

  private Tenant apply(String name) {
    return vault.tenants().apply(admin, name, CONTACT, null);
  }

  private Tenant trial(String name) {
    var unused = apply(name);
    return vault.tenants().review(admin, name, true, "documents complete");
  }

  private Tenant active(String name) {
    var unused = trial(name);
    return vault.tenants().activate(admin, name);
  }

  private Principal tenantAdmin(String tenant) {
    return vault.addUser(admin, tenant + "-admin", Role.TENANT_ADMIN, tenant, null).principal();
  }

  private Tenant show(String name) {
    return vault.tenants().show(admin, name);
  }

  private LocalDate today() {
    return vault.tenants().businessDate();
  }

  private LogRecord lastRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  private Path keyFile(Tenant tenant) {
    return vault.directory().resolve("keys").resolve(Tenants.keyName(tenant.id()) + ".key");
  }
}
