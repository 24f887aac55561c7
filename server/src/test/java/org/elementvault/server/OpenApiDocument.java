package org.elementvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.elementvault.server.api.ApiJson;

/**
 * The checked-in OpenAPI document as the tests read it: its operations as {@code "GET
 * /v1/tenants/{tenant}"} and whether a concrete request path is one of them.
 */
final class OpenApiDocument {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument load() {
    try {
      return new OpenApiDocument(ApiJson.mapper().readTree(OpenApiRoutes.document()));
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
    return operations().stream()
        .map(operation -> operation.split(" ", 2))
        .filter(operation -> operation[0].equals(method))
        .anyMatch(operation -> matches(operation[1], path));
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
