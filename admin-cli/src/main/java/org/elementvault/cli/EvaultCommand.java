package org.elementvault.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code evault} command and its global options, which are accepted before the
 * command and after any subcommand.
 */
@Command(
    name = "evault",
    mixinStandardHelpOptions = true,
    versionProvider = EvaultCommand.Version.class,
    scope = ScopeType.INHERIT,
    description = {
      "ElementVault: a secure data vault. Raw data never leaves the domain; only desensitized"
          + " results of approved element queries come out, and every operation is logged.",
      ""
    },
    footer = {
      "",
      "Environment: EVAULT_VAULT, EVAULT_SERVER, EVAULT_TOKEN_FILE, EVAULT_CA_CERT,"
          + " EVAULT_PASSPHRASE_FILE and EVAULT_KEY_FILE give defaults for the options of the same"
          + " names.",
      "Exit status: 0 done; 1 refused or failed; 2 bad usage."
    },
    subcommands = {
      InitCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      TenantCommand.class,
      UserCommand.class,
      DatasetCommand.class,
      ElementCommand.class,
      LogCommand.class,
      CompletionCommand.class,
      HelpCommand.class
    })
final class EvaultCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--vault",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVAULT_VAULT}",
      description = "The vault directory, opened in this process (embedded mode).")
  @Nullable Path vault;

  @Option(
      names = "--server",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVAULT_SERVER}",
      description = "A vault server's HTTPS address (remote mode).")
  @Nullable String server;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVAULT_TOKEN_FILE}",
      description = "A file holding your access token on one line.")
  @Nullable Path tokenFile;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVAULT_CA_CERT}",
      description =
          "The vault server's CA certificate (.pem) to trust in remote mode; without it, the"
              + " system trust store.")
  @Nullable Path caCert;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVAULT_PASSPHRASE_FILE}",
      description =
          "A file holding the vault passphrase on its first line. Without it or --key-file,"
              + " evault prompts on a terminal.")
  @Nullable Path passphraseFile;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVAULT_KEY_FILE}",
      description = "A file of exactly 32 random bytes that unlocks the vault, for automation.")
  @Nullable Path keyFile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      converter = OutputFormat.Converter.class,
      scope = ScopeType.INHERIT,
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat output = OutputFormat.TABLE;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  /** The vault directory of an embedded-only command, refusing remote mode clearly. */
  Path embeddedVault(String command) {
    if (server != null) {
      throw new ParameterException(
          spec.commandLine(),
          command + " works only embedded (--vault DIR); remote mode comes with the HTTPS server");
    }
    if (vault == null) {
      throw new ParameterException(spec.commandLine(), command + " needs --vault DIR");
    }
    return vault;
  }

  /** Reads the version from the jar manifest the build writes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = EvaultCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "evault " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
