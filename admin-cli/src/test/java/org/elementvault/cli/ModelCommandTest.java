package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.elementvault.server.ServerLimits;
import org.elementvault.server.VaultServer;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.ServerIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model commands, embedded: a model element trained, then its model listed and shown. */
class ModelCommandTest {

  private static final String INCOME_MODEL =
      """
      name: income-model
      type: FEATURE
      scenario: credit scoring
      purpose: testing
      datasets: [residents]
      query: SELECT age, income FROM residents
      model: {task: train, algorithm: linear_regression, target: income, features: [age]}
      """;

  @TempDir Path temp;

  private TestingCli cli;
  private Path devToken;
  private String jobId;
  private String elementId;

  @BeforeEach
  void trainedModel() throws IOException {
    cli = TestingCli.in(temp);
    ok("init", "--suite", "INTL");
    ok("tenant", "apply", "--name", "acme", "--contact", "ops");
    ok("tenant", "review", "acme", "--approve", "--reason", "ok");
    devToken = temp.resolve("dev.token");
    ok(
        "user",
        "add",
        "--tenant",
        "acme",
        "--name",
        "dev",
        "--role",
        "developer",
        "--token-out",
        devToken.toString());
    Path csv = temp.resolve("residents.csv");
    Path schema = temp.resolve("residents.yaml");
    var unused = SyntheticResidents.write(csv, 3_000, SyntheticResidents.DEFAULT_SEED);
    SyntheticResidents.writeSchema(schema);
    ok(
        "dataset",
        "import",
        "--tenant",
        "acme",
        "--name",
        "residents",
        "--file",
        csv.toString(),
        "--schema",
        schema.toString());
    Path spec = temp.resolve("income-model.yaml");
    Files.writeString(spec, INCOME_MODEL, StandardCharsets.UTF_8);
    elementId = lastLine(asDev("element", "submit", "--spec", spec.toString()));
    ok("element", "review", elementId, "--approve", "--reason", "fine");
    TestingCli.Result run =
        asDev(
            "element",
            "run",
            elementId,
            "--out",
            temp.resolve("fit.csv").toString(),
            "--output",
            "json");
    assertThat(run.status()).as(run.err()).isZero();
    jobId = new ObjectMapper().readTree(run.out()).path("job").asText();
  }

  @Test
  void check_dpLinearRegression_showsEpsilonPerRun() throws IOException {
    Path spec = temp.resolve("dp-income-model.yaml");
    Files.writeString(
        spec,
        INCOME_MODEL.replace("name: income-model", "name: dp-income-model")
            + "protection: dp\nepsilon: 0.5\nbounds: {age: [18, 90], income: [0, 500000]}\n",
        StandardCharsets.UTF_8);

    TestingCli.Result check = asDev("element", "check", "--spec", spec.toString());

    assertThat(check.status()).as(check.err()).isZero();
    assertThat(check.out())
        .contains("protection: dp, one run costs epsilon = 0.5, delta = 0\n")
        .contains("expected error of coefficient: dp sufficient statistics");
  }

  @Test
  void list_afterTraining_showsTheModel() {
    TestingCli.Result list = asDev("model", "list", "--output", "csv");

    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out().lines().toList())
        .hasSize(2)
        .first()
        .isEqualTo("id,name,tenant,algorithm,target,features,trained_at");
    assertThat(list.out().lines().toList().get(1))
        .startsWith("m1,income-model,acme,linear_regression,income,age,");
  }

  @Test
  void show_json_hasReleasedNumbersAndLineage() throws IOException {
    TestingCli.Result show = asDev("model", "show", "income-model", "--output", "json");

    assertThat(show.status()).as(show.err()).isZero();
    JsonNode model = new ObjectMapper().readTree(show.out());
    assertThat(model.path("id").asText()).isEqualTo("m1");
    assertThat(model.at("/lineage/element").asText()).isEqualTo(elementId);
    assertThat(model.at("/lineage/datasets/0").asText()).isEqualTo("residents@1");
    assertThat(model.path("minSubjects").isInt()).isTrue();
    List<String> features = new ArrayList<>();
    model.path("released").forEach(v -> features.add(v.path("feature").asText()));
    assertThat(features).containsExactly("(intercept)", "age", "(r2)");
    assertThat(model.path("released").get(1).path("value").isNumber()).isTrue();
  }

  @Test
  void show_csv_ofATree_isTermValueSubjects() throws IOException {
    Path spec = temp.resolve("income-tree.yaml");
    Files.writeString(
        spec,
        INCOME_MODEL
            .replace("income-model", "income-tree")
            .replace("linear_regression", "decision_tree"),
        StandardCharsets.UTF_8);
    String tree = lastLine(asDev("element", "submit", "--spec", spec.toString()));
    ok("element", "review", tree, "--approve", "--reason", "fine");
    TestingCli.Result run =
        asDev("element", "run", tree, "--out", temp.resolve("tree.csv").toString());
    assertThat(run.status()).as(run.err()).isZero();

    TestingCli.Result show = asDev("model", "show", "income-tree", "--output", "csv");

    assertThat(show.status()).as(show.err()).isZero();
    List<String> lines = show.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("term,value,subjects");
    assertThat(lines.get(1)).startsWith("age ").matches(".*,[0-9]+$");
    assertThat(lines.get(lines.size() - 2)).startsWith("(importance) age,").endsWith(",");
    assertThat(lines.get(lines.size() - 1)).startsWith("(r2),").endsWith(",");
  }

  @Test
  void train_auditTrail_isLoggedAsModelTrain() {
    TestingCli.Result log = cli.evault("log", "show", "--action", "model.train");

    assertThat(log.out()).contains("income-model").contains("job " + jobId);
  }

  @Test
  void export_isNotACommand() {
    TestingCli.Result export = asDev("model", "export", "m1");

    assertThat(export.status()).isEqualTo(2);
  }

  /** One implementation over {@code VaultApi}: the same lines print the same over HTTPS. */
  @Test
  void listAndShow_remote_printTheSameAsEmbedded() throws Exception {
    String[][] commands = {
      {"model", "list", "--output", "json"},
      {"model", "show", "m1", "--output", "json"},
      {"model", "show", "m1"},
      {"model", "show", "nope"}
    };
    TestingCli.Result[] embedded = new TestingCli.Result[commands.length];
    for (int i = 0; i < commands.length; i++) {
      embedded[i] = asDev(commands[i]);
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
        List<String> remote = new ArrayList<>(List.of(commands[i]));
        remote.addAll(
            List.of(
                "--server",
                url,
                "--ca-cert",
                identity.caPem().toString(),
                "--token-file",
                devToken.toString()));

        TestingCli.Result result = TestingCli.run(remote.toArray(String[]::new));

        assertThat(result).as(String.join(" ", commands[i])).isEqualTo(embedded[i]);
      }
    }
  }

  private TestingCli.Result asDev(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--token-file";
    all[1] = devToken.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.evault(all);
  }

  private void ok(String... args) {
    TestingCli.Result result = cli.evault(args);
    assertThat(result.status()).as(result.err()).isZero();
  }

  private static String lastLine(TestingCli.Result result) {
    assertThat(result.status()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
