package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import org.elementvault.engine.auth.Role;
import org.elementvault.server.api.QuotaChange;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 429 the engine gives (a quota) carries {@code Retry-After} too, not only failed logins. */
class RetryAfterTest {

  @Test
  void storageQuotaRefusal_is429WithRetryAfter(@TempDir Path directory) throws IOException {
    try (TestingServer server = new TestingServer(directory)) {
      VaultApi root = server.api(server.rootToken());
      var unused = root.applyTenant("acme", "ops", null);
      unused = root.reviewTenant("acme", true, "ok");
      unused = root.activateTenant("acme");
      unused = root.setTenantQuotas("acme", new QuotaChange(1024L, null, null, null));
      Path alice = directory.resolve("alice.token");
      var unusedAlice = root.addUser("alice", Role.TENANT_ADMIN, "acme", null, alice);

      HttpResponse<String> response =
          server.send(
              server
                  .request("/v1/datasets/residents/versions", alice)
                  .header("Content-Type", MediaTypes.CSV)
                  .header(
                      Wire.SCHEMA_HEADER,
                      Base64.getEncoder().encodeToString(TestingServer.residentsSchema()))
                  .POST(HttpRequest.BodyPublishers.ofFile(server.residentsCsv()))
                  .build());

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.headers().firstValue("Retry-After"))
          .hasValue(Long.toString(Responses.DEFAULT_RETRY_AFTER.toSeconds()));
    }
  }
}
