package org.elementvault.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.server.ServerLimits;
import org.elementvault.server.VaultServer;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.ServerIdentity;

/**
 * A key-file vault with a vault admin {@code root}, a tenant {@code acme} and its developer {@code
 * dev}, served over HTTPS on a free local port. Closing stops the server and closes the vault.
 */
final class TestingRemoteVault implements AutoCloseable {

  private final TestingCli cli;
  private final Path rootToken;
  private final Path devToken;
  private final Vault vault;
  private final ServerIdentity identity;
  private final VaultServer server;

  private TestingRemoteVault(
      TestingCli cli,
      Path rootToken,
      Path devToken,
      Vault vault,
      ServerIdentity identity,
      VaultServer server) {
    this.cli = cli;
    this.rootToken = rootToken;
    this.devToken = devToken;
    this.vault = vault;
    this.identity = identity;
    this.server = server;
  }

  static TestingRemoteVault start(Path directory) throws IOException {
    TestingCli cli = TestingCli.in(directory);
    Path root = directory.resolve("root.token");
    Path dev = directory.resolve("dev.token");
    check(cli.evault("init", "--suite", "INTL"));
    check(cli.evault("user", "add", "--name", "root", "--role", "admin", "--token-out", "" + root));
    check(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops"));
    check(cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok"));
    check(
        cli.evault(
            "user",
            "add",
            "--tenant",
            "acme",
            "--name",
            "dev",
            "--role",
            "developer",
            "--token-out",
            "" + dev));
    Vault vault =
        Vault.open(
            cli.vault(),
            Unlock.keyFile(Files.readAllBytes(cli.keyFile())),
            VaultOptions.defaults());
    ServerIdentity identity =
        new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
            .identityFor("127.0.0.1");
    VaultServer server =
        VaultServer.start(
            vault,
            identity,
            new InetSocketAddress("127.0.0.1", 0),
            ServerLimits.defaults(),
            Clock.systemUTC());
    return new TestingRemoteVault(cli, root, dev, vault, identity, server);
  }

  private static void check(TestingCli.Result result) {
    if (result.status() != 0) {
      throw new IllegalStateException("fixture command failed: " + result.err());
    }
  }

  String url() {
    return "https://127.0.0.1:" + server.address().getPort();
  }

  Path caPem() {
    return Objects.requireNonNull(identity.caPem(), "the vault issues its own CA");
  }

  Path rootToken() {
    return rootToken;
  }

  Path devToken() {
    return devToken;
  }

  Path vaultDirectory() {
    return cli.vault();
  }

  String vaultId() {
    return vault.id();
  }

  /** Stops the server, which closes the vault it owns. */
  @Override
  public void close() {
    server.close();
  }
}
