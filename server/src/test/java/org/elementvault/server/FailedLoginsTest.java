package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Failed logins over real TLS: limited per address and failing token, a valid token never blocked,
 * every 429 with {@code Retry-After}, the limit logged once per window.
 */
class FailedLoginsTest {

  private static final int LIMIT = 3;
  private static final Duration WINDOW = Duration.ofMinutes(1);

  @TempDir Path temp;

  private TestingServer server;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeEach
  void limitedServer() {
    events.start();
    logger(FailedLogins.class).addAppender(events);
    logger(AuthHandler.class).addAppender(events);
    server = new TestingServer(temp, ServerLimits.defaults().withFailedLogins(LIMIT));
  }

  @AfterEach
  void stop() {
    server.close();
    logger(FailedLogins.class).detachAppender(events);
    logger(AuthHandler.class).detachAppender(events);
  }

  @Test
  void validToken_afterTwentyBadTokensFromTheSameAddress_gets200() {
    for (int i = 0; i < 20; i++) {
      var unused = withToken("wrong-" + i);
    }

    assertThat(
            server
                .send(server.request("/v1/tenants", server.rootToken()).GET().build())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void badTokens_untilTheLimit_get401() {
    for (int i = 0; i < LIMIT - 1; i++) {
      assertThat(withToken("wrong-" + i).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void badToken_overTheLimit_gets429WithRetryAfterInSecondsUntilTheWindowEnds() {
    for (int i = 0; i < LIMIT - 1; i++) {
      var unused = withToken("wrong-" + i);
    }
    server.clock.advance(Duration.ofSeconds(20));

    HttpResponse<String> response = withToken("wrong-last");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("40");
  }

  @Test
  void repeatedBadToken_overTheLimit_isRefusedWithoutBeingCheckedAgain() {
    for (int i = 0; i < LIMIT; i++) {
      var unused = withToken("the-same-wrong-token");
    }
    long checked = count("failed authentication from 127.0.0.1");

    HttpResponse<String> response = withToken("the-same-wrong-token");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(count("failed authentication from 127.0.0.1")).isEqualTo(checked);
  }

  @Test
  void limit_isLoggedOncePerWindowWithoutAnyToken() {
    for (int i = 0; i < 2 * LIMIT; i++) {
      var unused = withToken("secret-guess-" + i);
    }
    server.clock.advance(WINDOW);
    for (int i = 0; i < 2 * LIMIT; i++) {
      var unused = withToken("secret-guess-again-" + i);
    }

    assertThat(count("failed-login limit of 3 reached by 127.0.0.1: its failing tokens get 429"))
        .isEqualTo(2);
    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(message -> message.contains("secret-guess"));
  }

  @Test
  void badToken_afterTheWindowEnds_gets401Again() {
    for (int i = 0; i < LIMIT; i++) {
      var unused = withToken("wrong-" + i);
    }
    server.clock.advance(WINDOW);

    assertThat(withToken("wrong-0").statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> withToken(String token) {
    return server.send(
        HttpRequest.newBuilder(server.uri("/v1/tenants"))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build());
  }

  private long count(String messageStart) {
    return events.list.stream()
        .filter(event -> event.getFormattedMessage().startsWith(messageStart))
        .count();
  }

  private static Logger logger(Class<?> type) {
    return (Logger) LoggerFactory.getLogger(type);
  }
}
