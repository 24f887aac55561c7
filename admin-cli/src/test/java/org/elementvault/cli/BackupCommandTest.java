package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup commands: create, list, verify, restore and drill, with their exit statuses. */
class BackupCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: district, type: STRING, level: GENERAL}
      """;

  @TempDir Path temp;

  private TestingCli cli;

  @BeforeEach
  void vaultWithADataset() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "GM").status()).isZero();
    assertThat(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops").status())
        .isZero();
    assertThat(cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok").status())
        .isZero();
    Path schema = temp.resolve("people.yaml");
    Files.writeString(schema, SCHEMA, StandardCharsets.UTF_8);
    Path csv = temp.resolve("people.csv");
    Files.writeString(csv, "id_card,district\nA1,north\nA2,south\nA3,north\n");
    TestingCli.Result imported =
        cli.evault(
            "dataset",
            "import",
            "--tenant",
            "acme",
            "--name",
            "people",
            "--file",
            csv.toString(),
            "--schema",
            schema.toString());
    assertThat(imported.status()).as(imported.err()).isZero();
  }

  @Test
  void create_thenList_showsTheRegisteredBackup() throws IOException {
    Path backup = temp.resolve("backup");

    TestingCli.Result created =
        cli.evault("backup", "create", "--out", backup.toString(), "--output", "json");
    TestingCli.Result listed = cli.evault("backup", "list", "--output", "json");

    assertThat(created.status()).as(created.err()).isZero();
    JsonNode record = JSON.readTree(created.out());
    assertThat(record.get("backup").asLong()).isEqualTo(1);
    assertThat(record.get("manifestDigest").asText()).hasSize(64);
    assertThat(listed.status()).isZero();
    JsonNode rows = JSON.readTree(listed.out());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("directory").asText()).isEqualTo(backup.toString());
    assertThat(rows.get(0).get("logSequence").asText())
        .isEqualTo(record.get("logSequence").asText());
  }

  @Test
  void create_intoNonEmptyDirectory_exitsOneNamingTheRule() throws IOException {
    Path backup = temp.resolve("backup");
    Files.createDirectories(backup.resolve("old"));

    TestingCli.Result result = cli.evault("backup", "create", "--out", backup.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "evault: backup directory "
                + backup
                + " is not empty: it must be a new or empty directory"
                + System.lineSeparator());
  }

  @Test
  void verify_intactBackup_printsWhatItAuthenticated() throws IOException {
    Path backup = created();

    TestingCli.Result result = verify(backup);

    assertThat(result.status()).as(result.err()).isZero();
    JsonNode summary = JSON.readTree(result.out());
    assertThat(summary.get("result").asText()).isEqualTo("OK");
    assertThat(summary.get("datasets").asLong()).isEqualTo(1);
    assertThat(summary.get("rows").asLong()).isEqualTo(3);
    assertThat(summary.get("chunks").asLong()).isEqualTo(2);
  }

  @Test
  void verify_oneByteFlippedInAnSst_exitsOneNamingTheFile() throws IOException {
    Path backup = created();
    Path sst;
    try (Stream<Path> files = Files.list(backup.resolve("db"))) {
      sst = files.filter(f -> f.toString().endsWith(".sst")).sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(sst);
    bytes[bytes.length / 3] ^= 0x40;
    Files.write(sst, bytes);

    TestingCli.Result result = verify(backup);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "evault: backup file "
                + sst
                + " is damaged: its size or SM3 differs from the manifest"
                + System.lineSeparator());
  }

  @Test
  void restore_intoANewVault_opensAndItsLogVerifies() throws IOException {
    Path backup = created();
    Path restored = temp.resolve("restored");

    TestingCli.Result result =
        TestingCli.run(
            "backup",
            "restore",
            backup.toString(),
            "--vault",
            restored.toString(),
            "--keys-from",
            cli.vault().toString(),
            "--key-file",
            cli.keyFile().toString());
    TestingCli.Result verified =
        TestingCli.run(
            "log",
            "verify",
            "--vault",
            restored.toString(),
            "--key-file",
            cli.keyFile().toString());
    TestingCli.Result shown =
        TestingCli.run(
            "log",
            "show",
            "--action",
            "backup.restore",
            "--output",
            "json",
            "--vault",
            restored.toString(),
            "--key-file",
            cli.keyFile().toString());

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(verified.status()).as(verified.err()).isZero();
    assertThat(JSON.readTree(shown.out())).hasSize(1);
  }

  @Test
  void restore_intoNonEmptyDirectory_exitsOne() throws IOException {
    Path backup = created();

    TestingCli.Result result =
        TestingCli.run(
            "backup",
            "restore",
            backup.toString(),
            "--vault",
            cli.vault().toString(),
            "--keys-from",
            cli.vault().toString(),
            "--key-file",
            cli.keyFile().toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "evault: restore target "
                + cli.vault()
                + " is not empty: it must be a new or empty directory"
                + System.lineSeparator());
  }

  @Test
  void verify_afterTheTenantExited_reportsItShredded() throws IOException {
    Path backup = created();
    assertThat(cli.evault("tenant", "exit", "acme", "--confirm", "acme").status()).isZero();

    TestingCli.Result result = verify(backup);

    assertThat(result.status()).as(result.err()).isZero();
    JsonNode summary = JSON.readTree(result.out());
    assertThat(summary.get("shredded").asText()).isEqualTo("tenant acme");
    assertThat(summary.get("datasets").asLong()).isZero();
  }

  @Test
  void createIncremental_thenVerify_authenticatesTheWholeChain() throws IOException {
    Path base = created();
    Path incremental = temp.resolve("incremental");

    TestingCli.Result result =
        cli.evault(
            "backup",
            "create",
            "--out",
            incremental.toString(),
            "--incremental-from",
            base.toString(),
            "--output",
            "json");

    assertThat(result.status()).as(result.err()).isZero();
    TestingCli.Result verified = verify(incremental);
    assertThat(verified.status()).as(verified.err()).isZero();
    assertThat(JSON.readTree(verified.out()).get("rows").asLong()).isEqualTo(3);
  }

  @Test
  void verify_incrementalWithoutItsBase_exitsOneNamingTheBase() throws IOException {
    Path base = created();
    Path incremental = temp.resolve("incremental");
    assertThat(
            cli.evault(
                    "backup",
                    "create",
                    "--out",
                    incremental.toString(),
                    "--incremental-from",
                    base.toString())
                .status())
        .isZero();
    Files.move(base, temp.resolve("elsewhere"));

    TestingCli.Result result = verify(incremental);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "the base backup "
                + base
                + " of this incremental backup is missing: put it back there or use a full"
                + " backup");
  }

  @Test
  void verify_withoutTheLiveVault_isBadUsage() throws IOException {
    Path backup = created();

    TestingCli.Result result =
        TestingCli.run(
            "backup", "verify", backup.toString(), "--key-file", cli.keyFile().toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("evault: backup verify needs the live vault's keys: --keys-from VAULT");
  }

  @Test
  void drill_writesItsReportAndLogsTheResult() throws IOException {
    Path report = temp.resolve("drill.json");

    TestingCli.Result result = cli.evault("backup", "drill", "--report", report.toString());
    TestingCli.Result logged =
        cli.evault("log", "show", "--action", "backup.drill", "--output", "json");

    assertThat(result.status()).as(result.err()).isZero();
    JsonNode drill = JSON.readTree(Files.readString(report, StandardCharsets.UTF_8));
    assertThat(drill.get("result").asText()).isEqualTo("OK");
    assertThat(drill.get("restored").get("rows").asLong()).isEqualTo(3);
    assertThat(drill.get("live").get("rows").asLong()).isEqualTo(3);
    assertThat(drill.get("restored").get("chunks_authenticated").asLong()).isEqualTo(2);
    assertThat(drill.get("backup").get("digest").asText()).isEqualTo("SM3");
    assertThat(drill.get("problems")).isEmpty();
    JsonNode entries = JSON.readTree(logged.out());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).at("/record/outcome").asText()).isEqualTo("OK");
  }

  private Path created() {
    Path backup = temp.resolve("backup");
    TestingCli.Result result = cli.evault("backup", "create", "--out", backup.toString());
    assertThat(result.status()).as(result.err()).isZero();
    return backup;
  }

  private TestingCli.Result verify(Path backup) {
    return cli.evault("backup", "verify", backup.toString(), "--output", "json");
  }
}
