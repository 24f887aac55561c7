package org.elementvault.server.api;

import java.time.Instant;
import org.elementvault.engine.oplog.LogFilter;
import org.jspecify.annotations.Nullable;

/**
 * Which log entries to show: every condition given must hold.
 *
 * @param tenant exactly this tenant, or null for any
 * @param actor exactly this actor, or null for any
 * @param action this action exactly or, ending with a dot, every action it prefixes; null for any
 * @param since entries at or after this time, or null
 * @param until entries before this time, or null
 */
public record LogSelection(
    @Nullable String tenant,
    @Nullable String actor,
    @Nullable String action,
    @Nullable Instant since,
    @Nullable Instant until) {

  /** Every entry the caller may see. */
  public static LogSelection all() {
    return new LogSelection(null, null, null, null, null);
  }

  /** The engine's filter for this selection. */
  public LogFilter toFilter() {
    LogFilter filter = LogFilter.all();
    if (tenant != null) {
      filter = filter.withTenant(tenant);
    }
    if (actor != null) {
      filter = filter.withActor(actor);
    }
    if (action != null) {
      filter = filter.withAction(action);
    }
    if (since != null) {
      filter = filter.withSince(since);
    }
    if (until != null) {
      filter = filter.withUntil(until);
    }
    return filter;
  }
}
