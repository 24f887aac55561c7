package org.elementvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders command results in the chosen {@link OutputFormat}. */
final class Rendering {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Rendering() {}

  /**
   * Prints one result object: a two-column table, a JSON object, or a CSV header and one row. Keys
   * keep their insertion order.
   */
  static void printObject(PrintWriter out, OutputFormat format, Map<String, String> fields) {
    Map<String, String> ordered = new LinkedHashMap<>(fields);
    switch (format) {
      case TABLE -> {
        int width = ordered.keySet().stream().mapToInt(String::length).max().orElse(0);
        ordered.forEach((key, value) -> out.println(padRight(key, width) + "  " + value));
      }
      case JSON -> {
        ObjectNode node = JSON.createObjectNode();
        ordered.forEach(node::put);
        try {
          out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("a JSON tree always serializes", e);
        }
      }
      case CSV -> {
        out.println(ordered.keySet().stream().map(Rendering::csv).collect(Collectors.joining(",")));
        out.println(ordered.values().stream().map(Rendering::csv).collect(Collectors.joining(",")));
      }
    }
  }

  private static String padRight(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  /** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
  static String csv(String field) {
    if (field.contains(",")
        || field.contains("\"")
        || field.contains("\n")
        || field.contains("\r")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }
}
