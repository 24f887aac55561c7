package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset commands, embedded, as the vault admin and as a tenant admin. */
class DatasetCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: district, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: income, type: DECIMAL(12,2), level: IMPORTANT}
      """;

  @TempDir Path temp;

  private TestingCli cli;
  private Path schema;

  @BeforeEach
  void vaultWithATenant() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
    assertThat(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops").status())
        .isZero();
    assertThat(cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok").status())
        .isZero();
    schema = temp.resolve("residents.yaml");
    Files.writeString(schema, SCHEMA, StandardCharsets.UTF_8);
  }

  private TestingCli.Result importCsv(String... lines) throws IOException {
    Path file = Files.createTempFile(temp, "residents", ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return cli.evault(
        "dataset",
        "import",
        "--tenant",
        "acme",
        "--name",
        "residents",
        "--file",
        file.toString(),
        "--schema",
        schema.toString());
  }

  @Test
  void import_thenDescribe_showsRowsVersionsAndColumns() throws IOException {
    assertThat(importCsv("id_card,district,income", "A1,north,1.50", "A2,south,2.00").status())
        .isZero();

    TestingCli.Result result =
        cli.evault("dataset", "describe", "residents", "--tenant", "acme", "--output", "json");

    JsonNode dataset = JSON.readTree(result.out());
    assertThat(dataset.get("name").asText()).isEqualTo("residents");
    assertThat(dataset.get("rows").asLong()).isEqualTo(2);
    assertThat(dataset.get("versions")).hasSize(1);
    assertThat(dataset.get("columns").get(2).get("level").asText()).isEqualTo("IMPORTANT");
  }

  @Test
  void import_badValue_failsWithLineAndColumnButNotTheValue() throws IOException {
    TestingCli.Result result = importCsv("id_card,district,income", "A1,north,SECRET42");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("line 2")
        .contains("column income")
        .doesNotContain("SECRET42");
    assertThat(cli.evault("dataset", "list", "--tenant", "acme", "--output", "csv").out())
        .isEqualTo("name,versions,rows,stored_bytes,open_category" + System.lineSeparator());
  }

  @Test
  void import_missingSchemaFile_isRefused() throws IOException {
    Files.delete(schema);

    TestingCli.Result result = importCsv("id_card,district,income", "A1,north,1");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("schema file").contains("does not exist");
  }

  @Test
  void list_byTheVaultAdminWithoutTenant_asksForOne() {
    TestingCli.Result result = cli.evault("dataset", "list");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("name the tenant with --tenant T");
  }

  @Test
  void drop_withConfirmation_removesTheDataset() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");

    TestingCli.Result result =
        cli.evault("dataset", "drop", "residents", "--tenant", "acme", "--confirm", "residents");

    assertThat(result.status()).isZero();
    assertThat(cli.evault("dataset", "describe", "residents", "--tenant", "acme").status())
        .isEqualTo(1);
  }

  @Test
  void classify_lowering_byTenantAdmin_isForbidden() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");
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

    TestingCli.Result result =
        cli.evault(
            "dataset",
            "classify",
            "residents",
            "--column",
            "income",
            "--level",
            "GENERAL",
            "--reason",
            "public",
            "--token-file",
            token.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("needs the vault admin");
  }

  @Test
  void budget_byVaultAdmin_printsTheBudgetAsTypedJson() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");

    TestingCli.Result result =
        cli.evault(
            "dataset",
            "budget",
            "residents",
            "--tenant",
            "acme",
            "--epsilon",
            "1.50",
            "--window-days",
            "30",
            "--output",
            "json");

    assertThat(result.status()).isZero();
    JsonNode budget = JSON.readTree(result.out());
    assertThat(budget.get("epsilon").isNumber()).isTrue();
    assertThat(budget.get("epsilon").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(budget.get("windowDays").isInt()).isTrue();
    assertThat(budget.get("windowDays").asInt()).isEqualTo(30);
    assertThat(budget.get("used").decimalValue()).isEqualByComparingTo("0");
    assertThat(budget.get("left").decimalValue()).isEqualByComparingTo("1.5");
  }

  @Test
  void describe_afterBudget_showsItInJson() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");
    cli.evault(
        "dataset",
        "budget",
        "residents",
        "--tenant",
        "acme",
        "--epsilon",
        "10",
        "--window-days",
        "7");

    TestingCli.Result result =
        cli.evault("dataset", "describe", "residents", "--tenant", "acme", "--output", "json");

    assertThat(JSON.readTree(result.out()).get("budget").toString())
        .isEqualTo("{\"epsilon\":10,\"windowDays\":7,\"used\":0,\"left\":10}");
  }

  @Test
  void describe_afterBudget_showsItInTheTable() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");
    cli.evault(
        "dataset",
        "budget",
        "residents",
        "--tenant",
        "acme",
        "--epsilon",
        "0.25",
        "--window-days",
        "1");

    TestingCli.Result result = cli.evault("dataset", "describe", "residents", "--tenant", "acme");

    assertThat(result.out()).contains("ε budget: 0.25 per 1 day, 0 used, 0.25 left");
  }

  @Test
  void describe_withoutBudget_showsNullAndSaysDpRunsAreRefused() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");

    JsonNode json =
        JSON.readTree(
            cli.evault("dataset", "describe", "residents", "--tenant", "acme", "--output", "json")
                .out());
    String table = cli.evault("dataset", "describe", "residents", "--tenant", "acme").out();

    assertThat(json.get("budget").isNull()).isTrue();
    assertThat(table).contains("ε budget: none, so dp runs are refused");
  }

  @Test
  void budget_epsilonOutOfRange_isRefusedWithTheRule() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");

    TestingCli.Result result =
        cli.evault(
            "dataset",
            "budget",
            "residents",
            "--tenant",
            "acme",
            "--epsilon",
            "0.0000001",
            "--window-days",
            "30");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains("epsilon must be greater than 0 and at most 100, with at most 6 decimal places");
  }

  @Test
  void budget_notANumber_isAUsageError() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");

    TestingCli.Result result =
        cli.evault(
            "dataset",
            "budget",
            "residents",
            "--tenant",
            "acme",
            "--epsilon",
            "lots",
            "--window-days",
            "30");

    assertThat(result.status()).isEqualTo(2);
  }

  @Test
  void budget_byTheVaultAdminWithoutTenant_asksForOne() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");

    TestingCli.Result result =
        cli.evault("dataset", "budget", "residents", "--epsilon", "1", "--window-days", "30");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("name the tenant with --tenant T");
  }

  @Test
  void budget_byTenantAdmin_isForbidden() throws IOException {
    importCsv("id_card,district,income", "A1,north,1");
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

    TestingCli.Result result =
        cli.evault(
            "dataset",
            "budget",
            "residents",
            "--epsilon",
            "1",
            "--window-days",
            "30",
            "--token-file",
            token.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("role tenant-admin may not perform dataset.budget");
  }
}
