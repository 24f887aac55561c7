package org.elementvault.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test sets or advances it, so deadlines, trials and expiries are
 * tested without sleeping. Thread-safe; its zone is UTC.
 */
public final class TestingClock extends Clock {

  private final AtomicReference<Instant> now;

  public TestingClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** Moves the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Moves the clock forward by {@code duration}. */
  public void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
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
