package org.elementvault.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guard on a real vault's log; one vault serves every case, each reads back its own entry. */
class GuardTest {

  @TempDir static Path temp;

  private static final Principal ADMIN = principal("admin", Role.ADMIN);

  private static Vault vault;
  private static Guard guard;

  @BeforeAll
  static void openVault() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL);
    guard = new Guard(vault.log());
  }

  @AfterAll
  static void closeVault() {
    vault.close();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("org.elementvault.engine.auth.AuthorizationTableTest#matrix")
  void run_everyRoleAndOperation_runsTheBodyExactlyWhenTheMatrixAllows(
      Role role, Operation operation, boolean allowed) {
    Principal caller = principal("someone", role);
    AtomicBoolean ran = new AtomicBoolean();
    long before = vault.log().size();

    if (allowed) {
      assertThat(runRead(caller, operation, ran)).isEqualTo("done");
    } else {
      assertThatThrownBy(() -> runRead(caller, operation, ran))
          .isInstanceOf(VaultException.class)
          .hasMessage("role " + role.label() + " may not perform " + operation.action());
    }

    assertThat(ran.get()).isEqualTo(allowed);
    assertThat(vault.log().size()).isEqualTo(before + 1);
    assertThat(lastRecord().outcome()).isEqualTo(allowed ? Outcome.OK : Outcome.REFUSED);
  }

  @Test
  void run_refusedOperation_throwsForbiddenNamingRoleAndAction() {
    Principal developer = principal("dev1", Role.DEVELOPER);

    assertThatThrownBy(
            () ->
                guard.run(
                    developer,
                    Operation.TENANT_EXIT,
                    "acme",
                    "acme",
                    () -> {
                      throw new AssertionError("the body of a refused operation must not run");
                    }))
        .isInstanceOf(VaultException.class)
        .hasMessage("role developer may not perform tenant.destroy")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void run_refusedOperation_appendsRefusedEntry() {
    Principal auditor = principal("audit1", Role.AUDITOR);
    long before = vault.log().size();

    assertThatThrownBy(
            () ->
                guard.run(
                    auditor, Operation.LOG_PURGE, "", "log", () -> Guard.Change.read("purged")))
        .isInstanceOf(VaultException.class);

    assertThat(vault.log().size()).isEqualTo(before + 1);
    assertThat(vault.log().entry(before + 1).orElseThrow().record())
        .isEqualTo(
            new LogRecord(
                "audit1",
                "",
                "log.purge",
                "log",
                Outcome.REFUSED,
                "role auditor may not perform log.purge"));
  }

  @Test
  void run_bodyRefuses_appendsRefusedEntryWithTheRuleAndRethrows() {
    Principal admin = vault.admin();
    long before = vault.log().size();
    VaultException refusal = new VaultException(ErrorCode.POLICY_REFUSED, "some rule");

    assertThatThrownBy(
            () ->
                guard.run(
                    admin,
                    Operation.TENANT_ACTIVATE,
                    "acme",
                    "acme",
                    () -> {
                      throw refusal;
                    }))
        .isSameAs(refusal);

    assertThat(vault.log().entry(before + 1).orElseThrow().record())
        .isEqualTo(
            new LogRecord(
                "admin", "acme", "tenant.activate", "acme", Outcome.REFUSED, "some rule"));
  }

  @Test
  void run_bodyFailsInternally_appendsFailedEntry() {
    Principal admin = vault.admin();
    long before = vault.log().size();

    assertThatThrownBy(
            () ->
                guard.run(
                    admin,
                    Operation.LOG_VERIFY,
                    "",
                    "",
                    () -> {
                      throw new VaultException(ErrorCode.INTERNAL, "disk failed");
                    }))
        .isInstanceOf(VaultException.class);

    assertThat(vault.log().entry(before + 1).orElseThrow().record().outcome())
        .isEqualTo(Outcome.FAILED);
  }

  /** Invariant 7: even an unexpected exception leaves its entry, without its message. */
  @Test
  void run_bodyThrowsAnUnexpectedException_appendsFailedEntryNamingOnlyItsKind() {
    Principal admin = vault.admin();
    long before = vault.log().size();

    assertThatThrownBy(
            () ->
                guard.run(
                    admin,
                    Operation.LOG_VERIFY,
                    "",
                    "",
                    () -> {
                      throw new IllegalStateException("value 4242 leaked");
                    }))
        .isInstanceOf(IllegalStateException.class);

    LogRecord record = vault.log().entry(before + 1).orElseThrow().record();
    assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(record.details()).isEqualTo("internal error (IllegalStateException)");
  }

  @Test
  void run_readInsideAnotherOperation_isWrittenWithItBeforeItsEntry() {
    long before = vault.log().size();
    AtomicLong sizeAfterRead = new AtomicLong();

    runOuter(
        () -> {
          readInner();
          sizeAfterRead.set(vault.log().size());
        });

    assertThat(sizeAfterRead).hasValue(before);
    assertThat(vault.log().size()).isEqualTo(before + 2);
    assertThat(record(before + 1).target()).isEqualTo("inner");
    assertThat(record(before + 2).target()).isEqualTo("outer");
  }

  @Test
  void run_readInsideAnOperationThatIsRefused_isWrittenBeforeTheRefusal() {
    long before = vault.log().size();

    assertThatThrownBy(
            () ->
                runOuter(
                    () -> {
                      readInner();
                      throw new VaultException(ErrorCode.POLICY_REFUSED, "no");
                    }))
        .isInstanceOf(VaultException.class);

    assertThat(record(before + 1).target()).isEqualTo("inner");
    assertThat(record(before + 2).outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void run_effectInsideAnotherOperation_isWrittenBeforeItReturns() {
    long before = vault.log().size();
    AtomicLong sizeAfterInner = new AtomicLong();

    runOuter(
        () -> {
          var unused = guard.logThen(ADMIN, Operation.TENANT_LIST, "", "inner", () -> "r");
          sizeAfterInner.set(vault.log().size());
        });

    assertThat(sizeAfterInner).hasValue(before + 1);
  }

  /** Runs an operation on target {@code outer} whose body runs {@code inside}. */
  private static void runOuter(Runnable inside) {
    var unused =
        guard.run(
            ADMIN,
            Operation.TENANT_APPLY,
            "",
            "outer",
            () -> {
              inside.run();
              return Guard.Change.read("done");
            });
  }

  /** A read of target {@code inner}. */
  private static void readInner() {
    var unused = guard.run(ADMIN, Operation.TENANT_LIST, "", "inner", () -> Guard.Change.read("r"));
  }

  private String runRead(Principal caller, Operation operation, AtomicBoolean ran) {
    return guard.run(
        caller,
        operation,
        "",
        "target",
        () -> {
          ran.set(true);
          return Guard.Change.read("done");
        });
  }

  private LogRecord lastRecord() {
    return record(vault.log().size());
  }

  private static LogRecord record(long sequence) {
    return vault.log().entry(sequence).orElseThrow().record();
  }

  private static Principal principal(String name, Role role) {
    return new Principal(
        42, name, role, role.isTenantScoped() ? 7L : null, "00", TestingVaults.NOW, null, null);
  }
}
