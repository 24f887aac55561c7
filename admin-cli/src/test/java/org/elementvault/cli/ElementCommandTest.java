package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The element commands, embedded: a developer's spec from check to a released result. */
class ElementCommandTest {

  private static final String GOOD =
      """
      name: by-district
      type: DATASET
      scenario: statistics
      purpose: testing
      datasets: [residents]
      query: SELECT district, COUNT(*) AS people FROM residents GROUP BY district
      """;

  private static final String BAD =
      """
      name: leaky
      type: DATASET
      scenario: statistics
      purpose: testing
      datasets: [residents]
      query: SELECT id_card, phone FROM residents
      """;

  private static final String TEMPLATE =
      """
      name: by-gender-in
      type: DATASET
      scenario: statistics
      purpose: testing
      datasets: [residents]
      query: SELECT gender, COUNT(*) AS people FROM residents WHERE district = :district GROUP BY gender
      parameters:
        - {name: district, type: STRING, values: [金水区, 二七区]}
      """;

  @TempDir Path temp;

  private TestingCli cli;
  private Path devToken;

  @BeforeEach
  void tenantWithResidents() throws IOException {
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
  }

  @Test
  void check_refusedSpec_listsEveryProblemAndExitsOne() throws IOException {
    TestingCli.Result result = asDev("element", "check", "--spec", spec(BAD).toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out())
        .contains("residents.id_card")
        .contains("mask_id_card()")
        .contains("residents.phone")
        .contains("mask_phone()");
    assertThat(result.err()).startsWith("evault: spec leaky would be refused: 2 problems");
  }

  @Test
  void submit_refusedSpec_namesTheColumnAndStoresNothing() throws IOException {
    TestingCli.Result result = asDev("element", "submit", "--spec", spec(BAD).toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "column residents.id_card (SENSITIVE, ID_CARD) may not be output raw; use mask_id_card()");
    assertThat(asDev("element", "list").out()).doesNotContain("leaky");
  }

  @Test
  void submit_thresholdBelowTenantFloor_isRefusedNamingThresholdAndFloor() throws IOException {
    TestingCli.Result result =
        asDev("element", "submit", "--spec", spec(GOOD + "threshold: 5\n").toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "evault: threshold 5 is below tenant acme's minimum threshold 10; raise threshold to"
                + " at least 10"
                + System.lineSeparator());
    assertThat(asDev("element", "list").out()).doesNotContain("by-district");
  }

