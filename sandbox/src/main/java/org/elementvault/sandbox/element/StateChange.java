package org.elementvault.sandbox.element;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest lifecycle step after the review: a release request or decision, a suspension,
 * resumption or retirement.
 *
 * @param by the principal who took it
 * @param reason the reason given, or null for a release request or a resumption
 * @param at when
 */
public record StateChange(String by, @Nullable String reason, Instant at) {

  public StateChange {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }
}
