package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shipped logging configuration: quiet commands, and serve's text or JSON log on stderr. */
class LoggingTest {

  private static final Logger logger = LoggerFactory.getLogger("org.elementvault.server.AccessLog");

  @TempDir Path temp;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureStdoutAndStderr() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStreamsAndDefaultConfiguration() throws JoranException {
    System.setOut(originalOut);
    System.setErr(originalErr);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void commands_otherThanServe_writeNoLogLine() throws IOException {
    TestingCli cli = TestingCli.in(temp);

    TestingCli.Result init = cli.evault("init", "--suite", "INTL");
    TestingCli.Result list = cli.evault("tenant", "list");

    assertThat(init.status()).isZero();
    assertThat(list.status()).isZero();
    assertThat(init.err() + list.err()).isEmpty();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void forServer_text_writesInfoLinesWithKeyValuePairsOnStderr() {
    Logging.forServer(LogFormat.TEXT);

    logger.atInfo().addKeyValue("status", 200).log("request answered");

    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains(" INFO  ")
        .contains("AccessLog - request answered status=\"200\"");
  }

  /** A library's notes on its own settings are no operator's business; its warnings are. */
  @Test
  void forServer_librariesLogWarningsOnly() {
    Logging.forServer(LogFormat.TEXT);
    Logger arrow = LoggerFactory.getLogger("org.apache.arrow.memory.BaseAllocator");

    arrow.info("Debug mode disabled.");
    arrow.warn("Memory was leaked");

    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .doesNotContain("Debug mode disabled")
        .contains("WARN  ")
        .contains("Memory was leaked");
  }

  @Test
  void forServer_json_writesOneParsableJsonObjectPerLine() throws IOException {
    Logging.forServer(LogFormat.JSON);
    String awkward = "quote \" backslash \\ newline \n tab \t 金水区";

    logger.atInfo().addKeyValue("path", awkward).log("request answered");
    logger.warn("second {}", awkward);

    List<String> lines = stderr.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("loggerName").asText()).isEqualTo("org.elementvault.server.AccessLog");
    assertThat(first.get("formattedMessage").asText()).isEqualTo("request answered");
    assertThat(first.get("kvpList").toString()).contains("path");
    assertThat(first.findValue("path").asText()).isEqualTo(awkward);
    assertThat(json.readTree(lines.get(1)).get("formattedMessage").asText())
        .isEqualTo("second " + awkward);
  }
}
