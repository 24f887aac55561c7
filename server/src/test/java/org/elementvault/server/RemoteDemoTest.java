package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.CatalogEntry;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementState;
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.element.ReleaseReport;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.server.api.LogSelection;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.api.VersionInfo;
import org.elementvault.server.http.MediaTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo flow done remotely over real TLS on loopback by three principals (vault admin, tenant
 * admin, developer), and the auditor verifying the log. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteDemoTest {

  static final String AGGREGATE_SPEC =
      """
      name: income-by-district
      type: DATASET
      scenario: regional income statistics for a credit product
      purpose: credit risk pricing
      datasets: [residents]
      query: |
        SELECT district, gender, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income
        FROM residents WHERE income > 50000 GROUP BY district, gender
      threshold: 10
      valid_days: 90
      """;

  static final String REFUSED_SPEC =
      """
      name: rich-people
      type: DATASET
      scenario: an attempt to list individuals
      purpose: shows what the policy refuses
      datasets: [residents]
      query: |
        SELECT name, id_card, income FROM residents
      """;

  private Path directory;

  private TestingServer server;
  private VaultApi root;
  private Path alice;
  private Path dev;
  private Path auditor;
  private String elementId;
  private String jobId;

  @BeforeAll
  void start(@TempDir Path directory) {
    this.directory = directory;
    server = new TestingServer(directory);
    root = server.api(server.rootToken());
    alice = directory.resolve("alice.token");
    dev = directory.resolve("dev.token");
    auditor = directory.resolve("auditor.token");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  @Order(1)
  void admin_provisionsTenantAndUsers() {
    var unused = root.applyTenant("acme", "data office of Acme Credit", null);
    unused = root.reviewTenant("acme", true, "documents complete");
    unused = root.activateTenant("acme");
    var a = root.addUser("alice", Role.TENANT_ADMIN, "acme", null, alice);
    var d = root.addUser("dev", Role.DEVELOPER, "acme", null, dev);
    var u = root.addUser("audra", Role.AUDITOR, null, null, auditor);

    assertThat(root.showTenant("acme").tenant().state().name()).isEqualTo("ACTIVE");
    assertThat(List.of(a.name(), d.name(), u.name())).containsExactly("alice", "dev", "audra");
    assertThat(alice).isRegularFile();
  }

  @Test
  @Order(2)
  void tenantAdmin_importsResidentsByStreamingUpload() {
    VersionInfo version =
        server
            .api(alice)
            .importDataset(
                null,
                "residents",
                server.residentsCsv(),
                TestingServer.residentsSchema(),
                org.elementvault.engine.dataset.Datasets.Progress.NONE);

    assertThat(version.rows()).isEqualTo(TestingServer.ROWS);
    assertThat(server.api(alice).describeDataset(null, "residents").latestRows())
        .isEqualTo(TestingServer.ROWS);
  }

  @Test
  @Order(3)
  void developer_checkOfRefusedSpec_listsProblems() {
    Sandbox.CheckReport report =
        server.api(dev).checkElement(REFUSED_SPEC.getBytes(StandardCharsets.UTF_8));

    assertThat(report.passes()).isFalse();
    assertThat(report.problems()).isNotEmpty();
  }

  @Test
  @Order(4)
  void developer_submitsAndAdminApproves() {
    Element submitted =
        server.api(dev).submitElement(AGGREGATE_SPEC.getBytes(StandardCharsets.UTF_8));
    elementId = submitted.id();

    Element approved = root.reviewElement(elementId, true, "purpose and threshold fit");

    assertThat(approved.state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  @Order(5)
  void developer_runsElementAndReadsResultBack() {
    Sandbox.Job job = server.api(dev).runElement(elementId, false, Map.of());
    jobId = job.jobId();

    ElementResult again = server.api(dev).readResult(jobId);

    assertThat(job.result().rows()).isNotEmpty();
    assertThat(again).isEqualTo(job.result());
  }

  @Test
  @Order(6)
  void developer_runAsCsv_hasHeaderRowAndJobHeader() {
    HttpResponse<String> response =
        server.send(
            server
                .request("/v1/elements/" + elementId + "/runs", dev)
                .header("Accept", MediaTypes.CSV)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).contains(MediaTypes.CSV);
    assertThat(response.headers().firstValue("Evault-Job")).isPresent();
    assertThat(response.body()).startsWith("district,gender,people,avg_income\n");
  }

  @Test
  @Order(7)
  void developer_resultAsArrow_isAnArrowStream() throws Exception {
    HttpResponse<byte[]> response =
        server
            .client()
            .send(
                server
                    .request("/v1/jobs/" + jobId + "/result", dev)
                    .header("Accept", MediaTypes.ARROW_STREAM)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    // An Arrow IPC stream starts with a continuation marker before its schema message.
    assertThat(response.body()).startsWith((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF);
  }

  @Test
  @Order(8)
  void developer_cannotReviewOwnElement() {
    assertThatThrownBy(() -> server.api(dev).reviewElement(elementId, true, "self-approval"))
        .isInstanceOf(VaultException.class)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  @Order(9)
  void auditor_verifiesLogAndSeesEveryStep() throws Exception {
    VaultApi audra = server.api(auditor);

    VerifyReport report = audra.verifyLog(null);
    Path checkpoint = directory.resolve("head.checkpoint");
    var unused = audra.checkpointLog(checkpoint);
    VerifyReport againstCheckpoint = audra.verifyLog(checkpoint);
    List<String> actions =
        audra.showLog(LogSelection.all()).stream()
            .map(LogEntry::record)
            .map(r -> r.action())
            .toList();

    assertThat(report.ok()).isTrue();
    assertThat(againstCheckpoint.ok()).isTrue();
    assertThat(Files.size(checkpoint)).isPositive();
    assertThat(actions)
        .contains(
            "tenant.apply",
            "user.add",
            "dataset.import",
            "element.submit",
            "element.review",
            "element.run");
  }

  @Test
  @Order(10)
  void admin_suspendsAndResumes_runsRefusedInBetweenWithTheEmbeddedMessage() {
    Element suspended = root.suspendElement(elementId, "purpose under review");

    assertThat(suspended.state()).isEqualTo(ElementState.SUSPENDED);
    assertThat(suspended.lastChange()).isNotNull();
    assertThatThrownBy(() -> server.api(dev).runElement(elementId, false, Map.of()))
        .isInstanceOf(VaultException.class)
        .hasMessage("element " + elementId + " is SUSPENDED: a run needs APPROVED or PUBLISHED")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(root.resumeElement(elementId).state()).isEqualTo(ElementState.APPROVED);
    assertThat(server.api(dev).showElement(elementId).state()).isEqualTo(ElementState.APPROVED);
  }

  @Test
  @Order(11)
  void developer_releases_adminSeesTheReportAndPublishes() {
    Element inReview = server.api(dev).releaseElement(elementId);
    ReleaseReport report = root.elementReleaseReport(elementId);
    Element published = root.reviewElement(elementId, true, "fit for other tenants");

    assertThat(inReview.state()).isEqualTo(ElementState.RELEASE_REVIEW);
    assertThat(report.realRuns()).isEqualTo(2);
    assertThat(report.releases()).isNotEmpty();
    assertThat(published.state()).isEqualTo(ElementState.PUBLISHED);
    assertThat(published.publishedAt()).isNotNull();
  }

  @Test
  @Order(12)
  void tenantAdmin_seesTheCatalogAndTheUsageAsEmbedded() {
    List<CatalogEntry> catalog = server.api(alice).elementCatalog();
    ElementUsage usage = server.api(alice).elementUsage(elementId);

    assertThat(catalog).extracting(CatalogEntry::id).containsExactly(elementId);
    assertThat(catalog.get(0).outputs()).extracting(OutputColumn::name).contains("district");
    assertThat(usage.months()).hasSize(1);
    assertThat(usage.months().get(0).runs()).isEqualTo(2);
  }

  @Test
  @Order(13)
  void developer_undeclaredParameter_isRefusedWithTheEmbeddedMessage() {
    assertThatThrownBy(
            () -> server.api(dev).runElement(elementId, false, Map.of("district", "金水区")))
        .isInstanceOf(VaultException.class)
        .hasMessage("parameter district: the element declares no such parameter")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
  }
}
