package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The server's log over real TLS: one access line per request, never a token or a query value. */
class AccessLogTest {

  @TempDir Path temp;

  private TestingServer server;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeEach
  void serverWithCapturedLog() {
    events.start();
    logger(AccessLog.class).addAppender(events);
    logger(AuthHandler.class).addAppender(events);
    server = new TestingServer(temp);
  }

  @AfterEach
  void stop() {
    server.close();
    logger(AccessLog.class).detachAppender(events);
    logger(AuthHandler.class).detachAppender(events);
  }

  @Test
  void request_authenticated_logsOneLineWithMethodPathStatusPrincipalDurationAndBytes() {
    var response = server.send(server.request("/v1/tenants", server.rootToken()).GET().build());

    List<Map<String, String>> lines = accessLines();
    assertThat(lines).hasSize(1);
    Map<String, String> line = lines.get(0);
    assertThat(line)
        .containsEntry("method", "GET")
        .containsEntry("path", "/v1/tenants")
        .containsEntry("status", "200")
        .containsEntry("principal", "root")
        .containsEntry(
            "bytes", Integer.toString(response.body().getBytes(StandardCharsets.UTF_8).length));
    assertThat(Long.parseLong(line.get("duration_ms"))).isNotNegative();
  }

  @Test
  void request_withToken_logsNoPartOfTheToken() throws IOException {
    String token = Files.readString(server.rootToken()).trim();

    var unused = server.send(server.request("/v1/tenants", server.rootToken()).GET().build());

    assertThat(everythingLogged()).isNotEmpty().doesNotContain(token);
  }

  @Test
  void request_withQuery_logsThePathWithoutTheQueryValues() {
    var unused =
        server.send(
            server.request("/v1/log?actor=someone-secret", server.rootToken()).GET().build());

    assertThat(accessLines())
        .singleElement()
        .satisfies(line -> assertThat(line).containsEntry("path", "/v1/log"));
    assertThat(everythingLogged()).doesNotContain("someone-secret");
  }

  @Test
  void request_badToken_logsTheFailedLoginWithAddressAndNoToken() {
    String forged = "evt_forged-token-that-must-not-be-logged";

    var unused =
        server.send(
            HttpRequest.newBuilder(server.uri("/v1/tenants"))
                .header("Authorization", "Bearer " + forged)
                .GET()
                .build());

    assertThat(events())
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .isEqualTo("failed authentication from 127.0.0.1"));
    assertThat(accessLines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line).containsEntry("status", "401").containsEntry("principal", "-"));
    assertThat(everythingLogged()).doesNotContain(forged);
  }

  @Test
  void path_hostileCharacters_areReplacedAndTheQueryDropped() {
    assertThat(AccessLog.path("/v1/tenants/a\"b c\u00e9/x?subject=110101"))
        .isEqualTo("/v1/tenants/a?b?c?/x");
  }

  private static Logger logger(Class<?> type) {
    return (Logger) LoggerFactory.getLogger(type);
  }

  /** The appender appends on the event loop under its own lock; read under the same lock. */
  private List<ILoggingEvent> events() {
    synchronized (events) {
      return List.copyOf(events.list);
    }
  }

  private List<Map<String, String>> accessLines() {
    return events().stream()
        .filter(event -> event.getLoggerName().equals(AccessLog.class.getName()))
        .map(
            event ->
                event.getKeyValuePairs().stream()
                    .collect(
                        Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value))))
        .toList();
  }

  private String everythingLogged() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent event : events()) {
      all.append(event.getFormattedMessage()).append('\n');
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs != null) {
        pairs.forEach(pair -> all.append(pair).append('\n'));
      }
    }
    return all.toString();
  }
}
