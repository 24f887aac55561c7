package org.elementvault.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a running server when the JVM is asked to end (SIGTERM, SIGINT): a shutdown hook logs the
 * request, closes the server gracefully (see {@link org.elementvault.server.VaultServer#close()})
 * and then releases the thread that waits in {@link #awaitStopped()}. The JVM ends with the
 * signal's status once the hook returns: 143 for SIGTERM, 130 for SIGINT.
 */
final class StopOnSignal {

  private static final Logger logger = LoggerFactory.getLogger(StopOnSignal.class);

  private final AutoCloseable server;
  private final CountDownLatch stopped = new CountDownLatch(1);

  StopOnSignal(AutoCloseable server) {
    this.server = server;
  }

  /** Registers a shutdown hook that stops {@code server}. */
  static StopOnSignal install(AutoCloseable server) {
    StopOnSignal stop = new StopOnSignal(server);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::stop, "evault-shutdown"));
    return stop;
  }

  /** What the hook runs: stops the server once, however it was asked. */
  void stop() {
    logger.info("shutting down: the JVM was asked to stop (SIGTERM or SIGINT)");
    try {
      server.close();
    } catch (Exception e) {
      logger.error("the server did not stop cleanly ({})", e.getClass().getSimpleName(), e);
    } finally {
      stopped.countDown();
    }
  }

  /** Waits until {@link #stop()} has closed the server. */
  void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
