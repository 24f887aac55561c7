package org.elementvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.jspecify.annotations.Nullable;

/**
 * Prints an element's result: aligned columns, CSV with a header row, or a JSON array of objects
 * whose numbers and booleans stay typed.
 */
final class ResultOutput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultOutput() {}

  static void print(PrintWriter out, OutputFormat format, ElementResult result) {
    List<String> names = result.columns().stream().map(ResultColumn::name).toList();
    if (format != OutputFormat.JSON) {
      List<List<String>> rows = new ArrayList<>();
      for (List<@Nullable Object> row : result.rows()) {
        rows.add(row.stream().map(v -> v == null ? "" : text(v)).toList());
      }
      Rendering.printTable(out, format, names, rows);
      return;
    }
    ArrayNode array = JSON.createArrayNode();
    for (List<@Nullable Object> row : result.rows()) {
      ObjectNode node = array.addObject();
      for (int i = 0; i < names.size(); i++) {
        Object value = row.get(i);
        String name = names.get(i);
        if (value == null) {
          node.putNull(name);
        } else if (value instanceof BigDecimal decimal) {
          node.put(name, decimal);
        } else if (value instanceof Long number) {
          node.put(name, number);
        } else if (value instanceof Integer number) {
          node.put(name, number);
        } else if (value instanceof Double number) {
          node.put(name, number);
        } else if (value instanceof Boolean bool) {
          node.put(name, bool);
        } else {
          node.put(name, value.toString());
        }
      }
    }
    try {
      out.println(JSON.writeValueAsString(array));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static String text(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }
}
