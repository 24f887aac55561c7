package org.elementvault.server;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed authentications per source address in fixed windows. Once an address is over its
 * limit, a token it already failed with is refused unchecked until the window ends, so replaying a
 * wrong token neither costs a check nor fills the operation log; any other token is still checked,
 * so a valid token is never blocked, and a wrong one is answered 429 instead of 401. Tokens are
 * remembered only as keyed hashes under a key that lives in this process. Thread-safe.
 */
final class FailedLogins {

  private static final Logger logger = LoggerFactory.getLogger(FailedLogins.class);

  /** Beyond this many tracked addresses, expired windows are swept before adding another. */
  private static final int SWEEP_AT = 10_000;

  /** Failing tokens remembered per address and window; more are checked, not remembered. */
  private static final int REMEMBERED_TOKENS = 256;

  private record Window(Instant start, int failures, Set<String> failedTokens) {}

  private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();
  private final int limit;
  private final Duration length;
  private final Clock clock;
  private final SecretKeySpec fingerprintKey;

  FailedLogins(int limit, Duration length, Clock clock) {
    this.limit = limit;
    this.length = length;
    this.clock = clock;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.fingerprintKey = new SecretKeySpec(key, "HmacSHA256");
    Arrays.fill(key, (byte) 0);
  }

  /** A keyed hash of a presented token: equal tokens match, and nothing of the token is kept. */
  String fingerprint(char[] presented) {
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(presented));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(fingerprintKey);
      mac.update(bytes);
      return HexFormat.of().formatHex(mac.doFinal(), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    } finally {
      Arrays.fill(bytes.array(), (byte) 0);
    }
  }

  /**
   * When {@code token} (a {@link #fingerprint}) already failed from {@code address} and the address
   * is over its limit, the wait until its window ends; then the token is not checked.
   */
  Optional<Duration> refusal(InetAddress address, String token) {
    Instant now = clock.instant();
    Window window = windows.get(address);
    if (window == null
        || !isCurrent(window, now)
        || window.failures() < limit
        || !window.failedTokens().contains(token)) {
      return Optional.empty();
    }
    return Optional.of(retryAfter(window, now));
  }

  /**
   * Records that {@code token} failed from {@code address}.
   *
   * @return the wait until the window ends if the address is now over its limit (answer 429), else
   *     empty (answer 401)
   */
  Optional<Duration> failed(InetAddress address, String token) {
    Instant now = clock.instant();
    if (windows.size() > SWEEP_AT) {
      windows.values().removeIf(w -> !isCurrent(w, now));
    }
    Window window =
        windows.compute(
            address,
            (key, old) -> {
              Window current =
                  old != null && isCurrent(old, now) ? old : new Window(now, 0, Set.of());
              Set<String> tokens = current.failedTokens();
              if (tokens.size() < REMEMBERED_TOKENS && !tokens.contains(token)) {
                Set<String> more = new HashSet<>(tokens);
                more.add(token);
                tokens = Set.copyOf(more);
              }
              return new Window(current.start(), current.failures() + 1, tokens);
            });
    if (window.failures() < limit) {
      return Optional.empty();
    }
    Duration wait = retryAfter(window, now);
    if (window.failures() == limit) {
      logger.warn(
          "failed-login limit of {} reached by {}: its failing tokens get 429 for {} s",
          limit,
          address.getHostAddress(),
          wait.toSeconds());
    }
    return Optional.of(wait);
  }

  private boolean isCurrent(Window window, Instant now) {
    return now.isBefore(window.start().plus(length));
  }

  /** Whole seconds until the window ends, at least one (the unit of {@code Retry-After}). */
  private Duration retryAfter(Window window, Instant now) {
    Duration left = Duration.between(now, window.start().plus(length));
    long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, seconds));
  }
}
