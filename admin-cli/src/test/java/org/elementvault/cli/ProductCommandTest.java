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
import java.time.LocalDate;
import java.time.ZoneOffset;
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

/**
 * The product commands, embedded: tenant {@code beta} registers a product on {@code acme}'s
 * published element, the vault admin approves it, {@code beta}'s developer runs it, and the
 * certificate verifies offline.
 */
class ProductCommandTest {

  private static final String SPEC =
      """
      name: by-district
      type: DATASET
      scenario: statistics
      purpose: testing
      datasets: [residents]
      query: SELECT district, COUNT(*) AS people FROM residents GROUP BY district
      """;

  @TempDir Path temp;

  private TestingCli cli;
  private String element;
  private LocalDate today;

  @BeforeEach
  void publishAnElementAndAddAConsumer() throws IOException {
    cli = TestingCli.in(temp);
    ok("init", "--suite", "INTL");
    for (String tenant : List.of("acme", "beta")) {
      ok("tenant", "apply", "--name", tenant, "--contact", "ops");
      ok("tenant", "review", tenant, "--approve", "--reason", "ok");
    }
    addUser("acme", "dev", "developer");
    addUser("beta", "balice", "tenant-admin");
    addUser("beta", "bdev", "developer");
    Path csv = temp.resolve("residents.csv");
    Path schema = temp.resolve("residents.yaml");
    var unused = SyntheticResidents.write(csv, 2_000, SyntheticResidents.DEFAULT_SEED);
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
    Path spec = temp.resolve("spec.yaml");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
    List<String> lines =
        as("dev", "element", "submit", "--spec", spec.toString()).out().lines().toList();
    element = lines.get(lines.size() - 1);
    ok("element", "review", element, "--approve", "--reason", "fine");
    ok(as("dev", "element", "run", element));
    ok(as("dev", "element", "release", element));
    ok("element", "review", element, "--approve", "--reason", "fit for other tenants");
    today = LocalDate.now(ZoneOffset.UTC);
  }

  private void addUser(String tenant, String name, String role) {
    ok(
        "user",
        "add",
        "--tenant",
        tenant,
        "--name",
        name,
        "--role",
        role,
        "--token-out",
        temp.resolve(name + ".token").toString());
  }

  private TestingCli.Result as(String user, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--token-file";
    all[1] = temp.resolve(user + ".token").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.evault(all);
  }

  private void ok(String... args) {
    ok(cli.evault(args));
  }

  private static void ok(TestingCli.Result result) {
    assertThat(result.status()).as(result.err()).isZero();
  }

  private void activeProduct() {
    registeredProduct();
    ok(
        "product",
        "review",
        "regional",
        "--approve-conditional",
        "--reason",
        "purpose and scope fit");
  }

  private void registeredProduct() {
    ok(
        as(
            "balice",
            "product",
            "register",
            "--name",
            "regional",
            "--elements",
            element,
            "--purpose",
            "credit risk pricing",
            "--scope",
            "beta's loan desk",
            "--from",
            today.toString(),
            "--until",
            today.plusDays(30).toString()));
  }

  @Test
  void run_activeProduct_releasesTheResultToTheConsumerAndCountsInUsage() throws IOException {
    activeProduct();

    TestingCli.Result run =
        as("bdev", "product", "run", "regional", "--element", element, "--output", "json");
    TestingCli.Result usage = as("balice", "product", "usage", "regional", "--output", "json");

    ok(run);
    assertThat(run.out()).startsWith("{\"columns\":[").doesNotContain("SELECT");
    JsonNode months = new ObjectMapper().readTree(usage.out()).get("months");
    assertThat(months).hasSize(1);
    assertThat(months.get(0).get("runs").asLong()).isEqualTo(1);
  }

