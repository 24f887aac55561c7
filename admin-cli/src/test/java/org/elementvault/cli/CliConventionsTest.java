package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conventions of other command lines: suggestions, help CMD, completion scripts, -o. */
class CliConventionsTest {

  @TempDir Path temp;

  @Test
  void mistypedCommand_suggestsTheNearestCommandAndExitsTwo() {
    TestingCli.Result result = TestingCli.run("tenat", "list");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .contains("Did you mean: evault tenant")
        .endsWith("Try 'evault --help'." + System.lineSeparator());
  }

  @Test
  void mistypedSubcommand_suggestsTheNearestSubcommand() {
    TestingCli.Result result = TestingCli.run("tenant", "lst");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("Did you mean: tenant list?");
  }

  @Test
  void helpCommand_printsThatCommandsUsage() {
    TestingCli.Result result = TestingCli.run("help", "tenant");

    assertThat(result.status()).isZero();
    assertThat(result.out()).startsWith("Usage: evault tenant").contains("list");
  }

  @Test
  void completionBash_printsAScriptCompletingEveryCommand() {
    TestingCli.Result result = TestingCli.run("completion", "bash");

    assertThat(result.status()).isZero();
    assertThat(result.out())
        .contains("complete -F _complete_evault")
        .contains("tenant")
        .contains("element")
        .contains("--output");
  }

  @Test
  void completionZsh_printsAScriptThatLoadsBashcompinit() {
    TestingCli.Result result = TestingCli.run("completion", "zsh");

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("bashcompinit").contains("complete -F _complete_evault");
  }

  @Test
  void completion_unknownShell_isBadUsage() {
    TestingCli.Result result = TestingCli.run("completion", "fish");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("SHELL");
  }

  @Test
  void shortO_isOutput() throws IOException {
    TestingCli cli = TestingCli.in(temp);

    TestingCli.Result result = cli.evault("init", "--suite", "INTL", "-o", "json");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(new ObjectMapper().readTree(result.out()).get("suite").asText()).isEqualTo("INTL");
  }
}
