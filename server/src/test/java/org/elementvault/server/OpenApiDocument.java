package org.elementvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.elementvault.server.api.ApiJson;

/**
 * The checked-in OpenAPI document as the tests read it: its operations as {@code "GET
 * /v1/tenants/{tenant}"}, whether a concrete request path is one of them, and whether a reply
 * matches the schema the document gives for its status (JSON Schema 2020-12, OpenAPI 3.1's dialect,
 * checked by networknt's validator).
 */
final class OpenApiDocument {

  /** Where the validator finds the document; never fetched. */
  private static final String IRI = "https://elementvault.invalid/v1/openapi.json";

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  final JsonNode root;
  private final SchemaRegistry schemas;

  private OpenApiDocument(JsonNode root, String text) {
    this.root = root;
    this.schemas =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(IRI, text)));
  }

  static OpenApiDocument load() {
    byte[] document = OpenApiRoutes.document();
    try {
      return new OpenApiDocument(
          ApiJson.mapper().readTree(document), new String(document, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every operation, as {@code METHOD template}. */
  Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next();
        if (METHODS.contains(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    return operations;
  }

  /** Whether {@code method} on {@code path} (no query) is a documented operation. */
  boolean describes(String method, String path) {
    return operation(method, path).isPresent();
  }

  /**
   * What is wrong with a JSON reply to {@code method} on {@code path}: an operation or a status the
   * document lacks, or every way {@code body} departs from the status's schema. Empty if it fits.
   */
  List<String> replyProblems(String method, String path, int status, byte[] body) {
    Optional<JsonNode> operation = operation(method, path);
    if (operation.isEmpty()) {
      return List.of("no operation " + method + " " + path);
    }
    JsonNode response = resolve(operation.get().path("responses").path(Integer.toString(status)));
    if (response.isMissingNode()) {
      return List.of(method + " " + path + " does not document status " + status);
    }
    JsonNode schema = response.at("/content/application~1json/schema");
    if (schema.isMissingNode()) {
      return List.of(method + " " + path + " " + status + " documents no JSON reply");
    }
    try {
      // The operation's schema refers into the document: make its references absolute.
      JsonNode absolute =
          ApiJson.mapper().readTree(schema.toString().replace("\"#/", "\"" + IRI + "#/"));
      return schemas.getSchema(absolute).validate(ApiJson.mapper().readTree(body)).stream()
          .map(Error::toString)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? root.at(node.get("$ref").asText().substring(1)) : node;
  }

  private Optional<JsonNode> operation(String method, String path) {
    for (Map.Entry<String, JsonNode> entry : root.path("paths").properties()) {
      JsonNode operation = entry.getValue().path(method.toLowerCase(Locale.ROOT));
      if (!operation.isMissingNode() && matches(entry.getKey(), path)) {
        return Optional.of(operation);
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String template, String path) {
    List<String> parts = List.of(template.split("/", -1));
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      regex.append(i == 0 ? "" : "/");
      regex.append(part.startsWith("{") && part.endsWith("}") ? "[^/]+" : Pattern.quote(part));
    }
    return path.matches(regex.toString());
  }
}