  @Test
  void run_registeredProduct_isRefusedNamingTheState() {
    registeredProduct();

    TestingCli.Result run = as("bdev", "product", "run", "regional", "--element", element);

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "evault: product regional is REGISTERED: a run needs ACTIVE" + System.lineSeparator());
  }

  @Test
  void review_approveOverAConditionalDataset_isRefusedNamingTheDataset() {
    registeredProduct();

    TestingCli.Result review =
        cli.evault("product", "review", "regional", "--approve", "--reason", "fits");

    assertThat(review.status()).isEqualTo(1);
    assertThat(review.err())
        .isEqualTo(
            "evault: dataset residents of tenant acme is CONDITIONAL (有条件开放): approve product"
                + " regional with --approve-conditional to approve its purpose for that dataset"
                + System.lineSeparator());
  }

  @Test
  void review_approveAndApproveConditionalTogether_isBadUsage() {
    registeredProduct();

    TestingCli.Result review =
        cli.evault(
            "product",
            "review",
            "regional",
            "--approve",
            "--approve-conditional",
            "--reason",
            "fits");

    assertThat(review.status()).isEqualTo(2);
  }

  @Test
  void suspend_activeProduct_refusesItsRunsUntilResumed() {
    activeProduct();
    ok("product", "suspend", "regional", "--reason", "purpose under review");

    TestingCli.Result suspended = as("bdev", "product", "run", "regional", "--element", element);
    ok("product", "resume", "regional");
    TestingCli.Result resumed = as("bdev", "product", "run", "regional", "--element", element);

    assertThat(suspended.status()).isEqualTo(1);
    assertThat(suspended.err())
        .isEqualTo(
            "evault: product regional is SUSPENDED: a run needs ACTIVE" + System.lineSeparator());
    ok(resumed);
  }

  @Test
  void show_listsElementStatesDatasetsAndConditionalApprovals() {
    activeProduct();
    ok("element", "suspend", element, "--reason", "under investigation");

    TestingCli.Result show = as("balice", "product", "show", "regional");

    ok(show);
    assertThat(show.out())
        .contains(element + ":SUSPENDED")
        .contains("acme/residents:CONDITIONAL")
        .containsPattern("conditional_approvals\\s+acme/residents");
  }

  @Test
  void elementUsage_csv_countsTheProductsRunsForTheOwner() {
    activeProduct();
    ok(as("bdev", "product", "run", "regional", "--element", element));

    TestingCli.Result usage = cli.evault("element", "usage", element, "--output", "csv");

    ok(usage);
    List<String> lines = usage.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("month,runs,released_rows,tenants,products");
    assertThat(lines.get(1)).matches("\\d{4}-\\d{2},2,\\d+,acme beta,beta/regional");
  }

  @Test
  void productUsage_csv_hasAHeaderAndOneRowPerMonth() {
    activeProduct();
    ok(as("bdev", "product", "run", "regional", "--element", element));

    TestingCli.Result usage = as("balice", "product", "usage", "regional", "--output", "csv");

    ok(usage);
    List<String> lines = usage.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("month,runs,released_rows");
    assertThat(lines.subList(1, lines.size()))
        .singleElement()
        .asString()
        .matches("\\d{4}-\\d{2},1,\\d+");
  }

  @Test
  void verifyCertificate_offline_acceptsTheCertificateAndRefusesAChangedByte() throws IOException {
    activeProduct();
    Path log = temp.resolve("log.json");
    Path certificate = temp.resolve("regional.cert.json");
    ok("log", "export", "--out", log.toString());
    ok(as("balice", "product", "certificate", "regional", "--out", certificate.toString()));

    TestingCli.Result valid =
        TestingCli.run(
            "product",
            "verify-certificate",
            "--file",
            certificate.toString(),
            "--public-key",
            log + ".pub");
    Files.writeString(
        certificate,
        Files.readString(certificate, StandardCharsets.UTF_8).replace("beta's", "beto's"),
        StandardCharsets.UTF_8);
    TestingCli.Result changed =
        TestingCli.run(
            "product",
            "verify-certificate",
            "--file",
            certificate.toString(),
            "--public-key",
            log + ".pub");

    ok(valid);
    assertThat(valid.out()).contains("OK").contains("regional");
    assertThat(changed.status()).isEqualTo(1);
    assertThat(changed.err())
        .isEqualTo(
            "evault: certificate: its signature does not verify with the public key"
                + System.lineSeparator());
  }

  @Test
  void remote_printsWhatEmbeddedPrints() throws IOException {
    activeProduct();
    ok(as("bdev", "product", "run", "regional", "--element", element));
    String[][] commands = {
      {"product", "list", "--output", "json"},
      {"product", "show", "regional", "--output", "json"},
      {"product", "usage", "regional", "--output", "json"},
      {"product", "run", "regional", "--element", "e9"},
    };
    List<TestingCli.Result> embedded =
        List.of(commands).stream().map(c -> as("balice", c)).toList();
    Path certificate = temp.resolve("remote.cert.json");

    try (Vault vault =
        Vault.open(
            cli.vault(),
            Unlock.keyFile(Files.readAllBytes(cli.keyFile())),
            VaultOptions.defaults())) {
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
          TestingCli.Result remote = remote(url, identity, commands[i]);

          assertThat(remote).as(String.join(" ", commands[i])).isEqualTo(embedded.get(i));
        }
        ok(
            remote(
                url,
                identity,
                new String[] {"product", "certificate", "regional", "--out", "" + certificate}));
      }
    }
    ok(
        TestingCli.run(
            "product",
            "verify-certificate",
            "--file",
            "" + certificate,
            "--public-key",
            exportedKey()));
  }

  private String exportedKey() {
    Path log = temp.resolve("remote-log.json");
    ok("log", "export", "--out", log.toString());
    return log + ".pub";
  }

  private TestingCli.Result remote(String url, ServerIdentity identity, String[] command) {
    String[] all = new String[command.length + 6];
    System.arraycopy(command, 0, all, 0, command.length);
    all[command.length] = "--server";
    all[command.length + 1] = url;
    all[command.length + 2] = "--ca-cert";
    all[command.length + 3] = "" + identity.caPem();
    all[command.length + 4] = "--token-file";
    all[command.length + 5] = "" + temp.resolve("balice.token");
    return TestingCli.run(all);
  }
}
