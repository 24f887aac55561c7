package org.elementvault.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elementvault.server.api.UserInfo;
import org.elementvault.server.http.HttpApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code evault login}: checks a server and a token, then saves them as the current context, so
 * later remote calls need no flags.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Check that the server answers and the token is valid, then save the server, the CA"
          + " certificate and the token file (its path, not the token) as the current context.",
      "Later commands without --vault or --server use it."
    },
    footer = {
      "",
      "Example:",
      "  evault login --server https://vault:8443 --ca-cert ca.pem --token-file me.token"
    })
final class LoginCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Option(
      names = "--name",
      paramLabel = "CTX",
      defaultValue = "default",
      description = "The context's name (default: ${DEFAULT-VALUE}); an existing one is replaced.")
  String name = "default";

  @Override
  public void run() {
    Context.checkName(name);
    String server = global.givenServer();
    if (server == null) {
      throw new ParameterException(spec.commandLine(), "login needs --server URL");
    }
    Path tokenFile = global.givenTokenFile();
    if (tokenFile == null) {
      throw new ParameterException(spec.commandLine(), "login needs --token-file F");
    }
    Path caCert = global.givenCaCert();
    UserInfo caller = HttpApi.connect(server, tokenFile, caCert).whoami();
    Context context =
        new Context(name, server, caCert == null ? null : absolute(caCert), absolute(tokenFile));
    ContextFile file = global.contextFile();
    file.write(file.read().withCurrent(context));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("context", context.name());
    fields.put("server", context.server());
    fields.put("user", caller.name());
    fields.put("role", caller.role().label());
    fields.put("config", file.path().toAbsolutePath().toString());
    Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }
}
