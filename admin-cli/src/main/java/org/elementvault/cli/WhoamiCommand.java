package org.elementvault.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.elementvault.server.api.UserInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault whoami}: the principal this call acts as. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = "Show the user, role and tenant this call acts as.")
final class WhoamiCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    try (Session session = Session.open(global, spec.commandLine())) {
      UserInfo user = session.api.whoami();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("name", user.name());
      fields.put("role", user.role().label());
      fields.put("tenant", user.tenant() == null ? "" : user.tenant());
      fields.put("expires", user.expiresAt() == null ? "" : user.expiresAt().toString());
      Rendering.printValue(spec.commandLine().getOut(), global.output, user, fields);
    }
  }
}
