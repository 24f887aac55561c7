package org.elementvault.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.elementvault.server.api.VaultStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault status}: whether the vault answers, and which vault it is. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the vault that answers: its id, cipher suite and (for vault-wide roles) log size.",
      "Exit status 1 if it cannot be reached or the token is refused."
    })
final class StatusCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    String server = global.server();
    try (Session session = Session.open(global, spec.commandLine())) {
      VaultStatus status = session.api.status();
      Map<String, Object> fields = new LinkedHashMap<>();
      if (server != null) {
        fields.put("server", server);
      } else {
        fields.put("vault", String.valueOf(global.vault()));
      }
      fields.put("vault_id", status.vaultId());
      fields.put("suite", status.suite().name());
      fields.put("log_size", status.logSize() == null ? "" : status.logSize());
      Rendering.printValue(spec.commandLine().getOut(), global.output, status, fields);
    }
  }
}
