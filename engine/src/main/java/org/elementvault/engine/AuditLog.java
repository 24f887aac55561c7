package org.elementvault.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.oplog.Checkpoint;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogExporter;
import org.elementvault.engine.oplog.LogFilter;
import org.elementvault.engine.oplog.LogQuery;
import org.elementvault.engine.oplog.LogRetention;
import org.elementvault.engine.oplog.LogVerifier;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.RecordSignature;
import org.elementvault.engine.oplog.VerifyReport;

/**
 * The operation log as principals use it: show, verify, checkpoint, export and purge, each
 * authorized and itself logged. Auditors see every tenant; a tenant admin sees only its own.
 * Thread-safe.
 */
public final class AuditLog {

  private final Guard guard;
  private final OperationLog log;
  private final CipherSuite suite;
  private final Supplier<Signer> signer;
  private final Supplier<Verifier> verifier;
  private final TenantNames tenantNames;
  private final Clock clock;

  /** How the audit log names a principal's tenant. */
  @FunctionalInterface
  interface TenantNames {
    String name(long tenantId);
  }

  AuditLog(
      Guard guard,
      OperationLog log,
      CipherSuite suite,
      Supplier<Signer> signer,
      Supplier<Verifier> verifier,
      TenantNames tenantNames,
      Clock clock) {
    this.guard = guard;
    this.log = log;
    this.suite = suite;
    this.signer = signer;
    this.verifier = verifier;
    this.tenantNames = tenantNames;
    this.clock = clock;
  }

  /**
   * The entries matching {@code filter} that {@code caller} may see, in sequence order. For a
   * tenant-scoped caller the filter is narrowed to its own tenant.
   */
  public List<LogEntry> show(Principal caller, LogFilter filter) {
    Long own = caller.tenantId();
    LogFilter visible =
        caller.role().isTenantScoped() && own != null
            ? filter.withTenant(tenantNames.name(own))
            : filter;
    if (caller.role().isTenantScoped()
        && filter.tenant().isPresent()
        && !filter.tenant().equals(visible.tenant())) {
      return guard.run(caller, Operation.LOG_SHOW, "", "", () -> Guard.Change.read(List.of()));
    }
    return guard.run(
        caller,
        Operation.LOG_SHOW,
        visible.tenant().orElse(""),
        "",
        () -> Guard.Change.read(LogQuery.of(log).find(visible)));
  }

  /**
   * Recomputes the whole log, and with a checkpoint proves the log extends it. The verification
   * itself is logged afterwards, so it does not change what it checked.
   */
  public VerifyReport verify(Principal caller, Optional<Path> checkpoint) {
    return guard.run(
        caller,
        Operation.LOG_VERIFY,
        "",
        checkpoint.map(p -> "checkpoint").orElse(""),
        () -> {
          LogVerifier verifierOfLog = LogVerifier.of(log);
          VerifyReport report =
              checkpoint.isPresent()
                  ? verifierOfLog.verify(Checkpoint.read(checkpoint.get()), verifier.get())
                  : verifierOfLog.verify();
          return Guard.Change.read(report, report.summary());
        });
  }

  /** Signs the current tree head (including this operation's own entry) and writes it. */
  public Checkpoint checkpoint(Principal caller, Path out) {
    return guard.logThen(
        caller,
        Operation.LOG_CHECKPOINT,
        "",
        "",
        () -> {
          Checkpoint checkpoint = Checkpoint.sign(log, suite, signer.get());
          checkpoint.write(out);
          return checkpoint;
        });
  }

  /**
   * Writes every entry with a signed tree head to {@code out} and the vault's public key to {@code
   * out.pub}; the export covers its own entry.
   */
  public SignedTreeHead export(Principal caller, Path out) {
    return guard.logThen(
        caller,
        Operation.LOG_EXPORT,
        "",
        "",
        () -> LogExporter.of(log, suite, signer.get()).export(out));
  }

  /**
   * The vault's signature over {@code record} as a record of {@code kind} (see {@link
   * RecordSignature}). Neither authorized nor logged here: the services that issue signed records
   * call it inside their own guarded, logged operation.
   */
  public byte[] signRecord(String kind, byte[] record) {
    return RecordSignature.sign(signer.get(), kind, record);
  }

  /**
   * Purges entries older than {@code before}; refused inside the 180-day retention. The purge logs
   * itself (and its refusal).
   */
  public LogEntry purge(Principal caller, Instant before) {
    guard.authorize(caller, Operation.LOG_PURGE, "", "");
    return LogRetention.of(log).purgeBefore(caller.name(), before, clock.instant());
  }
}
