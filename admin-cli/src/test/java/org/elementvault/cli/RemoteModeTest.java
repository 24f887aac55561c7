package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.server.ServerLimits;
import org.elementvault.server.VaultServer;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.ServerIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command lines embedded and remote ({@code --server}) print the same and exit the same:
 * one implementation of each command over {@code VaultApi}.
 */
class RemoteModeTest {

  private static final String SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: GENERAL}
        - {name: district, type: STRING, level: GENERAL}
      """;

  @Test
  void commands_printAndExitTheSame_embeddedAndRemote(@TempDir Path directory) throws Exception {
    TestingCli cli = TestingCli.in(directory);
    Path root = directory.resolve("root.token");
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
    assertThat(
            cli.evault("user", "add", "--name", "root", "--role", "admin", "--token-out", "" + root)
                .status())
        .isZero();
    assertThat(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops").status())
        .isZero();
    assertThat(cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok").status())
        .isZero();
    Path schema = Files.writeString(directory.resolve("residents.yaml"), SCHEMA);
    Path csv = Files.writeString(directory.resolve("residents.csv"), "id,district\na1,north\n");
    assertThat(
            cli.evault(
                    "dataset",
                    "import",
                    "--tenant",
                    "acme",
                    "--name",
                    "residents",
                    "--file",
                    "" + csv,
                    "--schema",
                    "" + schema)
                .status())
        .isZero();
    String[][] commands = {
      {"tenant", "list", "--output", "csv"},
      {"tenant", "show", "nope"},
      {"tenant", "show", "Bad/Name"},
      {"user", "list", "--output", "json"},
      {"tenant", "quota", "acme", "--min-threshold", "12", "--output", "json"},
      {"tenant", "show", "acme"},
      {"tenant", "quota", "acme", "--min-threshold", "1000001"},
      {
        "dataset",
        "budget",
        "residents",
        "--tenant",
        "acme",
        "--epsilon",
        "2.5",
        "--window-days",
        "30",
        "--output",
        "json"
      },
      {"dataset", "describe", "residents", "--tenant", "acme"},
      {"dataset", "describe", "residents", "--tenant", "acme", "--output", "json"},
      {
        "dataset",
        "budget",
        "residents",
        "--tenant",
        "acme",
        "--epsilon",
        "0",
        "--window-days",
        "30"
      },
    };
    TestingCli.Result[] embedded = new TestingCli.Result[commands.length];
    for (int i = 0; i < commands.length; i++) {
      embedded[i] = cli.evault(withToken(commands[i], root));
    }

    Vault vault =
        Vault.open(
            cli.vault(),
            Unlock.keyFile(Files.readAllBytes(cli.keyFile())),
            VaultOptions.defaults());
    ServerIdentity identity =
        new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
            .identityFor("127.0.0.1");
    try (VaultServer server =
        VaultServer.start(
            vault,
            identity,
            new InetSocketAddress("127.0.0.1", 0),
            ServerLimits.defaults(),
            Clock.systemUTC())) {
      String url = "https://127.0.0.1:" + server.address().getPort();
      for (int i = 0; i < commands.length; i++) {
        String[] remote = new String[commands[i].length + 6];
        System.arraycopy(commands[i], 0, remote, 0, commands[i].length);
        remote[commands[i].length] = "--server";
        remote[commands[i].length + 1] = url;
        remote[commands[i].length + 2] = "--ca-cert";
        remote[commands[i].length + 3] = "" + identity.caPem();
        remote[commands[i].length + 4] = "--token-file";
        remote[commands[i].length + 5] = "" + root;

        TestingCli.Result result = TestingCli.run(remote);

        assertThat(result).as(String.join(" ", commands[i])).isEqualTo(embedded[i]);
      }
    }
  }

  private static String[] withToken(String[] command, Path token) {
    String[] all = new String[command.length + 2];
    System.arraycopy(command, 0, all, 0, command.length);
    all[command.length] = "--token-file";
    all[command.length + 1] = token.toString();
    return all;
  }
}
