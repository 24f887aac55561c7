package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.elementvault.engine.auth.Role;
import org.elementvault.server.api.ApiJson;
import org.elementvault.server.api.VaultApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile HTTP (invariants 9, 11, 12): each request gets the right 4xx with a JSON error that
 * echoes nothing it was sent, the vault's state and log do not change except for the logged
 * refusal, and the server keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileHttpTest {

  private static final String SECRET_MARKER = "zzsecretzz";

  private TestingServer server;
  private Path root;
  private Path alice;
  private Path bob;
  private Path expired;
  private Path revoked;

  @BeforeAll
  void start(@TempDir Path directory) {
    server = new TestingServer(directory);
    root = server.rootToken();
    VaultApi admin = server.api(root);
    for (String tenant : new String[] {"acme", "globex"}) {
      var unused = admin.applyTenant(tenant, "ops", null);
      unused = admin.reviewTenant(tenant, true, "ok");
      unused = admin.activateTenant(tenant);
    }
    alice = directory.resolve("alice.token");
    bob = directory.resolve("bob.token");
    expired = directory.resolve("expired.token");
    revoked = directory.resolve("revoked.token");
    var unused = admin.addUser("alice", Role.TENANT_ADMIN, "acme", null, alice);
    unused = admin.addUser("bob", Role.TENANT_ADMIN, "globex", null, bob);
    unused =
        admin.addUser(
            "shortlived", Role.DEVELOPER, "acme", Instant.now().plusSeconds(3600), expired);
    unused = admin.addUser("gone", Role.DEVELOPER, "acme", null, revoked);
    unused = admin.revokeUser("gone");
    var version =
        server
            .api(alice)
            .importDataset(
                null,
                "residents",
                server.residentsCsv(),
                TestingServer.residentsSchema(),
                org.elementvault.engine.dataset.Datasets.Progress.NONE);
    assertThat(version.number()).isEqualTo(1);
    // The testing vault's clock is fixed; move it past the short-lived token's expiry.
    server.clock.set(Instant.now().plusSeconds(7200));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @AfterEach
  void serverStillAnswers() {
    HttpResponse<String> health =
        server.send(HttpRequest.newBuilder(server.uri("/healthz")).GET().build());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> hostileRequests() {
    return Stream.of(
        Arguments.of("no token", "GET", "/v1/tenants", null, null, null, 401, "ACCESS_DENIED"),
        Arguments.of(
            "garbage token", "GET", "/v1/tenants", "garbage", null, null, 401, "ACCESS_DENIED"),
        Arguments.of("unknown route", "GET", "/secrets", "root", null, null, 404, "NOT_FOUND"),
        Arguments.of("unversioned path", "GET", "/tenants", "root", null, null, 404, "NOT_FOUND"),
        Arguments.of(
            "wrong method", "DELETE", "/v1/tenants", "root", null, null, 405, "USER_ERROR"),
        Arguments.of(
            "bad json",
            "POST",
            "/v1/tenants",
            "root",
            "application/json",
            "{\"name\": ",
            400,
            "USER_ERROR"),
        Arguments.of(
            "json of the wrong shape",
            "POST",
            "/v1/tenants",
            "root",
            "application/json",
            "{\"name\": \"x\", \"" + SECRET_MARKER + "\": 1}",
            400,
            "USER_ERROR"),
        Arguments.of(
            "wrong content type",
            "POST",
            "/v1/tenants",
            "root",
            "text/plain",
            "name=" + SECRET_MARKER,
            415,
            "USER_ERROR"),
        Arguments.of(
            "path traversal in a name",
            "GET",
            "/v1/datasets/..%2F..%2Fkeys?tenant=acme",
            "root",
            null,
            null,
            400,
            "USER_ERROR"),
        Arguments.of(
            "upper-case name",
            "GET",
            "/v1/tenants/ACME" + SECRET_MARKER,
            "root",
            null,
            null,
            400,
            "USER_ERROR"),
        Arguments.of(
            "another tenant's dataset",
            "GET",
            "/v1/datasets/residents",
            "bob",
            null,
            null,
            404,
            "NOT_FOUND"),
        Arguments.of(
            "tenant admin approving tenants",
            "POST",
            "/v1/tenants/globex/review",
            "alice",
            "application/json",
            "{\"approve\": true, \"reason\": \"mine\"}",
            403,
            "FORBIDDEN"),
        Arguments.of(
            "threshold floor below 2",
            "PUT",
            "/v1/tenants/acme/quota",
            "root",
            "application/json",
            "{\"minThreshold\": 1}",
            400,
            "USER_ERROR"),
        Arguments.of(
            "threshold floor as text",
            "PUT",
            "/v1/tenants/acme/quota",
            "root",
            "application/json",
            "{\"minThreshold\": \"12\"}",
            400,
            "USER_ERROR"),
        Arguments.of(
            "tenant admin lowering its own floor",
            "PUT",
            "/v1/tenants/acme/quota",
            "alice",
            "application/json",
            "{\"minThreshold\": 2}",
            403,
            "FORBIDDEN"),
        Arguments.of(
            "revoked token", "GET", "/v1/datasets", "revoked", null, null, 401, "ACCESS_DENIED"),
        Arguments.of(
            "expired token", "GET", "/v1/datasets", "expired", null, null, 401, "ACCESS_DENIED"),
        Arguments.of(
            "body on a read",
            "GET",
            "/v1/tenants",
            "root",
            "application/json",
            "{}",
            400,
            "USER_ERROR"),
        Arguments.of(
            "unacceptable Accept", "GET", "/v1/tenants", "root", null, null, 406, "USER_ERROR"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  void hostileRequest_isRefusedWithItsCode_andChangesNothing(
      String what,
      String method,
      String path,
      String who,
      String contentType,
      String body,
      int status,
      String code)
      throws IOException {
    long entries = logEntries();
    String tenants = server.api(root).listTenants().toString();
    HttpRequest.Builder request =
        who == null
            ? HttpRequest.newBuilder(server.uri(path))
            : who.equals("garbage")
                ? HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer abc")
                : server.request(path, token(who));
    if (what.equals("unacceptable Accept")) {
      request.header("Accept", "image/png");
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));

    HttpResponse<String> response = server.send(request.build());

    assertThat(response.statusCode()).as(what).isEqualTo(status);
    JsonNode error = ApiJson.mapper().readTree(response.body());
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotEmpty().doesNotContain(SECRET_MARKER);
    assertThat(server.api(root).listTenants().toString()).isEqualTo(tenants);
    // A refusal by the engine is logged; one at the door (no route, bad media type) is not.
    assertThat(logEntries() - entries).isBetween(0L, 3L);
  }

  @Test
  void oversizedHeaders_get431() throws IOException {
    String response =
        raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431");
  }

  @Test
  void malformedRequestLine_gets400() throws IOException {
    String response = raw("GARBAGE\u0001 / HTTP/9.9\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
  }

  @Test
  void duplicateJsonKey_gets400_andChangesNothing() {
    HttpResponse<String> response =
        server.send(
            server
                .request("/v1/tenants", root)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"harmless\", \"contact\": \"ops\", \"name\": \"other\"}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"code\":\"USER_ERROR\",\"message\":\"malformed request body: a key appears twice"
                + " in one JSON object\"}");
    assertThat(server.api(root).listTenants())
        .extracting(t -> t.tenant().name())
        .doesNotContain("harmless", "other");
  }

  @Test
  void oversizedJsonBody_gets413_withoutBeingRead() {
    HttpResponse<String> response =
        server.send(
            server
                .request("/v1/tenants", root)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + "1,".repeat(600_000) + "1]"))
                .build());

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void uploadOverTheLimit_gets413_andLeavesNoTemporaryFile(@TempDir Path work) throws Exception {
    try (TestingServer small =
        new TestingServer(work, ServerLimits.defaults().withMaxUploadBytes(10_000))) {
      var unused = small.api(small.rootToken()).applyTenant("acme", "ops", null);
      HttpResponse<String> response =
          small.send(
              small
                  .request("/v1/datasets/residents/versions?tenant=acme", small.rootToken())
                  .header("Content-Type", "text/csv")
                  .header("Evault-Schema", "c3ViamVjdDogaWQK")
                  .POST(HttpRequest.BodyPublishers.ofFile(small.residentsCsv()))
                  .build());

      assertThat(response.statusCode()).isEqualTo(413);
      Path tmp = small.vault.directory().resolve(VaultServer.TEMPORARY_DIRECTORY);
      try (Stream<Path> left = Files.exists(tmp) ? Files.list(tmp) : Stream.empty()) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void failedAuthentications_areRateLimitedPerAddress(@TempDir Path work) {
    try (TestingServer limited =
        new TestingServer(work, ServerLimits.defaults().withFailedLogins(3))) {
      int last = 0;
      for (int i = 0; i < 5; i++) {
        last =
            limited
                .send(
                    HttpRequest.newBuilder(limited.uri("/v1/tenants"))
                        .header("Authorization", "Bearer wrong-" + i)
                        .GET()
                        .build())
                .statusCode();
      }

      assertThat(last).isEqualTo(429);
    }
  }

  @Test
  void healthAndMetrics_needNoToken() {
    HttpResponse<String> ready =
        server.send(HttpRequest.newBuilder(server.uri("/readyz")).GET().build());
    HttpResponse<String> metrics =
        server.send(HttpRequest.newBuilder(server.uri("/metrics")).GET().build());

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("evault_http_requests_seconds_count");
    assertThat(metrics.body()).contains("evault_http_refusals_total");
  }

  private Path token(String who) {
    return switch (who) {
      case "root" -> root;
      case "alice" -> alice;
      case "bob" -> bob;
      case "expired" -> expired;
      case "revoked" -> revoked;
      default -> throw new IllegalArgumentException(who);
    };
  }

  private long logEntries() {
    return server.vault.log().size();
  }

  /** Sends raw bytes over TLS and returns what comes back until the server closes. */
  private String raw(String request) throws IOException {
    try (SSLSocket socket =
        (SSLSocket)
            TestingServer.trustingCa(server.caPem())
                .getSocketFactory()
                .createSocket("127.0.0.1", server.server.address().getPort())) {
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before reading everything it was sent.
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
