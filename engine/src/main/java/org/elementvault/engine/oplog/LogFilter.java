package org.elementvault.engine.oplog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries {@code evault log show} lists: every condition present must hold. Start from {@link
 * #all()} and narrow it with the {@code with…} methods, each of which returns a new filter.
 *
 * <p>Who may see what is the caller's rule: a tenant admin's filter must carry their own tenant.
 *
 * @param tenant exactly this tenant ({@code ""} selects vault-wide entries)
 * @param actor exactly this actor
 * @param action this action exactly or, when it ends with {@code .}, every action it prefixes
 *     ({@code tenant.} selects {@code tenant.apply}, {@code tenant.destroy}, …)
 * @param since entries at or after this time
 * @param until entries before this time
 */
public record LogFilter(
    Optional<String> tenant,
    Optional<String> actor,
    Optional<String> action,
    Optional<Instant> since,
    Optional<Instant> until) {

  public LogFilter {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    if (action.isPresent() && action.get().isEmpty()) {
      throw new IllegalArgumentException("action filter must not be empty");
    }
    if (since.isPresent() && until.isPresent() && until.get().isBefore(since.get())) {
      throw new IllegalArgumentException("until must not be before since");
    }
  }

  /** The filter that selects every entry. */
  public static LogFilter all() {
    return new LogFilter(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** This filter, also requiring tenant {@code tenant}. */
  public LogFilter withTenant(String tenant) {
    return new LogFilter(Optional.of(tenant), actor, action, since, until);
  }

  /** This filter, also requiring actor {@code actor}. */
  public LogFilter withActor(String actor) {
    return new LogFilter(tenant, Optional.of(actor), action, since, until);
  }

  /** This filter, also requiring action {@code action} (a prefix when it ends with {@code .}). */
  public LogFilter withAction(String action) {
    return new LogFilter(tenant, actor, Optional.of(action), since, until);
  }

  /** This filter, also requiring a time at or after {@code since}. */
  public LogFilter withSince(Instant since) {
    return new LogFilter(tenant, actor, action, Optional.of(since), until);
  }

  /** This filter, also requiring a time before {@code until}. */
  public LogFilter withUntil(Instant until) {
    return new LogFilter(tenant, actor, action, since, Optional.of(until));
  }

  /** Whether {@code entry} satisfies every condition of this filter. */
  public boolean matches(LogEntry entry) {
    LogRecord record = entry.record();
    return tenant.map(record.tenant()::equals).orElse(true)
        && actor.map(record.actor()::equals).orElse(true)
        && action.map(wanted -> matchesAction(wanted, record.action())).orElse(true)
        && since.map(from -> !entry.time().isBefore(from)).orElse(true)
        && until.map(to -> entry.time().isBefore(to)).orElse(true);
  }

  private static boolean matchesAction(String wanted, String action) {
    return wanted.endsWith(".") ? action.startsWith(wanted) : action.equals(wanted);
  }
}
