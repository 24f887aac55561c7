package org.elementvault.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elementvault.server.api.ApiJson;
import org.elementvault.server.http.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI 3.1 document at {@code /v1/openapi.json} against the server's real route table, and
 * its own consistency: references resolve, path parameters are declared, errors and limits are
 * described. {@link ApiDocTest} checks real replies against its schemas.
 */
class OpenApiDocumentTest {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{(\\w+)}");

  private final OpenApiDocument document = OpenApiDocument.load();

  @TempDir Path directory;

  @Test
  void routeTable_andDocument_haveTheSameOperations() {
    try (TestingServer server = new TestingServer(directory)) {
      Set<String> routes = new TreeSet<>();
      for (Router.Endpoint endpoint : server.server.endpoints()) {
        routes.add(endpoint.method() + " " + endpoint.template());
      }

      assertThat(document.operations()).containsExactlyElementsOf(routes);
    }
  }

  @Test
  void served_withoutAToken_isTheCheckedInDocument() throws Exception {
    try (TestingServer server = new TestingServer(directory)) {
      var response = server.send(HttpRequest.newBuilder(server.uri("/v1/openapi.json")).build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(ApiJson.mapper().readTree(response.body())).isEqualTo(document.root);
    }
  }

  @Test
  void document_isOpenApi31WithBearerAuth() {
    assertThat(document.root.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.root.at("/info/title").isTextual()).isTrue();
    assertThat(document.root.at("/info/version").isTextual()).isTrue();
    assertThat(document.root.at("/components/securitySchemes/bearer/type").asText())
        .isEqualTo("http");
    assertThat(document.root.at("/components/securitySchemes/bearer/scheme").asText())
        .isEqualTo("bearer");
    assertThat(document.root.at("/security/0").has("bearer")).isTrue();
  }

  @Test
  void everyReference_resolves() {
    List<String> references = new ArrayList<>();
    collectReferences(document.root, references);

    assertThat(references).hasSizeGreaterThan(50);
    assertThat(references)
        .allSatisfy(
            reference -> {
              assertThat(reference).startsWith("#/");
              assertThat(document.root.at(reference.substring(1)).isMissingNode())
                  .as("%s resolves", reference)
                  .isFalse();
            });
  }

  @Test
  void everyOperation_hasAUniqueIdAndASuccessResponse() {
    Set<String> ids = new HashSet<>();
    forEachOperation(
        (name, operation) -> {
          assertThat(ids.add(operation.path("operationId").asText()))
              .as("%s has a unique operationId", name)
              .isTrue();
          assertThat(operation.path("summary").isTextual()).as("%s has a summary", name).isTrue();
          assertThat(operation.path("responses").properties())
              .as("%s answers a 2xx", name)
              .anySatisfy(response -> assertThat(response.getKey()).startsWith("2"));
        });

    assertThat(ids).hasSize(document.operations().size());
  }

  @Test
  void everyPathParameter_isDeclaredAndRequired() {
    forEachOperation(
        (name, operation) -> {
          Set<String> declared = new TreeSet<>();
          for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = resolve(parameter);
            if (resolved.path("in").asText().equals("path")) {
              assertThat(resolved.path("required").asBoolean()).as("%s", name).isTrue();
              declared.add(resolved.path("name").asText());
            }
          }
          Set<String> inTemplate = new TreeSet<>();
          Matcher matcher = PATH_PARAMETER.matcher(name);
          while (matcher.find()) {
            inTemplate.add(matcher.group(1));
          }

          assertThat(declared).as("path parameters of %s", name).isEqualTo(inTemplate);
        });
  }

  @Test
  void everyTokenRoute_describesTheErrorDocumentAnd429WithRetryAfter() {
    forEachOperation(
        (name, operation) -> {
          if (operation.has("security") && operation.path("security").isEmpty()) {
            return;
          }
          JsonNode responses = operation.path("responses");
          assertThat(
                  resolve(responses.path("401"))
                      .at("/content/application~1json/schema/$ref")
                      .asText())
              .as("%s 401", name)
              .isEqualTo("#/components/schemas/Error");
          assertThat(resolve(responses.path("429")).at("/headers/Retry-After").isObject())
              .as("%s 429 carries Retry-After", name)
              .isTrue();
        });
    assertThat(document.root.at("/components/schemas/Error/required").toString())
        .isEqualTo("[\"code\",\"message\"]");
  }

  @Test
  void onlyProbesScraperAndThisDocument_needNoToken() {
    Set<String> open = new TreeSet<>();
    forEachOperation(
        (name, operation) -> {
          if (operation.has("security") && operation.path("security").isEmpty()) {
            open.add(name);
          }
        });

    assertThat(open)
        .containsExactly("GET /healthz", "GET /metrics", "GET /readyz", "GET /v1/openapi.json");
  }

  @Test
  void replyProblems_fittingReply_areNone() {
    byte[] reply = "{\"vaultId\":\"v\",\"suite\":\"GM\",\"logSize\":12}".getBytes(UTF_8);

    assertThat(document.replyProblems("GET", "/v1/status", 200, reply)).isEmpty();
  }

  /** The stringly typed JSON the API used to be criticised for is caught by the schemas. */
  @Test
  void replyProblems_numberAsString_isNamed() {
    byte[] reply = "{\"vaultId\":\"v\",\"suite\":\"GM\",\"logSize\":\"12\"}".getBytes(UTF_8);

    assertThat(document.replyProblems("GET", "/v1/status", 200, reply))
        .singleElement()
        .asString()
        .contains("logSize");
  }

  @Test
  void replyProblems_undocumentedStatus_isNamed() {
    assertThat(document.replyProblems("GET", "/v1/whoami", 418, "{}".getBytes(UTF_8)))
        .containsExactly("GET /v1/whoami does not document status 418");
  }

  private void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
    for (Map.Entry<String, JsonNode> path : document.root.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        action.accept(
            operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
            operation.getValue());
      }
    }
  }

  private JsonNode resolve(JsonNode node) {
    return document.resolve(node);
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.has("$ref")) {
      references.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectReferences(child, references));
  }
}
