package org.elementvault.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault logout [CTX]}: forgets a saved context. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = {
      "Forget a saved context (default: the current one). The token file is left as it is;"
          + " revoke the token with 'evault user revoke' to end its use everywhere."
    })
final class LogoutCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CTX", arity = "0..1", description = "The context to forget.")
  @Nullable String name;

  @Override
  public void run() {
    ContextFile file = global.contextFile();
    Contexts contexts = file.read();
    String forget = name != null ? name : contexts.current();
    if (forget == null) {
      throw new CliException("no context is current: name the one to forget");
    }
    file.write(contexts.without(forget));
    spec.commandLine().getErr().println("evault: context " + forget + " forgotten");
  }
}
