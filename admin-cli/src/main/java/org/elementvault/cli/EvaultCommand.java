package org.elementvault.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code evault} command and its global options, which are accepted before the
 * command and after any subcommand. Its subcommands are added by {@link CommandTree}.
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
          + " names; a flag beats a variable, also the variable of an option it excludes.",
      "Without --vault or --server (or their variables), the current context saved by 'evault"
          + " login' names the server, token file and CA certificate. EVAULT_CONFIG names the"
          + " config file (default: $XDG_CONFIG_HOME/evault/config.json or"
          + " ~/.config/evault/config.json).",
      "Exit status: 0 done; 1 refused or failed; 2 bad usage."
    })
final class EvaultCommand implements Runnable {

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  private @Nullable Contexts contexts;

  /** A command whose options default to the {@code EVAULT_*} variables of {@code environment}. */
  EvaultCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Option(
      names = "--vault",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "The vault directory, opened in this process (embedded mode).")
  @Nullable Path vaultFlag;

  @Option(
      names = "--server",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description = "A vault server's HTTPS address (remote mode).")
  @Nullable String serverFlag;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "A file holding your access token on one line.")
  @Nullable Path tokenFileFlag;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "The vault server's CA certificate (.pem) to trust in remote mode; without it, the"
              + " system trust store.")
  @Nullable Path caCertFlag;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "A file holding the vault passphrase on its first line. Without it or --key-file,"
              + " evault prompts on a terminal.")
  @Nullable Path passphraseFileFlag;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "A file of exactly 32 random bytes that unlocks the vault, for automation.")
  @Nullable Path keyFileFlag;

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

  /** The vault directory (embedded mode), or null in remote mode or when none is given. */
  @Nullable Path vault() {
    checkMode();
    return serverFlag != null ? null : or(vaultFlag, "EVAULT_VAULT");
  }

  /**
   * The vault server's address (remote mode), or null in embedded mode: a flag, else a variable,
   * else the current context when no vault is named either way.
   */
  @Nullable String server() {
    String given = givenServer();
    if (given != null || vaultFlag != null || variable("EVAULT_VAULT") != null) {
      return given;
    }
    return currentContext().map(Context::server).orElse(null);
  }

  /** The server named by a flag or variable, never by a context: what {@code login} saves. */
  @Nullable String givenServer() {
    checkMode();
    if (vaultFlag != null) {
      return null;
    }
    return serverFlag != null ? serverFlag : variable("EVAULT_SERVER");
  }

  /** The token file: a flag, else a variable, else the context's when the context is in use. */
  @Nullable Path tokenFile() {
    Path given = givenTokenFile();
    return given != null ? given : contextInUse().map(c -> Path.of(c.tokenFile())).orElse(null);
  }

  @Nullable Path givenTokenFile() {
    return or(tokenFileFlag, "EVAULT_TOKEN_FILE");
  }

  /** The CA certificate: a flag, else a variable, else the context's when the context is in use. */
  @Nullable Path caCert() {
    Path given = givenCaCert();
    if (given != null) {
      return given;
    }
    return contextInUse().map(Context::caCert).map(Path::of).orElse(null);
  }

  @Nullable Path givenCaCert() {
    return or(caCertFlag, "EVAULT_CA_CERT");
  }

  /**
   * The current context, if it names the server of this call. A server named by a flag or variable
   * never gets a context's token: a token goes only to the server it was saved for.
   */
  private Optional<Context> contextInUse() {
    return givenServer() == null && server() != null ? currentContext() : Optional.empty();
  }

  private Optional<Context> currentContext() {
    return contexts().currentContext();
  }

  /** The saved contexts, read once and only when a call needs them. */
  private Contexts contexts() {
    if (contexts == null) {
      contexts = contextFile().read();
    }
    return contexts;
  }

  ContextFile contextFile() {
    return ContextFile.locate(environment);
  }

  @Nullable Path passphraseFile() {
    checkUnlock();
    return keyFileFlag != null ? null : or(passphraseFileFlag, "EVAULT_PASSPHRASE_FILE");
  }

  @Nullable Path keyFile() {
    checkUnlock();
    return passphraseFileFlag != null ? null : or(keyFileFlag, "EVAULT_KEY_FILE");
  }

  private void checkMode() {
    exclusive("--vault", vaultFlag, "EVAULT_VAULT", "--server", serverFlag, "EVAULT_SERVER");
  }

  private void checkUnlock() {
    exclusive(
        "--passphrase-file",
        passphraseFileFlag,
        "EVAULT_PASSPHRASE_FILE",
        "--key-file",
        keyFileFlag,
        "EVAULT_KEY_FILE");
  }

  /**
   * Two options that exclude each other: a flag beats the other's variable, but two flags, or two
   * variables and no flag, are bad usage rather than a silent choice.
   */
  private void exclusive(
      String flag,
      @Nullable Object given,
      String variable,
      String otherFlag,
      @Nullable Object otherGiven,
      String otherVariable) {
    if (given != null && otherGiven != null) {
      throw new ParameterException(
          spec.commandLine(), "give either " + flag + " or " + otherFlag + ", not both");
    }
    if (given == null
        && otherGiven == null
        && variable(variable) != null
        && variable(otherVariable) != null) {
      throw new ParameterException(
          spec.commandLine(),
          variable
              + " and "
              + otherVariable
              + " are both set: choose one with "
              + flag
              + " or "
              + otherFlag);
    }
  }

  private @Nullable Path or(@Nullable Path flag, String variable) {
    if (flag != null) {
      return flag;
    }
    String value = variable(variable);
    return value == null ? null : Path.of(value);
  }

  /** The variable's value; an empty one counts as unset. */
  private @Nullable String variable(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * The vault directory of an embedded-only command, refusing remote mode clearly. A saved context
   * does not make such a command remote: without --vault it asks for one.
   */
  Path embeddedVault(String command) {
    Path vault = vault();
    if (givenServer() != null) {
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
