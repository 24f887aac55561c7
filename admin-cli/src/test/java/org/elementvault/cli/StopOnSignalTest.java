package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What serve's shutdown hook does on SIGTERM, run without a signal: {@code DistributionIT} sends
 * the real one to the packaged launcher.
 */
class StopOnSignalTest {

  @TempDir Path temp;

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Logger logger;

  @BeforeEach
  void captureTheLog() {
    logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.elementvault");
    logger.setLevel(Level.INFO);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void releaseTheLog() {
    logger.detachAppender(lines);
    logger.setLevel(null);
  }

  @Test
  void stop_closesTheServerReleasesTheWaiterAndLogsIt() throws Exception {
    TestingRemoteVault remote = TestingRemoteVault.start(temp);
    URI url = URI.create(remote.url());
    String vaultId = remote.vaultId();
    StopOnSignal stop = new StopOnSignal(remote);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(stop::awaitStopped);

    stop.stop();

    waiting.get(60, TimeUnit.SECONDS);
    assertThatThrownBy(() -> connect(url)).isInstanceOf(ConnectException.class);
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains("shutting down: the JVM was asked to stop (SIGTERM or SIGINT)")
        .contains("stopped: vault " + vaultId + " closed");
  }

  private static void connect(URI url) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
    }
  }
}
