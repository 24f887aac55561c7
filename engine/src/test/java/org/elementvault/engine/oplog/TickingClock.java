package org.elementvault.engine.oplog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves one minute forward each time it is read, and jumps when told to. */
final class TickingClock extends Clock {

  /** The first instant the clock reads. */
  static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

  private Instant now = START;

  @Override
  public synchronized Instant instant() {
    Instant read = now;
    now = now.plus(Duration.ofMinutes(1));
    return read;
  }

  /** Moves the clock forward by {@code duration}. */
  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new IllegalArgumentException("a testing clock stays in UTC, not " + zone);
  }
}
