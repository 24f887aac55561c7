package org.elementvault.engine.auth;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.store.Batch;
import org.jspecify.annotations.Nullable;

/**
 * Runs every operation the same way: check the authorization table, compute the change, then write
 * the change and its log entry in one atomic write before anything is returned. A refusal or
 * failure is logged too, and if the log cannot be written the operation fails (fail-closed). A read
 * made inside another operation on the same thread (a run's dataset scans) is logged in that
 * operation's write, before its own entry ({@link OperationLog#span}).
 */
public final class Guard {

  /**
   * What an operation decided: its result, its writes, and what to apply in memory once they are
   * durable.
   *
   * @param result what the caller gets
   * @param batch the writes, committed together with the log entry
   * @param action the logged action when it refines the operation's (such as {@code
   *     tenant.reject}), else null
   * @param details what changed, for the log; never a data value
   * @param onCommit in-memory updates, run only after the write succeeded
   */
  public record Change<T>(
      T result, Batch batch, @Nullable String action, String details, Runnable onCommit) {

    public Change {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(details, "details");
      Objects.requireNonNull(onCommit, "onCommit");
    }

    /** A read: nothing to write but the log entry. */
    public static <T> Change<T> read(T result) {
      return read(result, "");
    }

    /** A read whose log entry carries {@code details}. */
    public static <T> Change<T> read(T result, String details) {
      return new Change<>(result, new Batch(), null, details, NOTHING);
    }

    /** Whether this is a read as {@link #read} makes it: nothing to write, nothing to apply. */
    boolean isRead() {
      return onCommit == NOTHING && batch.isEmpty();
    }
  }

  private static final Runnable NOTHING = () -> {};

  private final OperationLog log;

  public Guard(OperationLog log) {
    this.log = log;
  }

  /**
   * What the log may record of a name the caller typed: the name if it is valid, else a marker, so
   * hostile input (line breaks, escapes, data pasted by mistake) never enters the log.
   */
  static String loggable(String name) {
    return Names.isValid(name) ? name : "<invalid name>";
  }

  /**
   * Logs {@code operation} first and only then performs {@code effect}, for effects that must cover
   * their own entry (a signed checkpoint, an export).
   */
  public <T> T logThen(
      Principal caller,
      Operation operation,
      String tenantName,
      String targetName,
      Supplier<T> effect) {
    AtomicReference<T> result = new AtomicReference<>();
    var unused =
        run(
            caller,
            operation,
            tenantName,
            targetName,
            () -> new Change<>("", new Batch(), null, "", () -> result.set(effect.get())));
    return Objects.requireNonNull(result.get(), "effect");
  }

  /**
   * Checks the authorization table alone, for operations that log their own outcome.
   *
   * @throws VaultException {@code FORBIDDEN}, after logging the refusal
   */
  public void authorize(
      Principal caller, Operation operation, String tenantName, String targetName) {
    if (!AuthorizationTable.allows(caller.role(), operation)) {
      String rule = "role " + caller.role().label() + " may not perform " + operation.action();
      log.append(
          new LogRecord(
              caller.name(),
              tenantName.isEmpty() ? "" : loggable(tenantName),
              operation.action(),
              targetName.isEmpty() ? "" : loggable(targetName),
              Outcome.REFUSED,
              rule));
      throw new VaultException(ErrorCode.FORBIDDEN, rule);
    }
  }

  /**
   * Runs {@code operation} for {@code caller}.
   *
   * @param tenant the tenant concerned, for the log (empty if none)
   * @param target the object acted on, for the log
   * @throws VaultException {@code FORBIDDEN} if the role may not perform the operation, or what
   *     {@code body} throws; either way after logging it
   */
  public <T> T run(
      Principal caller,
      Operation operation,
      String tenantName,
      String targetName,
      Supplier<Change<T>> body) {
    authorize(caller, operation, tenantName, targetName);
    String tenant = tenantName.isEmpty() ? "" : loggable(tenantName);
    String target = targetName.isEmpty() ? "" : loggable(targetName);
    try (OperationLog.Span span = log.span()) {
      Change<T> change;
      try {
        change = body.get();
      } catch (VaultException e) {
        Outcome outcome =
            switch (e.code()) {
              case INTERNAL, INTEGRITY -> Outcome.FAILED;
              case USER_ERROR,
                  ACCESS_DENIED,
                  FORBIDDEN,
                  POLICY_REFUSED,
                  NOT_FOUND,
                  RESOURCE_LIMIT ->
                  Outcome.REFUSED;
            };
        log.append(
            new LogRecord(
                caller.name(), tenant, operation.action(), target, outcome, e.getMessage()));
        throw e;
      } catch (RuntimeException e) {
        // Any other failure is a fault whose message may hold anything: log its kind only.
        log.append(
            new LogRecord(
                caller.name(),
                tenant,
                operation.action(),
                target,
                Outcome.FAILED,
                "internal error (" + e.getClass().getSimpleName() + ")"));
        throw e;
      }
      String action = change.action() == null ? operation.action() : change.action();
      LogRecord record =
          new LogRecord(caller.name(), tenant, action, target, Outcome.OK, change.details());
      if (span.nested() && change.isRead()) {
        // A read on behalf of an enclosing operation: its entry goes with that operation's.
        log.appendRead(record);
      } else {
        log.commit(record, change.batch());
      }
      change.onCommit().run();
      return change.result();
    }
  }
}
