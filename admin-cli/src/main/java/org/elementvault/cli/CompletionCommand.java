package org.elementvault.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evault completion bash|zsh}: the shell completion script of every command and option. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the completion script for SHELL on stdout. Load it in the current shell with",
      "  source <(evault completion bash)",
      "or save it under the shell's completion directory. The zsh script runs zsh's bashcompinit."
    })
final class CompletionCommand implements Runnable {

  /** The shells a script is generated for. */
  enum Shell {
    BASH,
    ZSH
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  @Override
  public void run() {
    // picocli's script detects zsh and loads bashcompinit itself, so both shells get the same one.
    String script =
        switch (shell) {
          case BASH, ZSH -> AutoComplete.bash("evault", spec.root().commandLine());
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
  }
}
