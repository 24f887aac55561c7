package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call builds only the top-level command it names, none for a version request, and the whole tree
 * whenever help, completion or suggestions could need it.
 */
class CommandTreeTest {

  private static Set<String> commandsFor(String... arguments) {
    return CommandTree.forArguments(Map.of(), arguments).getSubcommands().keySet();
  }

  private static Set<String> everyCommand() {
    return CommandTree.whole(Map.of()).getSubcommands().keySet();
  }

  @Test
  void whole_holdsEveryTopLevelCommand() {
    assertThat(everyCommand()).hasSize(20).contains("tenant", "serve", "completion", "help");
  }

  @Test
  void forArguments_namedCommand_buildsOnlyThatCommand() {
    assertThat(commandsFor("tenant", "list")).containsExactly("tenant");
  }

  @Test
  void forArguments_globalOptionsBeforeTheCommand_areSkippedWithTheirValues() {
    Set<String> commands =
        commandsFor("--server", "https://h:8443", "-o", "json", "--output=csv", "tenant", "list");

    assertThat(commands).containsExactly("tenant");
  }

  @Test
  void forArguments_optionValueSpellingACommand_isNotTheCommand() {
    assertThat(commandsFor("--vault", "serve", "tenant", "list")).containsExactly("tenant");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-V", "--version", "--vault v --version"})
  void forArguments_versionOptionLast_buildsNoCommand(String line) {
    assertThat(commandsFor(line.split(" "))).isEmpty();
  }

  /** Help, completion, a mistyped command and anything unsure read every command's name. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--help tenant",
        "-V tenant",
        "help tenant",
        "completion bash",
        "tenat list",
        "--unknown tenant",
        "-ojson tenant",
        "-- tenant"
      })
  void forArguments_whenUnsureOrReadingTheTree_buildsTheWholeTree(String line) {
    String[] arguments = line.isEmpty() ? new String[0] : line.split(" ");

    assertThat(commandsFor(arguments)).isEqualTo(everyCommand());
  }
}
