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
    HttpClient client =
        HttpClient.newBuilder().sslContext(HttpApi.pinnedContext(remote.caPem())).build();
    String token = Files.readString(remote.rootToken(), StandardCharsets.US_ASCII).trim();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(remote.url() + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return Rendering.JSON.readTree(response.body());
  }

  private JsonNode cli(String... command) throws IOException {
    String[] args = new String[command.length + 8];
    System.arraycopy(command, 0, args, 0, command.length);
    String[] remoteOptions = {
      "--server",
      remote.url(),
      "--ca-cert",
      remote.caPem().toString(),
      "--token-file",
      remote.rootToken().toString(),
      "--output",
      "json"
    };
    System.arraycopy(remoteOptions, 0, args, command.length, remoteOptions.length);
    TestingCli.Result result = TestingCli.run(args);
    assertThat(result.status()).as(result.err()).isZero();
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
   * One encoding of the Merkle root everywhere: hex, as in the CLI's tables and the export. (Each
   * verification is logged, so the two roots differ; their encoding does not.)
   */
  @Test
  void logVerify_rootIsHexLikeTheApis() throws Exception {
    JsonNode printed = cli("log", "verify");

    assertThat(printed.get("root").asText()).matches("[0-9a-f]{64}");
    assertThat(api("/v1/log/verify").get("rootHash").asText()).matches("[0-9a-f]{64}");
  }
}
