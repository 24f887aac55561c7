package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Where {@code serve} takes each setting from: a flag, else a variable, else the config file. Each
 * case names a vault or key file that does not exist, so the one-line refusal shows which source
 * won and no server starts.
 */
class ServeCommandTest {

  @TempDir Path temp;

  private Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    Files.write(temp.resolve("master.key"), new byte[32]);
    config = temp.resolve("evault.yaml");
    Files.writeString(
        config,
        "listen: 127.0.0.1:0\nvault: from-file\nkey_file: master.key\n",
        StandardCharsets.UTF_8);
  }

  /** serve turns the log on; later tests in this JVM get the quiet default back. */
  @AfterEach
  void restoreQuietLogging() throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void serve_vaultOnlyInTheFile_opensTheFilesVault() {
    TestingCli.Result result = TestingCli.run("serve", "--config", config.toString());

    assertThat(result.status()).isEqualTo(Main.FAILED);
    assertThat(result.err())
        .isEqualTo(
            "evault: "
                + temp.resolve("from-file")
                + " is not a vault (it has no vault.keystore)\n");
  }

  @Test
  void serve_vaultFlag_beatsTheFile() {
    Path flag = temp.resolve("from-flag");

    TestingCli.Result result =
        TestingCli.run("serve", "--config", config.toString(), "--vault", flag.toString());

    assertThat(result.err())
        .isEqualTo("evault: " + flag + " is not a vault (it has no vault.keystore)\n");
  }

  @Test
  void serve_vaultVariable_beatsTheFile() {
    Path variable = temp.resolve("from-variable");

    TestingCli.Result result =
        TestingCli.runIn(
            Map.of("EVAULT_VAULT", variable.toString()), "serve", "--config", config.toString());

    assertThat(result.err())
        .isEqualTo("evault: " + variable + " is not a vault (it has no vault.keystore)\n");
  }

  @Test
  void serve_keyFileFlag_beatsTheFile() {
    Path flag = temp.resolve("absent.key");

    TestingCli.Result result =
        TestingCli.run("serve", "--config", config.toString(), "--key-file", flag.toString());

    assertThat(result.err()).isEqualTo("evault: key file " + flag + " does not exist\n");
  }

  @Test
  void serve_configWithAnUnknownKey_failsWithOneLineAndCreatesNothing() throws IOException {
    Files.writeString(
        config, "vault: vault\nlisten: 127.0.0.1:0\ntls: on\n", StandardCharsets.UTF_8);

    TestingCli.Result result = TestingCli.run("serve", "--config", config.toString());

    assertThat(result.status()).isEqualTo(Main.FAILED);
    assertThat(result.err()).startsWith("evault: config: unknown key tls (known:").hasLineCount(1);
    assertThat(temp.resolve("vault")).doesNotExist();
  }

  @Test
  void serve_withoutListenAnywhere_isAUsageError() throws IOException {
    Files.writeString(config, "vault: vault\n", StandardCharsets.UTF_8);

    TestingCli.Result result = TestingCli.run("serve", "--config", config.toString());

    assertThat(result.status()).isEqualTo(Main.USAGE);
    assertThat(result.err())
        .startsWith("evault: serve needs --listen HOST:PORT (or listen in --config)");
  }
}
