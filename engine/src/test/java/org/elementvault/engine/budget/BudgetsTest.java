package org.elementvault.engine.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetsTest {

  private static final String EXCEEDED =
      "dataset residents: ε 0.5 exceeds what is left of its budget (0.3 of 1 per 30 days)";

  @TempDir Path directory;

  private TestingBudgetVault fixture;

  @BeforeEach
  void createVault() throws IOException {
    fixture = new TestingBudgetVault(directory);
  }

  @AfterEach
  void closeVault() {
    fixture.close();
  }

  @Test
  void set_byVaultAdmin_showsTheBudgetWithNothingUsed() {
    BudgetStatus status = fixture.set("residents", "1.50", 30);

    assertThat(status)
        .isEqualTo(
            new BudgetStatus(new BigDecimal("1.5"), 30, BigDecimal.ZERO, new BigDecimal("1.5")));
  }

  @Test
  void status_asTheTenantsDeveloper_showsTheBudgetAndIsLogged() {
    BudgetStatus set = fixture.set("residents", "1", 30);

    Optional<BudgetStatus> status = fixture.budgets().status(fixture.dev(), null, "residents");

    assertThat(status).contains(set);
    assertThat(fixture.lastLogRecord())
        .isEqualTo(
            new LogRecord("dev", "acme", "dataset.budget-status", "residents", Outcome.OK, ""));
  }

  @Test
  void set_isLoggedWithEpsilonAndWindow() {
    fixture.set("residents", "1", 30);

    assertThat(fixture.lastLogRecord())
        .isEqualTo(
            new LogRecord(
                "admin", "acme", "dataset.budget", "residents", Outcome.OK, "ε 1 per 30 days"));
  }

  @Test
  void set_again_replacesTheBudgetAndLogsTheOldOne() {
    fixture.set("residents", "1", 30);

    BudgetStatus status = fixture.set("residents", "2.25", 7);

    assertThat(status.epsilon()).isEqualByComparingTo("2.25");
    assertThat(status.windowDays()).isEqualTo(7);
    assertThat(fixture.lastLogRecord().details())
        .isEqualTo("ε 2.25 per 7 days, was ε 1 per 30 days");
  }

  @Test
  void set_byTenantAdmin_isForbiddenAndLoggedRefused() {
    assertVaultException(
        () -> fixture.budgets().set(fixture.alice(), null, "residents", BigDecimal.ONE, 30),
        ErrorCode.FORBIDDEN,
        "role tenant-admin may not perform dataset.budget");

    assertThat(fixture.lastLogRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(fixture.budgets().status(fixture.alice(), null, "residents")).isEmpty();
  }

  @Test
  void set_byDeveloper_isForbidden() {
    assertVaultException(
        () -> fixture.budgets().set(fixture.dev(), null, "residents", BigDecimal.ONE, 30),
        ErrorCode.FORBIDDEN,
        "role developer may not perform dataset.budget");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "0.0000001", "100.000001", "101", "1E+3"})
  void set_epsilonOutOfRule_isRefusedAndChangesNothing(String epsilon) {
    assertVaultException(
        () -> fixture.set("residents", epsilon, 30),
        ErrorCode.USER_ERROR,
        "epsilon must be greater than 0 and at most 100, with at most 6 decimal places");

    assertThat(fixture.lastLogRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(fixture.budgets().status(fixture.admin(), "acme", "residents")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"100", "0.000001", "1.000000000"})
  void set_epsilonAtTheEdgesOfTheRule_isAccepted(String epsilon) {
    BudgetStatus status = fixture.set("residents", epsilon, 30);

    assertThat(status.epsilon()).isEqualByComparingTo(epsilon);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 367})
  void set_windowOutOfRange_isRefused(int windowDays) {
    assertVaultException(
        () -> fixture.set("residents", "1", windowDays),
        ErrorCode.USER_ERROR,
        "window-days must be a whole number of days from 1 to 366");
  }

  @Test
  void set_unknownDataset_isNotFound() {
    assertVaultException(
        () -> fixture.set("nowhere", "1", 30), ErrorCode.NOT_FOUND, "dataset nowhere not found");
  }

  @Test
  void set_withoutTenant_asVaultAdmin_asksForTheTenant() {
    assertVaultException(
        () -> fixture.budgets().set(fixture.admin(), null, "residents", BigDecimal.ONE, 30),
        ErrorCode.USER_ERROR,
        "name the tenant with --tenant T");
  }

  @Test
  void status_withoutBudget_isEmpty() {
    Optional<BudgetStatus> status = fixture.budgets().status(fixture.admin(), "acme", "loans");

    assertThat(status).isEmpty();
  }

  @Test
  void status_ofAnotherTenantsDataset_isNotFound() {
    fixture.set("residents", "1", 30);

    assertVaultException(
        () -> fixture.budgets().status(fixture.dave(), "acme", "residents"),
        ErrorCode.NOT_FOUND,
        "tenant acme not found");
  }

  @Test
  void charge_withinBudget_countsOnEveryDatasetNamed() {
    fixture.set("residents", "1", 30);
    fixture.set("loans", "2", 30);

    Charge charge = fixture.charge("0.25", "residents", "loans");

    assertThat(charge.datasets()).containsExactly("residents", "loans");
    assertThat(charge.epsilon()).isEqualByComparingTo("0.25");
    assertThat(charge.chargedAt()).isEqualTo(fixture.clock().instant());
    assertThat(fixture.budgets().status(fixture.admin(), "acme", "residents"))
        .contains(
            new BudgetStatus(BigDecimal.ONE, 30, new BigDecimal("0.25"), new BigDecimal("0.75")));
    assertThat(fixture.left("loans")).isEqualByComparingTo("1.75");
  }

  @Test
  void charge_isLoggedWithItsEpsilonAndDatasets() {
    fixture.set("residents", "1", 30);
    fixture.set("loans", "1", 30);

    Charge charge = fixture.charge("0.25", "residents", "loans");

    assertThat(fixture.lastLogRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "budget.charge",
                "j1",
                Outcome.OK,
                "ε 0.25 on residents, loans, charge " + charge.id()));
  }

  @Test
  void charge_sameDatasetNamedTwice_isChargedOnce() {
    fixture.set("residents", "1", 30);

    Charge charge = fixture.charge("0.25", "residents", "residents");

    assertThat(charge.datasets()).containsExactly("residents");
    assertThat(fixture.used("residents")).isEqualByComparingTo("0.25");
  }

  @Test
  void charge_usingUpTheBudgetExactly_isAllowed() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.7", "residents");

    fixture.charge("0.3", "residents");

    assertThat(fixture.left("residents")).isEqualByComparingTo("0");
  }

  @Test
  void charge_exceedingBudget_isRefusedWithTheBudgetAndWhatIsLeft() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.7", "residents");

    assertVaultException(
        () -> fixture.charge("0.5", "residents"), ErrorCode.POLICY_REFUSED, EXCEEDED);

    assertThat(fixture.lastLogRecord())
        .isEqualTo(new LogRecord("dev", "acme", "budget.charge", "j1", Outcome.REFUSED, EXCEEDED));
  }

  @Test
  void charge_exceedingOneDatasetsBudget_chargesNoneOfThem() {
    fixture.set("loans", "5", 30);
    fixture.set("residents", "1", 30);
    fixture.charge("0.7", "residents");

    assertVaultException(
        () -> fixture.charge("0.5", "loans", "residents"), ErrorCode.POLICY_REFUSED, EXCEEDED);

    assertThat(fixture.used("loans")).isEqualByComparingTo("0");
    assertThat(fixture.used("residents")).isEqualByComparingTo("0.7");
  }

  @Test
  void charge_datasetWithoutBudget_isRefusedAndTellsHowToSetOne() {
    fixture.set("residents", "1", 30);

    assertVaultException(
        () -> fixture.charge("0.1", "residents", "loans"),
        ErrorCode.POLICY_REFUSED,
        "dataset loans has no ε budget, so dp runs on it are refused: the vault admin sets one with"
            + " evault dataset budget loans --epsilon E --window-days N");

    assertThat(fixture.used("residents")).isEqualByComparingTo("0");
  }

  @Test
  void charge_afterBudgetLoweredBelowUse_isRefusedWithNothingLeft() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.8", "residents");

    BudgetStatus lowered = fixture.set("residents", "0.5", 30);

    assertThat(lowered.used()).isEqualByComparingTo("0.8");
    assertThat(lowered.left()).isEqualByComparingTo("0");
    assertVaultException(
        () -> fixture.charge("0.000001", "residents"),
        ErrorCode.POLICY_REFUSED,
        "dataset residents: ε 0.000001 exceeds what is left of its budget (0 of 0.5 per 30 days)");
  }

  @Test
  void charge_byTenantAdmin_isForbidden() {
    fixture.set("residents", "1", 30);

    assertVaultException(
        () ->
            fixture
                .budgets()
                .charge(
                    fixture.alice(), fixture.acme(), List.of("residents"), BigDecimal.ONE, "j1"),
        ErrorCode.FORBIDDEN,
        "role tenant-admin may not perform budget.charge");

    assertThat(fixture.used("residents")).isEqualByComparingTo("0");
  }

  @Test
  void charge_onAnotherTenantsDatasets_isNotFoundAndChargesNothing() {
    fixture.set("residents", "1", 30);

    assertVaultException(
        () ->
            fixture
                .budgets()
                .charge(fixture.dave(), fixture.acme(), List.of("residents"), BigDecimal.ONE, "j1"),
        ErrorCode.NOT_FOUND,
        "tenant not found");

    assertThat(fixture.used("residents")).isEqualByComparingTo("0");
  }

  @Test
  void charge_withoutDatasets_isRefused() {
    assertVaultException(
        () -> fixture.charge("0.1"), ErrorCode.USER_ERROR, "a charge names at least one dataset");
  }

  @Test
  void charge_badEpsilon_isRefused() {
    fixture.set("residents", "1", 30);

    assertVaultException(
        () -> fixture.charge("0", "residents"),
        ErrorCode.USER_ERROR,
        "epsilon must be greater than 0 and at most 100, with at most 6 decimal places");
  }

  @Test
  void refund_givesTheEpsilonBackOnEveryDataset() {
    fixture.set("residents", "1", 30);
    fixture.set("loans", "1", 30);
    Charge charge = fixture.charge("0.4", "residents", "loans");

    fixture.budgets().refund(fixture.dev(), charge);

    assertThat(fixture.used("residents")).isEqualByComparingTo("0");
    assertThat(fixture.used("loans")).isEqualByComparingTo("0");
  }

  @Test
  void refund_isLogged() {
    fixture.set("residents", "1", 30);
    Charge charge = fixture.charge("0.4", "residents");

    fixture.budgets().refund(fixture.dev(), charge);

    assertThat(fixture.lastLogRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "budget.refund",
                "j1",
                Outcome.OK,
                "ε 0.4 back on residents, charge " + charge.id()));
  }

  @Test
  void refund_twice_givesBackOnceAndChangesNothingMore() {
    fixture.set("residents", "1", 30);
    Charge first = fixture.charge("0.4", "residents");
    fixture.charge("0.3", "residents");
    fixture.budgets().refund(fixture.dev(), first);
    long logSize = fixture.vault().log().size();

    fixture.budgets().refund(fixture.dev(), first);

    assertThat(fixture.vault().log().size()).isEqualTo(logSize);
    assertThat(fixture.used("residents")).isEqualByComparingTo("0.3");
  }

  @Test
  void refund_ofAnAlteredCharge_isNotFoundAndChangesNothing() {
    fixture.set("residents", "1", 30);
    Charge charge = fixture.charge("0.4", "residents");
    Charge inflated =
        new Charge(
            charge.id(),
            charge.tenantId(),
            charge.datasets(),
            BigDecimal.ONE,
            charge.jobId(),
            charge.chargedAt());

    assertVaultException(
        () -> fixture.budgets().refund(fixture.dev(), inflated),
        ErrorCode.NOT_FOUND,
        "charge " + charge.id() + " not found");

    assertThat(fixture.lastLogRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(fixture.used("residents")).isEqualByComparingTo("0.4");
  }

  @Test
  void refund_byAnotherTenantsDeveloper_isNotFound() {
    fixture.set("residents", "1", 30);
    Charge charge = fixture.charge("0.4", "residents");

    assertVaultException(
        () -> fixture.budgets().refund(fixture.dave(), charge),
        ErrorCode.NOT_FOUND,
        "charge " + charge.id() + " not found");

    assertThat(fixture.used("residents")).isEqualByComparingTo("0.4");
  }

  @Test
  void window_chargeJustInsideTheWindow_stillCounts() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.6", "residents");

    fixture.clock().advance(Duration.ofDays(30).minusSeconds(1));

    assertThat(fixture.used("residents")).isEqualByComparingTo("0.6");
  }

  @Test
  void window_chargeOlderThanTheWindow_stopsCounting() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.6", "residents");
    fixture.clock().advance(Duration.ofDays(20));
    fixture.charge("0.3", "residents");

    fixture.clock().advance(Duration.ofDays(10));

    assertThat(fixture.used("residents")).isEqualByComparingTo("0.3");
    assertThat(fixture.left("residents")).isEqualByComparingTo("0.7");
  }

  @Test
  void window_widened_countsOlderChargesAgain() {
    fixture.set("residents", "1", 7);
    fixture.charge("0.6", "residents");
    fixture.clock().advance(Duration.ofDays(10));

    BudgetStatus widened = fixture.set("residents", "1", 30);

    assertThat(widened.used()).isEqualByComparingTo("0.6");
  }

  @Test
  void reopen_keepsBudgetsChargesAndRefunds() {
    fixture.set("residents", "1", 30);
    Charge refunded = fixture.charge("0.2", "residents");
    fixture.charge("0.3", "residents");
    fixture.budgets().refund(fixture.dev(), refunded);

    fixture.reopen();

    assertThat(fixture.budgets().status(fixture.admin(), "acme", "residents"))
        .contains(
            new BudgetStatus(BigDecimal.ONE, 30, new BigDecimal("0.3"), new BigDecimal("0.7")));
    long logSize = fixture.vault().log().size();
    fixture.budgets().refund(fixture.dev(), refunded);
    assertThat(fixture.vault().log().size()).isEqualTo(logSize);
  }

  @Test
  void reopen_thenRefund_givesTheEpsilonBack() {
    fixture.set("residents", "10", 30);
    Charge charge = fixture.charge("2.50", "residents");

    fixture.reopen();
    fixture.budgets().refund(fixture.dev(), charge);

    assertThat(fixture.used("residents")).isEqualByComparingTo("0");
  }

  @Test
  void reopen_newChargesGetNewNumbers() {
    fixture.set("residents", "1", 30);
    Charge before = fixture.charge("0.2", "residents");

    fixture.reopen();
    Charge after = fixture.charge("0.2", "residents");

    assertThat(after.id()).isGreaterThan(before.id());
  }

  @Test
  void droppedDataset_keepsItsBudgetAndWhatItUsed() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.4", "residents");
    var unused = fixture.vault().datasets().drop(fixture.alice(), null, "residents", "residents");

    fixture.charge("0.6", "residents");

    assertVaultException(
        () -> fixture.charge("0.000001", "residents"),
        ErrorCode.POLICY_REFUSED,
        "dataset residents: ε 0.000001 exceeds what is left of its budget (0 of 1 per 30 days)");
  }

  @Test
  void log_verifiesAfterChargesRefundsAndRefusals() {
    long from = fixture.vault().log().size() + 1;
    fixture.set("residents", "1", 30);
    Charge charge = fixture.charge("0.5", "residents");
    fixture.budgets().refund(fixture.dev(), charge);
    fixture.charge("0.9", "residents");
    assertVaultException(
        () -> fixture.charge("0.2", "residents"),
        ErrorCode.POLICY_REFUSED,
        "dataset residents: ε 0.2 exceeds what is left of its budget (0.1 of 1 per 30 days)");

    List<LogRecord> records = fixture.logRecordsFrom(from);
    var report = fixture.vault().auditLog().verify(fixture.admin(), Optional.empty());

    assertThat(report.ok()).as(report.reason()).isTrue();
    assertThat(records)
        .extracting(LogRecord::action, LogRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dataset.budget", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("budget.charge", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("budget.refund", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("budget.charge", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("budget.charge", Outcome.REFUSED));
  }

  @Test
  void exitTenant_deletesItsBudgetsAndCharges() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.5", "residents");

    var unused = fixture.vault().exitTenant(fixture.admin(), "acme", "acme");

    assertThat(fixture.storedKeys("budget/")).isZero();
    assertThat(fixture.storedKeys("budget-charge/")).isZero();
  }

  @Test
  void records_areSealed_noDatasetNameInClear() {
    fixture.set("residents", "1", 30);
    fixture.charge("0.5", "residents");

    assertThat(fixture.storedKeys("budget/")).isEqualTo(1);
    assertThat(fixture.metaValuesContaining("residents")).isZero();
  }
}
