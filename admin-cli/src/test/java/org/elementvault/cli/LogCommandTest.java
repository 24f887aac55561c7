package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log commands: show, verify, checkpoint, export with offline verification, purge. */
class LogCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private TestingCli cli;

  @BeforeEach
  void createVaultWithATenant() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "GM").status()).isZero();
    assertThat(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops").status())
        .isZero();
  }

  @Test
  void show_listsEveryOperationInOrder() throws IOException {
    TestingCli.Result result = cli.evault("log", "show", "--output", "json");

    JsonNode entries = JSON.readTree(result.out());
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).at("/record/action").asText()).isEqualTo("vault.init");
    assertThat(entries.get(1).at("/record/action").asText()).isEqualTo("tenant.apply");
    assertThat(entries.get(1).at("/record/tenant").asText()).isEqualTo("acme");
  }

  @Test
  void show_refusalsAreLoggedWithTheRule() throws IOException {
    cli.evault("tenant", "activate", "acme");

    JsonNode entries =
        JSON.readTree(
            cli.evault("log", "show", "--action", "tenant.activate", "--output", "json").out());

    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).at("/record/outcome").asText()).isEqualTo("REFUSED");
    assertThat(entries.get(0).at("/record/details").asText())
        .isEqualTo("tenant acme is APPLIED: activate needs TRIAL");
  }

  @Test
  void verify_untouchedLog_passes() {
    TestingCli.Result result = cli.evault("log", "verify");

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("result           OK");
  }

  @Test
  void verify_againstAnEarlierCheckpoint_passes() {
    Path checkpoint = temp.resolve("head.json");
    assertThat(cli.evault("log", "checkpoint", "--out", checkpoint.toString()).status()).isZero();
    cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok");

    TestingCli.Result result = cli.evault("log", "verify", "--checkpoint", checkpoint.toString());

    assertThat(result.status()).isZero();
  }

  /** Rolling the whole vault back to an older copy is caught against a later checkpoint. */
  @Test
  void verify_vaultRolledBackBeforeTheCheckpoint_fails() throws IOException {
    Path copy = temp.resolve("old-vault");
    copyTree(cli.vault(), copy);
    cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok");
    Path checkpoint = temp.resolve("head.json");
    cli.evault("log", "checkpoint", "--out", checkpoint.toString());
    deleteTree(cli.vault());
    copyTree(copy, cli.vault());

    TestingCli.Result result = cli.evault("log", "verify", "--checkpoint", checkpoint.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).startsWith("evault: log verification failed");
  }

  @Test
  void export_verifiesOfflineWithThePublicKey() {
    Path export = temp.resolve("log.json");
    assertThat(cli.evault("log", "export", "--out", export.toString()).status()).isZero();

    TestingCli.Result result =
        TestingCli.run(
            "log",
            "verify",
            "--export",
            export.toString(),
            "--public-key",
            export.resolveSibling("log.json.pub").toString());

    assertThat(result.status()).as(result.err()).isZero();
  }

  @Test
  void export_editedOffline_failsVerificationAtTheEditedEntry() throws IOException {
    Path export = temp.resolve("log.json");
    cli.evault("log", "export", "--out", export.toString());
    ObjectNode json = (ObjectNode) JSON.readTree(export.toFile());
    ((ObjectNode) ((ArrayNode) json.get("entries")).get(1)).put("details", "nothing happened");
    JSON.writeValue(export.toFile(), json);

    TestingCli.Result result =
        TestingCli.run(
            "log",
            "verify",
            "--export",
            export.toString(),
            "--public-key",
            export.resolveSibling("log.json.pub").toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("failed at entry 2");
  }

  @Test
  void purge_insideTheRetention_isRefused() {
    TestingCli.Result result = cli.evault("log", "purge", "--before", "2099-01-01");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("at least 180 days");
  }

  @Test
  void show_asTenantAdmin_seesOnlyItsTenant() throws IOException {
    cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok");
    cli.evault("tenant", "apply", "--name", "globex", "--contact", "ops");
    Path token = temp.resolve("alice.token");
    cli.evault(
        "user",
        "add",
        "--tenant",
        "acme",
        "--name",
        "alice",
        "--role",
        "tenant-admin",
        "--token-out",
        token.toString());

    JsonNode entries =
        JSON.readTree(
            cli.evault("log", "show", "--token-file", token.toString(), "--output", "json").out());

    assertThat(entries).isNotEmpty();
    entries.forEach(entry -> assertThat(entry.at("/record/tenant").asText()).isEqualTo("acme"));
  }

  @Test
  void verify_exportWithoutPublicKey_isAUsageError() {
    TestingCli.Result result = TestingCli.run("log", "verify", "--export", "x.json");

    assertThat(result.status()).isEqualTo(2);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
