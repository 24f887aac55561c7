package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.elementvault.server.http.HttpApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output json} prints the HTTP API's document: the same field names, number types and
 * encodings as a script that calls the API directly would read.
 */
class ApiJsonParityTest {

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

  private TestingRemoteVault remote;

  @BeforeEach
  void serve() throws IOException {
    remote = TestingRemoteVault.start(temp);
  }

  @AfterEach
  void stop() {
    remote.close();
  }

  private JsonNode api(String path) throws IOException, InterruptedException {
    return api(remote.rootToken(), HttpRequest.newBuilder(URI.create(remote.url() + path)).GET());
  }

  private JsonNode api(Path tokenFile, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().sslContext(HttpApi.pinnedContext(remote.caPem())).build();
    String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
    HttpResponse<String> response =
        client.send(
            request.header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Rendering.JSON.readTree(response.body());
  }

  private JsonNode cli(String... command) throws IOException {
    return cliAs(remote.rootToken(), command);
  }

  /** Imports synthetic residents into {@code acme} and submits an element on them as its dev. */
  private String residentsWithAnElement() throws IOException {
    Path csv = temp.resolve("residents.csv");
    Path schema = temp.resolve("residents.yaml");
    // About 60 residents per district: every group well above the threshold of 10.
    var unused = SyntheticResidents.write(csv, 1_000, SyntheticResidents.DEFAULT_SEED);
    SyntheticResidents.writeSchema(schema);
    var unusedVersion =
        cli(
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
    Files.writeString(spec(), SPEC);
    return cliAs(remote.devToken(), "element", "submit", "--spec", spec().toString())
        .get("id")
        .asText();
  }

  private Path spec() {
    return temp.resolve("by-district.yaml");
  }

  private JsonNode cliAs(Path token, String... command) throws IOException {
    String[] args = new String[command.length + 8];
    System.arraycopy(command, 0, args, 0, command.length);
    String[] remoteOptions = {
      "--server",
      remote.url(),
      "--ca-cert",
      remote.caPem().toString(),
      "--token-file",
      token.toString(),
      "--output",
      "json"
    };
    System.arraycopy(remoteOptions, 0, args, command.length, remoteOptions.length);
    TestingCli.Result result = TestingCli.run(args);
    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out().lines()).as("one JSON document on one line").hasSize(1);
    return Rendering.JSON.readTree(result.out());
  }

  @Test
  void tenantShow_isTheApisDocument() throws Exception {
    JsonNode printed = cli("tenant", "show", "acme");

    assertThat(printed).isEqualTo(api("/v1/tenants/acme"));
  }

  @Test
  void tenantShow_numbersAreNumbers() throws Exception {
    JsonNode quotas = cli("tenant", "show", "acme").at("/tenant/quotas");

    assertThat(quotas.get("minThreshold").isInt()).isTrue();
    assertThat(quotas.get("minThreshold").asInt()).isEqualTo(10);
    assertThat(quotas.get("storageBytes").isIntegralNumber()).isTrue();
  }

  @Test
  void tenantList_isTheApisDocument() throws Exception {
    JsonNode printed = cli("tenant", "list");

    assertThat(printed).isEqualTo(api("/v1/tenants"));
  }

  @Test
  void keysStatus_isTheApisDocument() throws Exception {
    JsonNode printed = cli("keys", "status");

    assertThat(printed).isEqualTo(api("/v1/keys"));
    assertThat(printed.get(1).get("owner").asText()).isEqualTo("acme");
  }

  @Test
  void jobList_isTheApisDocument() throws Exception {
    JsonNode printed = cli("job", "list");

    assertThat(printed).isEqualTo(api("/v1/jobs"));
  }

  @Test
  void userList_isTheApisDocument() throws Exception {
    JsonNode printed = cli("user", "list");

    assertThat(printed).isEqualTo(api("/v1/users"));
  }

  @Test
  void whoami_isTheApisDocument() throws Exception {
    JsonNode printed = cli("whoami");

    assertThat(printed).isEqualTo(api("/v1/whoami"));
  }

  /**
   * One document and one encoding of the Merkle root everywhere: hex, as in the CLI's tables and
   * the export. (Each verification is logged, so the two sizes and roots differ; their shape does
   * not.)
   */
  @Test
  void logVerify_isShapedLikeTheApis() throws Exception {
    JsonNode printed = cli("log", "verify");
    JsonNode api = api("/v1/log/verify");

    assertThat(fieldNames(printed)).isEqualTo(fieldNames(api));
    assertThat(printed.get("rootHash").asText()).matches("[0-9a-f]{64}");
    assertThat(printed.get("size").isIntegralNumber()).isTrue();
    assertThat(printed.get("ok").isBoolean()).isTrue();
  }

  @Test
  void logShow_isTheApisDocument() throws Exception {
    JsonNode printed = cli("log", "show", "--action", "tenant.review");

    assertThat(printed).isEqualTo(api("/v1/log?action=tenant.review"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void datasetDescribe_isTheApisDocument() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed = cli("dataset", "describe", "residents", "--tenant", "acme");

    assertThat(printed).isEqualTo(api("/v1/datasets/residents?tenant=acme"));
  }

  @Test
  void datasetDescribe_hasNameRowsVersionsAndColumnsTyped() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed = cli("dataset", "describe", "residents", "--tenant", "acme");

    assertThat(printed.get("name").asText()).isEqualTo("residents");
    assertThat(printed.get("rows").isIntegralNumber()).isTrue();
    assertThat(printed.get("rows").asLong()).isEqualTo(1_000);
    assertThat(printed.at("/versions/0/number").isInt()).isTrue();
    assertThat(printed.get("columns").isArray()).isTrue();
    assertThat(printed.at("/columns/0/quasiIdentifier").isBoolean()).isTrue();
  }

  @Test
  void datasetList_isTheApisDocument() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed = cli("dataset", "list", "--tenant", "acme");

    assertThat(printed).isEqualTo(api("/v1/datasets?tenant=acme"));
  }

  @Test
  void elementShow_isTheApisDocument() throws Exception {
    String id = residentsWithAnElement();

    JsonNode printed = cli("element", "show", id);

    assertThat(printed).isEqualTo(api("/v1/elements/" + id));
  }

  @Test
  void elementShow_numbersAreNumbers() throws Exception {
    String id = residentsWithAnElement();

    JsonNode printed = cli("element", "show", id);

    assertThat(printed.at("/spec/threshold").isInt()).isTrue();
    assertThat(printed.at("/spec/validDays").isInt()).isTrue();
    assertThat(printed.at("/assessment/threshold").isInt()).isTrue();
  }

  @Test
  void elementList_isTheApisDocument() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed = cli("element", "list", "--tenant", "acme");

    assertThat(printed).isEqualTo(api("/v1/elements?tenant=acme"));
  }

