package org.elementvault.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
      "Shutdown is graceful: no new connections, running jobs finish (or are interrupted after"
          + " 30 s), the log is flushed and the vault closed.",
      "Logs go to stderr (conf/logback.xml configures them): a startup and a shutdown line, one"
          + " access line per request (method, path without query, status, principal, duration,"
          + " bytes) and failed logins by address; never a token or a data value."
    })
final class ServeCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Address to listen on, such as 127.0.0.1:8443 or 0.0.0.0:8443.")
  String listen;

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
    InetSocketAddress address = address();
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "give both --tls-cert and --tls-key");
    }
    Path directory = global.embeddedVault("serve");
    Logging.forServer(logFormat);
    Unlock unlock = Secrets.read(global, spec.commandLine(), false);
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
          tlsCert != null && tlsKey != null
              ? CertificateAuthority.operatorSupplied(tlsCert, tlsKey)
              : new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
                  .identityFor(address.getHostString());
      server =
          VaultServer.start(
              vault,
              identity,
              address,
              ServerLimits.defaults().withMaxConnections(maxConnections),
              Clock.systemUTC());
    } catch (RuntimeException e) {
      vault.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "evault-shutdown"));
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
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private InetSocketAddress address() {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new ParameterException(spec.commandLine(), "--listen must be HOST:PORT");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--listen must be HOST:PORT");
    }
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "the port must be 0 to 65535");
    }
    return new InetSocketAddress(host, port);
  }
}
