package org.elementvault.server;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per source address in fixed windows; an address over the limit is
 * refused without its token being checked until its window ends, so guessing tokens is slow and
 * does not fill the operation log. Thread-safe.
 */
final class FailedLogins {

  /** Beyond this many tracked addresses, expired windows are swept before adding another. */
  private static final int SWEEP_AT = 10_000;

  private record Window(Instant start, int failures) {}

  private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();
  private final int limit;
  private final Duration length;
  private final Clock clock;

  FailedLogins(int limit, Duration length, Clock clock) {
    this.limit = limit;
    this.length = length;
    this.clock = clock;
  }

  /** Whether {@code address} has used up its failures in the current window. */
  boolean isBlocked(InetAddress address) {
    Window window = windows.get(address);
    return window != null && window.failures() >= limit && isCurrent(window, clock.instant());
  }

  /** Records one failure of {@code address}. */
  void failed(InetAddress address) {
    Instant now = clock.instant();
    if (windows.size() > SWEEP_AT) {
      windows.values().removeIf(w -> !isCurrent(w, now));
    }
    var unused =
        windows.merge(
            address,
            new Window(now, 1),
            (old, one) -> isCurrent(old, now) ? new Window(old.start(), old.failures() + 1) : one);
  }

  private boolean isCurrent(Window window, Instant now) {
    return now.isBefore(window.start().plus(length));
  }
}