  @Test
  void elementReview_printsTheElementTheApiShows() throws Exception {
    String id = residentsWithAnElement();

    JsonNode printed = cli("element", "review", id, "--approve", "--reason", "fine");

    assertThat(printed).isEqualTo(api("/v1/elements/" + id));
  }

  @Test
  void elementCheck_isTheApisDocument() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed = cliAs(remote.devToken(), "element", "check", "--spec", spec().toString());

    assertThat(printed)
        .isEqualTo(
            api(
                remote.devToken(),
                HttpRequest.newBuilder(URI.create(remote.url() + "/v1/elements/check"))
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(SPEC, StandardCharsets.UTF_8))));
  }

  @Test
  void elementCatalog_isTheApisDocument() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed = cli("element", "catalog");

    assertThat(printed).isEqualTo(api("/v1/catalog"));
  }

  @Test
  void status_isTheApisDocument() throws Exception {
    JsonNode printed = cli("status");

    assertThat(printed).isEqualTo(api("/v1/status"));
  }

  @Test
  void elementReleases_isTheApisDocument() throws Exception {
    String id = residentsWithAnElement();

    JsonNode printed = cli("element", "releases", id);

    assertThat(printed).isEqualTo(api("/v1/elements/" + id + "/releases"));
  }

  @Test
  void elementUsage_isTheApisDocument() throws Exception {
    String id = residentsWithAnElement();

    JsonNode printed = cli("element", "usage", id);

    assertThat(printed).isEqualTo(api("/v1/elements/" + id + "/usage"));
  }

  @Test
  void datasetBudget_printsTheApisBudget() throws Exception {
    var unused = residentsWithAnElement();
    String body = "{\"epsilon\": 1.50, \"windowDays\": 30}";

    JsonNode printed =
        cli(
            "dataset",
            "budget",
            "residents",
            "--tenant",
            "acme",
            "--epsilon",
            "1.50",
            "--window-days",
            "30");

    assertThat(printed)
        .isEqualTo(
            api(
                remote.rootToken(),
                HttpRequest.newBuilder(
                        URI.create(remote.url() + "/v1/datasets/residents/budget?tenant=acme"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
  }

  @Test
  void datasetClassify_printsTheDatasetTheApiDescribes() throws Exception {
    var unused = residentsWithAnElement();

    JsonNode printed =
        cli(
            "dataset",
            "classify",
            "residents",
            "--tenant",
            "acme",
            "--column",
            "district",
            "--level",
            "IMPORTANT",
            "--reason",
            "finer than needed");

    assertThat(printed).isEqualTo(api("/v1/datasets/residents?tenant=acme"));
  }

  /**
   * The released result, read again through the API, is the document {@code element run} printed.
   */
  @Test
  void elementRun_printsTheResultTheApiServes() throws Exception {
    String id = residentsWithAnElement();
    var unused = cli("element", "review", id, "--approve", "--reason", "fine");

    JsonNode printed = cliAs(remote.devToken(), "element", "run", id);
    String job =
        api(remote.devToken(), HttpRequest.newBuilder(URI.create(remote.url() + "/v1/jobs")))
            .get(0)
            .get("id")
            .asText();

    assertThat(printed)
        .isEqualTo(
            api(
                remote.devToken(),
                HttpRequest.newBuilder(URI.create(remote.url() + "/v1/jobs/" + job + "/result"))));
    assertThat(printed.at("/rows/0/1").isIntegralNumber()).isTrue();
  }
}
