package org.elementvault.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.server.ServerLimits;
import org.elementvault.server.VaultServer;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.ServerIdentity;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault serve}: the HTTPS API over an embedded vault, until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the vault's HTTPS API on HOST:PORT (TLS 1.3 or 1.2 only) until SIGTERM or SIGINT.",
      "At the first start the vault issues itself a CA and a server certificate; the CA's PEM"
          + " file and SHA-256 fingerprint are printed for clients to pin (--ca-cert).",
      "Settings may come from a config file (--config, see conf/evault.yaml in the"
          + " distribution); a flag or an EVAULT_* variable beats the file.",
      "Shutdown is graceful: no new connections, running jobs finish (or are interrupted after"
          + " 30 s), the log is flushed and the vault closed. Stopped by SIGTERM, the process exits"
          + " with status 143 (128 + 15; the systemd unit counts it as success), by SIGINT 130.",
      "Logs go to stderr (conf/logback.xml configures them): a startup and a shutdown line, one"
          + " access line per request (method, path without query, status, principal, duration,"
          + " bytes) and failed logins by address; never a token or a data value."
    })
final class ServeCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A YAML file of settings: listen, vault, passphrase_file or key_file, tls_cert, tls_key,"
              + " max_connections, log_format. Never a secret itself.")
  @Nullable Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Address to listen on, such as 127.0.0.1:8443 or 0.0.0.0:8443; required here or in"
              + " --config.")
  @Nullable String listen;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Your own certificate chain (PEM, leaf first) instead of the vault's own CA.")
  @Nullable Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The unencrypted private key (PEM) of --tls-cert.")
  @Nullable Path tlsKey;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "Open connections at once (default: ${DEFAULT-VALUE}).")
  int maxConnections = ServerLimits.defaults().maxConnections();

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description =
          "The log on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); one line per"
              + " event, an access line per request.")
  LogFormat logFormat = LogFormat.TEXT;

  @Override
  public void run() {
    ServeConfig settings = config == null ? ServeConfig.none() : ServeConfig.read(config);
    InetSocketAddress address = address(settings);
    Path certificate = tlsCert != null ? tlsCert : settings.tlsCert().orElse(null);
    Path certificateKey = tlsKey != null ? tlsKey : settings.tlsKey().orElse(null);
    if ((certificate == null) != (certificateKey == null)) {
      throw new ParameterException(spec.commandLine(), "give both --tls-cert and --tls-key");
    }
    Path directory = vaultDirectory(settings);
    Logging.forServer(isGiven("--log-format") ? logFormat : settings.logFormat().orElse(logFormat));
    Unlock unlock = unlock(settings);
    Vault vault;
    try {
      vault = Vault.open(directory, unlock, VaultOptions.defaults());
    } finally {
      unlock.destroy();
    }
    Session.finishKeyRotations(vault, spec.commandLine());
    VaultServer server;
    ServerIdentity identity;
    try {
      identity =
          certificate != null && certificateKey != null
              ? CertificateAuthority.operatorSupplied(certificate, certificateKey)
              : new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
                  .identityFor(address.getHostString());
      int connections =
          isGiven("--max-connections")
              ? maxConnections
              : settings.maxConnections().orElse(maxConnections);
      server =
          VaultServer.start(
              vault,
              identity,
              address,
              ServerLimits.defaults().withMaxConnections(connections),
              Clock.systemUTC());
    } catch (RuntimeException e) {
      vault.close();
      throw e;
    }
    StopOnSignal stop = StopOnSignal.install(server);
    Map<String, String> started = new LinkedHashMap<>();
    started.put("url", "https://" + address.getHostString() + ":" + server.address().getPort());
    started.put(
        "ca_cert",
        identity.caPem() == null
            ? "(your own chain)"
            : identity.caPem().toAbsolutePath().toString());
    started.put("ca_sha256", identity.caFingerprint());
    PrintWriter out = spec.commandLine().getOut();
    Rendering.printObject(out, global.output, started);
    out.flush();
    stop.awaitStopped();
  }

  private boolean isGiven(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private InetSocketAddress address(ServeConfig settings) {
    if (listen == null) {
      return settings
          .listen()
          .orElseThrow(
              () ->
                  new ParameterException(
                      spec.commandLine(),
                      "serve needs --listen HOST:PORT (or listen in --config)"));
    }
    return ListenAddress.parse(listen)
        .orElseThrow(
            () -> new ParameterException(spec.commandLine(), "--listen " + ListenAddress.RULE));
  }

  /** The vault a flag or variable names, else the config file's: serve is embedded only. */
  private Path vaultDirectory(ServeConfig settings) {
    if (global.vault() == null && global.givenServer() == null && settings.vault().isPresent()) {
      return settings.vault().get();
    }
    return global.embeddedVault("serve");
  }

  /** The unlock secret a flag or variable names, else the one the config file names. */
  private Unlock unlock(ServeConfig settings) {
    Path keyFile = global.keyFile();
    Path passphraseFile = global.passphraseFile();
    if (keyFile == null && passphraseFile == null) {
      keyFile = settings.keyFile().orElse(null);
      passphraseFile = settings.passphraseFile().orElse(null);
    }
    return Secrets.read(keyFile, passphraseFile, spec.commandLine(), false);
  }
}
