package org.elementvault.engine.oplog;

import java.util.Objects;

/**
 * What an operation asks the log to record; the log adds sequence, time and hashes.
 *
 * @param actor the principal's name, or {@code -} when nobody could be authenticated
 * @param tenant the tenant concerned, or empty for vault-wide operations
 * @param action dotted action name, such as {@code tenant.apply} or {@code auth.login}
 * @param target the object acted on (a name or id), or empty
 * @param outcome how it ended
 * @param details the rule that refused, or what changed; never a raw data value
 */
public record LogRecord(
    String actor, String tenant, String action, String target, Outcome outcome, String details) {

  public LogRecord {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(details, "details");
    if (!action.matches("[a-z]+(\\.[a-z-]+)+")) {
      throw new IllegalArgumentException("action must be dotted lower case, got " + action);
    }
  }
}
