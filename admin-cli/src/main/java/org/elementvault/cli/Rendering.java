package org.elementvault.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.elementvault.server.api.ApiJson;
import org.jspecify.annotations.Nullable;

/** Renders command results in the chosen {@link OutputFormat}. */
final class Rendering {

  /** Writes decimals as written ({@code 10}, not {@code 1E+1}). */
  static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private Rendering() {}

  /**
   * Prints one value of the HTTP API: in JSON exactly as the API sends it (the API's field names,
   * types and encodings, so a script reads the same document from either), as a table or CSV the
   * human-oriented {@code fields}.
   */
  static void printValue(
      PrintWriter out,
      OutputFormat format,
      Object apiValue,
      Map<String, ? extends @Nullable Object> fields) {
    if (format == OutputFormat.JSON) {
      printApiJson(out, apiValue);
    } else {
      printObject(out, format, fields);
    }
  }

  /**
   * Prints a list: in JSON {@code document} (the API's array, or an object holding the list) as the
   * API writes it, as a table or CSV the {@code rows} under {@code columns}.
   */
  static void printValues(
      PrintWriter out,
      OutputFormat format,
      Object document,
      List<String> columns,
      List<List<String>> rows) {
    if (format == OutputFormat.JSON) {
      printApiJson(out, document);
    } else {
      printTable(out, format, columns, rows);
    }
  }

  /** Prints {@code apiValue} as the HTTP API sends it: its one JSON mapping. */
  static void printApiJson(PrintWriter out, Object apiValue) {
    try {
      out.println(ApiJson.mapper().writeValueAsString(apiValue));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the API's values always serialize", e);
    }
  }

  /**
   * Prints one result object: a two-column table, a JSON object, or a CSV header and one row. Keys
   * keep their insertion order; in JSON they are spelt as the HTTP API spells its fields ({@code
   * review_due} becomes {@code reviewDue}). Integer, long and decimal values are JSON numbers,
   * booleans JSON booleans and a null value JSON null (an empty cell in a table); every other value
   * is shown as its text.
   */
  static void printObject(
      PrintWriter out, OutputFormat format, Map<String, ? extends @Nullable Object> fields) {
    Map<String, String> ordered = new LinkedHashMap<>();
    fields.forEach((key, value) -> ordered.put(key, value == null ? "" : String.valueOf(value)));
    switch (format) {
      case TABLE -> {
        int width = ordered.keySet().stream().mapToInt(DisplayWidth::of).max().orElse(0);
        ordered.forEach((key, value) -> out.println(padRight(key, width) + "  " + value));
      }
      case JSON -> {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach(
            (key, value) -> {
              String name = apiName(key);
              if (value == null) {
                node.putNull(name);
              } else if (value instanceof Boolean flag) {
                node.put(name, flag);
              } else if (value instanceof Long number) {
                node.put(name, number);
              } else if (value instanceof Integer number) {
                node.put(name, number);
              } else if (value instanceof BigDecimal number) {
                node.put(name, number);
              } else {
                node.put(name, String.valueOf(value));
              }
            });
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

  /**
   * Prints rows: columns aligned by display width under a header, a JSON array of objects (keys
   * spelt as the HTTP API spells fields), or CSV with a header row. Every row has one value per
   * column.
   */
  static void printTable(
      PrintWriter out, OutputFormat format, List<String> columns, List<List<String>> rows) {
    switch (format) {
      case TABLE -> {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
          widths[i] = DisplayWidth.of(columns.get(i));
          for (List<String> row : rows) {
            widths[i] = Math.max(widths[i], DisplayWidth.of(row.get(i)));
          }
        }
        out.println(line(columns, widths));
        rows.forEach(row -> out.println(line(row, widths)));
      }
      case JSON -> {
        ArrayNode array = JSON.createArrayNode();
        for (List<String> row : rows) {
          ObjectNode node = array.addObject();
          for (int i = 0; i < columns.size(); i++) {
            node.put(apiName(columns.get(i)), row.get(i));
          }
        }
        try {
          out.println(JSON.writeValueAsString(array));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("a JSON tree always serializes", e);
        }
      }
      case CSV -> {
        out.println(columns.stream().map(Rendering::csv).collect(Collectors.joining(",")));
        rows.forEach(
            row -> out.println(row.stream().map(Rendering::csv).collect(Collectors.joining(","))));
      }
    }
  }

  /**
   * A column name as the HTTP API spells a field: {@code first_bad_entry} becomes {@code
   * firstBadEntry}. Tables and CSV headers keep the snake-case spelling people read.
   */
  static String apiName(String column) {
    StringBuilder name = new StringBuilder(column.length());
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  private static String line(List<String> values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      line.append(i == values.size() - 1 ? values.get(i) : padRight(values.get(i), widths[i] + 2));
    }
    return line.toString();
  }

  /** Pads to {@code width} terminal columns, so wide (CJK) characters keep columns aligned. */
  private static String padRight(String text, int width) {
    return text + " ".repeat(width - DisplayWidth.of(text));
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
