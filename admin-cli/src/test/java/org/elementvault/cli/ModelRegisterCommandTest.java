package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.server.ServerLimits;
import org.elementvault.server.VaultServer;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.ServerIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model register}: a file that is no ONNX model is refused with one line, storing nothing,
 * embedded and over HTTPS alike. (Registering and scoring real models: the sandbox's tests.)
 */
class ModelRegisterCommandTest {

  private static final String REFUSAL =
      "model file: the ONNX model is not a well-formed ONNX model";

  @TempDir Path temp;

  private TestingCli cli;
  private Path adminToken;
  private Path garbage;

  @BeforeEach
  void tenantWithAnAdmin() throws IOException {
    cli = TestingCli.in(temp);
    ok("init", "--suite", "INTL");
    ok("tenant", "apply", "--name", "acme", "--contact", "ops");
    ok("tenant", "review", "acme", "--approve", "--reason", "ok");
    adminToken = temp.resolve("alice.token");
    ok(
        "user",
        "add",
        "--tenant",
        "acme",
        "--name",
        "alice",
        "--role",
        "tenant-admin",
        "--token-out",
        adminToken.toString());
    garbage = temp.resolve("garbage.onnx");
    Files.writeString(garbage, "not a model, just text", StandardCharsets.UTF_8);
  }

  private String[] register(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "model",
                "register",
                "--name",
                "risk",
                "--file",
                garbage.toString(),
                "--features",
                "age,debt",
                "--token-file",
                adminToken.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void register_garbageFile_isRefusedWithOneLineAndStoresNothing() {
    TestingCli.Result result = cli.evault(register());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err().strip()).endsWith(REFUSAL).doesNotContain("\n");
    TestingCli.Result list =
        cli.evault("model", "list", "--output", "csv", "--token-file", adminToken.toString());
    assertThat(list.out().lines().toList()).hasSize(1);
  }

  @Test
  void register_remote_refusesAsEmbedded() throws Exception {
    TestingCli.Result embedded = cli.evault(register());

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

      TestingCli.Result remote =
          TestingCli.run(register("--server", url, "--ca-cert", identity.caPem().toString()));

      assertThat(remote).isEqualTo(embedded);
    }
  }

  private void ok(String... args) {
    TestingCli.Result result = cli.evault(args);
    assertThat(result.status()).as(result.err()).isZero();
  }
}
