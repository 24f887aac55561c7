package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evault login}, {@code logout}, {@code context}, {@code whoami} and {@code status}. */
class LoginCommandTest {

  @TempDir Path temp;

  private TestingRemoteVault remote;
  private Path config;
  private Map<String, String> environment;

  @BeforeEach
  void serve() throws IOException {
    remote = TestingRemoteVault.start(temp);
    config = temp.resolve("home/evault/config.json");
    environment = Map.of("EVAULT_CONFIG", config.toString());
  }

  @AfterEach
  void stop() {
    remote.close();
  }

  private TestingCli.Result evault(String... args) {
    return TestingCli.runIn(environment, args);
  }

  private TestingCli.Result login(Path token, String... more) {
    String[] args = {
      "login",
      "--server",
      remote.url(),
      "--ca-cert",
      remote.caPem().toString(),
      "--token-file",
      token.toString()
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return evault(all);
  }

  @Test
  void login_validToken_savesAnOwnerOnlyFileWithoutTheToken() throws IOException {
    TestingCli.Result result = login(remote.rootToken());

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(config.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    String token = Files.readString(remote.rootToken(), StandardCharsets.US_ASCII).trim();
    assertThat(Files.readString(config))
        .doesNotContain(token)
        .contains(remote.rootToken().toString());
  }

  @Test
  void login_thenACommandWithoutFlags_usesTheContext() {
    assertThat(login(remote.rootToken()).status()).isZero();

    TestingCli.Result result = evault("tenant", "list", "--output", "csv");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out()).contains("acme,TRIAL");
  }

  @Test
  void login_wrongToken_isRefusedAndSavesNothing() throws IOException {
    Path wrong = Files.writeString(temp.resolve("wrong.token"), "not-a-token\n");

    TestingCli.Result result = login(wrong);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).startsWith("evault: ").doesNotContain("not-a-token");
    assertThat(config).doesNotExist();
  }

  @Test
  void login_withoutServer_isBadUsage() {
    TestingCli.Result result = evault("login", "--token-file", remote.rootToken().toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("evault: login needs --server URL");
  }

  @Test
  void whoami_inAContext_namesPrincipalRoleAndTenant() {
    assertThat(login(remote.devToken()).status()).isZero();

    TestingCli.Result result = evault("whoami", "--output", "csv");

    assertThat(result.out()).isEqualTo("name,role,tenant,expires\ndev,developer,acme,\n");
  }

  @Test
  void status_vaultAdmin_showsVaultIdSuiteAndLogSize() throws IOException {
    assertThat(login(remote.rootToken()).status()).isZero();

    var status = Rendering.JSON.readTree(evault("status", "--output", "json").out());

    assertThat(status.get("vaultId").asText()).isEqualTo(remote.vaultId());
    assertThat(status.get("suite").asText()).isEqualTo("INTL");
    assertThat(status.get("logSize").isIntegralNumber()).isTrue();
    assertThat(status.get("logSize").asLong()).isPositive();
  }

  /** The log's growth would tell a tenant of other tenants' activity. */
  @Test
  void status_tenantDeveloper_hidesTheLogSize() throws IOException {
    assertThat(login(remote.devToken()).status()).isZero();

    var status = Rendering.JSON.readTree(evault("status", "--output", "json").out());

    assertThat(status.get("logSize").isNull()).isTrue();
  }

  @Test
  void tokenFileFlag_beatsTheContextsTokenFile() {
    assertThat(login(remote.rootToken()).status()).isZero();

    TestingCli.Result result =
        evault("whoami", "--token-file", remote.devToken().toString(), "--output", "csv");

    assertThat(result.out()).contains("dev,developer,acme");
  }

  @Test
  void vaultFlag_beatsTheContext() throws IOException {
    assertThat(login(remote.devToken()).status()).isZero();
    remote.close();
    TestingCli cli = TestingCli.in(temp);

    TestingCli.Result result =
        evault(
            "whoami",
            "--vault",
            cli.vault().toString(),
            "--key-file",
            cli.keyFile().toString(),
            "--output",
            "csv");

    assertThat(result.out()).contains("admin,admin,,");
  }

  @Test
  void status_embedded_namesTheVaultDirectory() throws IOException {
    remote.close();
    TestingCli cli = TestingCli.in(temp);

    TestingCli.Result result = cli.evault("status", "--output", "csv");

    assertThat(result.out())
        .startsWith(
            "vault,vault_id,suite,log_size\n" + cli.vault() + "," + remote.vaultId() + ",INTL,");
  }

  @Test
  void embeddedOnlyCommand_withAContextButNoVault_asksForTheVault() {
    assertThat(login(remote.rootToken()).status()).isZero();

    TestingCli.Result result = evault("init", "--suite", "INTL");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("evault: init needs --vault DIR");
  }

  /** A context's token must never be sent to a server it was not saved for. */
  @Test
  void serverVariable_neverGetsTheContextsToken() {
    assertThat(login(remote.rootToken()).status()).isZero();

    TestingCli.Result result =
        TestingCli.runIn(
            Map.of("EVAULT_CONFIG", config.toString(), "EVAULT_SERVER", "https://127.0.0.1:1"),
            "tenant",
            "list");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("evault: remote mode needs a token");
  }

  @Test
  void vaultAndServerFlags_withAContext_areStillBadUsage() {
    assertThat(login(remote.rootToken()).status()).isZero();

    TestingCli.Result result = evault("tenant", "list", "--vault", "v", "--server", remote.url());

    assertThat(result.status()).isEqualTo(2);
  }

  @Test
  void contextUse_switchesTheCurrentContext() {
    assertThat(login(remote.rootToken(), "--name", "ops").status()).isZero();
    assertThat(login(remote.devToken(), "--name", "dev").status()).isZero();

    assertThat(evault("context", "use", "ops").status()).isZero();

    assertThat(evault("whoami", "--output", "csv").out()).contains("root,admin");
    assertThat(evault("context", "list", "--output", "csv").out())
        .contains("dev,false," + remote.url())
        .contains("ops,true," + remote.url());
  }

  @Test
  void contextList_json_namesTheCurrentContextAndItsFiles() throws IOException {
    assertThat(login(remote.rootToken(), "--name", "ops").status()).isZero();

    var list = Rendering.JSON.readTree(evault("context", "list", "--output", "json").out());

    assertThat(list.get("current").asText()).isEqualTo("ops");
    assertThat(list.at("/contexts/0/server").asText()).isEqualTo(remote.url());
    assertThat(list.at("/contexts/0/caCert").asText()).isEqualTo(remote.caPem().toString());
    assertThat(list.at("/contexts/0/tokenFile").asText()).isEqualTo(remote.rootToken().toString());
  }

  @Test
  void contextUse_unknownName_isRefused() {
    assertThat(login(remote.rootToken()).status()).isZero();

    TestingCli.Result result = evault("context", "use", "nope");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("evault: no context named nope\n");
  }

  @Test
  void logout_forgetsTheCurrentContext() {
    assertThat(login(remote.rootToken()).status()).isZero();

    assertThat(evault("logout").status()).isZero();

    TestingCli.Result result = evault("tenant", "list");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("evault: give the vault");
  }

  /** Another user who can edit the file could point the token at a server of theirs. */
  @Test
  void configFile_othersMayWrite_isRefused() throws IOException {
    assertThat(login(remote.rootToken()).status()).isZero();
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-rw-"));

    TestingCli.Result result = evault("tenant", "list");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "evault: config file " + config + " may be read or changed by others: chmod 600 it\n");
  }
}
