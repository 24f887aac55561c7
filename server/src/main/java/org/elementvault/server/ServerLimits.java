package org.elementvault.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's limits: what one connection, request or source address may take, so that no client
 * can exhaust memory, threads or disk (invariant 11).
 *
 * @param maxConnections open connections at once; more are closed at accept
 * @param maxHeaderBytes the request line and headers together
 * @param maxJsonBytes a JSON or YAML request body, held in memory
 * @param maxUploadBytes a dataset upload, streamed to a temporary file
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param requestTimeout a request whose headers and body take longer to arrive is answered 408
 * @param uploadTimeout the same for dataset uploads
 * @param workerThreads threads that run vault operations (the event loops never block on them)
 * @param failedLogins failed authentications per source address within {@code failedLoginWindow}
 *     before its wrong tokens are answered 429 (a valid token is always accepted)
 * @param failedLoginWindow the window of {@code failedLogins}
 */
public record ServerLimits(
    int maxConnections,
    int maxHeaderBytes,
    int maxJsonBytes,
    long maxUploadBytes,
    Duration idleTimeout,
    Duration requestTimeout,
    Duration uploadTimeout,
    int workerThreads,
    int failedLogins,
    Duration failedLoginWindow) {

  public ServerLimits {
    positive("maxConnections", maxConnections);
    positive("maxHeaderBytes", maxHeaderBytes);
    positive("maxJsonBytes", maxJsonBytes);
    positive("maxUploadBytes", maxUploadBytes);
    positive("workerThreads", workerThreads);
    positive("failedLogins", failedLogins);
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(uploadTimeout, "uploadTimeout");
    Objects.requireNonNull(failedLoginWindow, "failedLoginWindow");
  }

  /** Production defaults. */
  public static ServerLimits defaults() {
    return new ServerLimits(
        256,
        16 * 1024,
        1024 * 1024,
        10L * 1024 * 1024 * 1024,
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Math.max(8, 4 * Runtime.getRuntime().availableProcessors()),
        20,
        Duration.ofMinutes(1));
  }

  /** These limits with another connection limit. */
  public ServerLimits withMaxConnections(int value) {
    return new ServerLimits(
        value,
        maxHeaderBytes,
        maxJsonBytes,
        maxUploadBytes,
        idleTimeout,
        requestTimeout,
        uploadTimeout,
        workerThreads,
        failedLogins,
        failedLoginWindow);
  }

  /** These limits with another upload limit. */
  public ServerLimits withMaxUploadBytes(long value) {
    return new ServerLimits(
        maxConnections,
        maxHeaderBytes,
        maxJsonBytes,
        value,
        idleTimeout,
        requestTimeout,
        uploadTimeout,
        workerThreads,
        failedLogins,
        failedLoginWindow);
  }

  /** These limits with another failed-login limit. */
  public ServerLimits withFailedLogins(int value) {
    return new ServerLimits(
        maxConnections,
        maxHeaderBytes,
        maxJsonBytes,
        maxUploadBytes,
        idleTimeout,
        requestTimeout,
        uploadTimeout,
        workerThreads,
        value,
        failedLoginWindow);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