  @Test
  void check_thresholdBelowTenantFloor_listsTheProblemAndExitsOne() throws IOException {
    TestingCli.Result result =
        asDev(
            "element",
            "check",
            "--spec",
            spec(GOOD + "threshold: 5\n").toString(),
            "--output",
            "csv");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out())
        .isEqualTo(
            "column,use,rule,fix"
                + System.lineSeparator()
                + "threshold,,5 is below tenant acme's minimum threshold 10,raise threshold to at"
                + " least 10"
                + System.lineSeparator());
    assertThat(result.err())
        .isEqualTo("evault: spec by-district would be refused: 1 problem" + System.lineSeparator());
  }

  @Test
  void run_floorRaisedAfterApproval_isRefusedNamingBothNumbers() throws IOException {
    TestingCli.Result submitted = asDev("element", "submit", "--spec", spec(GOOD).toString());
    List<String> lines = submitted.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    ok("element", "review", id, "--approve", "--reason", "fine");
    ok("tenant", "quota", "acme", "--min-threshold", "12");

    TestingCli.Result run = asDev("element", "run", id);

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "evault: element "
                + id
                + "'s threshold 10 is below tenant acme's minimum threshold 12: a run needs a spec"
                + " with threshold at least 12; submit one"
                + System.lineSeparator());
  }

  @Test
  void run_approvedElement_writesTheThresholdedResultAsCsv() throws IOException {
    TestingCli.Result submitted = asDev("element", "submit", "--spec", spec(GOOD).toString());
    List<String> lines = submitted.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    ok("element", "review", id, "--approve", "--reason", "fine");
    Path out = temp.resolve("result.csv");

    TestingCli.Result run = asDev("element", "run", id, "--out", out.toString());

    assertThat(run.status()).as(run.err()).isZero();
    List<String> csv = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(csv.get(0)).isEqualTo("district,people");
    assertThat(csv).hasSize(17);
    assertThat(cli.evault("log", "show", "--action", "result.release").out()).contains("job j1");
  }

  /** Auditors see what left the vault: each release with its element, job and fingerprint. */
  @Test
  void logShow_actionResultRelease_listsEachReleaseWithElementJobAndFingerprint()
      throws IOException {
    TestingCli.Result submitted = asDev("element", "submit", "--spec", spec(GOOD).toString());
    List<String> lines = submitted.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    ok("element", "review", id, "--approve", "--reason", "fine");
    assertThat(asDev("element", "run", id).status()).isZero();
    assertThat(asDev("element", "run", id).status()).isZero();

    JsonNode entries =
        new ObjectMapper()
            .readTree(
                cli.evault("log", "show", "--action", "result.release", "--output", "json").out());

    assertThat(entries).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(entries.get(i).at("/record/outcome").asText()).isEqualTo("OK");
      assertThat(entries.get(i).at("/record/details").asText())
          .matches(
              "element "
                  + id
                  + ", job j"
                  + (i + 1)
                  + ", \\d+ bytes, hash [0-9a-f]{64}, release fingerprint [0-9a-f]{64}");
    }
    String first = entries.get(0).at("/record/details").asText();
    String second = entries.get(1).at("/record/details").asText();
    assertThat(second.substring(second.indexOf("release fingerprint")))
        .isEqualTo(first.substring(first.indexOf("release fingerprint")));
  }

  @Test
  void run_beforeApproval_isRefusedButASampleRunWorks() throws IOException {
    TestingCli.Result submitted = asDev("element", "submit", "--spec", spec(GOOD).toString());
    List<String> lines = submitted.out().lines().toList();
    String id = lines.get(lines.size() - 1);

    TestingCli.Result real = asDev("element", "run", id);
    TestingCli.Result sample = asDev("element", "run", id, "--sample", "--output", "json");

    assertThat(real.status()).isEqualTo(1);
    assertThat(real.err()).contains("APPROVED");
    assertThat(sample.status()).as(sample.err()).isZero();
    assertThat(sample.out())
        .startsWith("{\"columns\":[")
        .contains("\"protection\":{\"mechanism\":\"noise\"");
  }

  @Test
  void suspendResumeRetire_changeTheListedStateAndRefuseWhatTheStateForbids() throws IOException {
    TestingCli.Result submitted = asDev("element", "submit", "--spec", spec(GOOD).toString());
    List<String> lines = submitted.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    ok("element", "review", id, "--approve", "--reason", "fine");
    ObjectMapper json = new ObjectMapper();
    JsonNode approved = json.readTree(cli.evault("element", "list", "--output", "json").out());
    assertThat(approved.get(0).get("state").asText()).isEqualTo("APPROVED");
    assertThat(approved.get(0).get("validUntil").isTextual()).isTrue();

    ok("element", "suspend", id, "--reason", "purpose under review");
    TestingCli.Result run = asDev("element", "run", id);
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "evault: element "
                + id
                + " is SUSPENDED: a run needs APPROVED or PUBLISHED"
                + System.lineSeparator());
    JsonNode suspended = json.readTree(cli.evault("element", "show", id, "--output", "json").out());
    assertThat(suspended.get("state").asText()).isEqualTo("SUSPENDED");
    assertThat(suspended.at("/lastChange/reason").asText()).isEqualTo("purpose under review");

    ok("element", "resume", id);
    ok("element", "retire", id, "--reason", "replaced");
    TestingCli.Result resume = cli.evault("element", "resume", id);

    assertThat(resume.status()).isEqualTo(1);
    assertThat(resume.err())
        .isEqualTo(
            "evault: element "
                + id
                + " is RETIRED: resume needs SUSPENDED"
                + System.lineSeparator());
    assertThat(cli.evault("log", "show", "--action", "element.retire").out()).contains("replaced");
  }

  @Test
  void releaseAndReview_showReleasesToTheReviewerThenListTheElementInTheCatalog()
      throws IOException {
    String id = approved(GOOD);
    assertThat(asDev("element", "run", id).status()).isZero();

    assertThat(asDev("element", "release", id).status()).isZero();
    TestingCli.Result show = cli.evault("element", "show", id);
    ok("element", "review", id, "--approve", "--reason", "fit for other tenants");
    TestingCli.Result catalog = asDev("element", "catalog", "--output", "json");

    assertThat(show.out()).contains("RELEASE_REVIEW").contains("released so far: 1 runs");
    JsonNode entries = new ObjectMapper().readTree(catalog.out());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("id").asText()).isEqualTo(id);
    assertThat(entries.get(0).get("tenant").asText()).isEqualTo("acme");
    assertThat(entries.get(0).get("outputs").toString())
        .isEqualTo(
            "[{\"name\":\"district\",\"type\":\"VARCHAR\"},{\"name\":\"people\",\"type\":\"BIGINT\"}]");
    assertThat(catalog.out()).doesNotContain("SELECT").doesNotContain("query");
  }

  @Test
  void release_withoutARealRun_isRefusedNamingTheRule() throws IOException {
    String id = approved(GOOD);

    TestingCli.Result release = asDev("element", "release", id);

    assertThat(release.status()).isEqualTo(1);
    assertThat(release.err())
        .isEqualTo(
            "evault: element "
                + id
                + " has not run on real data: release needs at least one real run"
                + System.lineSeparator());
  }

  @Test
  void run_paramOutsideItsDomain_isRefusedWithoutEchoingTheValue() throws IOException {
    String id = approved(TEMPLATE);

    TestingCli.Result run = asDev("element", "run", id, "--param", "district=朝阳区");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "evault: parameter district: value not in its declared domain"
                + System.lineSeparator());
  }

  @Test
  void run_paramInItsDomain_releasesTheBoundResult() throws IOException {
    String id = approved(TEMPLATE);

    TestingCli.Result run =
        asDev("element", "run", id, "--param", "district=金水区", "--output", "csv");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("gender,people");
  }

  @Test
  void usage_twoRuns_areCountedForTheMonth() throws IOException {
    String id = approved(GOOD);
    assertThat(asDev("element", "run", id).status()).isZero();
    assertThat(asDev("element", "run", id).status()).isZero();

    TestingCli.Result usage = cli.evault("element", "usage", id, "--output", "json");

    JsonNode months = new ObjectMapper().readTree(usage.out()).get("months");
    assertThat(months).hasSize(1);
    assertThat(months.get(0).get("runs").asInt()).isEqualTo(2);
    assertThat(months.get(0).get("releasedRows").asInt()).isPositive();
    assertThat(months.get(0).get("tenants").toString()).isEqualTo("[\"acme\"]");
  }

  /** Submits {@code yaml} as dev and approves it as the vault admin; returns its id. */
  private String approved(String yaml) throws IOException {
    TestingCli.Result submitted = asDev("element", "submit", "--spec", spec(yaml).toString());
    assertThat(submitted.status()).as(submitted.err()).isZero();
    List<String> lines = submitted.out().lines().toList();
    String id = lines.get(lines.size() - 1);
    ok("element", "review", id, "--approve", "--reason", "fine");
    return id;
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

  private Path spec(String yaml) throws IOException {
    Path file = Files.createTempFile(temp, "spec", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }
}
