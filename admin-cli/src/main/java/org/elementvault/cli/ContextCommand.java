package org.elementvault.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault context …}: the contexts {@code evault login} saved. */
@Command(
    name = "context",
    mixinStandardHelpOptions = true,
    description = "List the saved contexts or choose the current one.")
final class ContextCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the saved contexts; the current one is marked.",
        "JSON: the config file's document, {\"current\", \"contexts\": [...]}."
      })
  void list() {
    Contexts contexts = global.contextFile().read();
    List<List<String>> rows = new ArrayList<>();
    for (Context context : contexts.contexts()) {
      rows.add(
          List.of(
              context.name(),
              String.valueOf(context.name().equals(contexts.current())),
              context.server(),
              context.caCert() == null ? "" : context.caCert(),
              context.tokenFile()));
    }
    Rendering.printValues(
        spec.commandLine().getOut(),
        global.output,
        contexts,
        List.of("name", "current", "server", "ca_cert", "token_file"),
        rows);
  }

  @Command(
      name = "use",
      mixinStandardHelpOptions = true,
      description = "Make a saved context the current one.")
  void use(@Parameters(paramLabel = "CTX") String name) {
    ContextFile file = global.contextFile();
    file.write(file.read().use(name));
    spec.commandLine().getErr().println("evault: context " + name + " is now current");
  }
}
