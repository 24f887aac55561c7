package org.elementvault.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.jspecify.annotations.Nullable;

/**
 * Prints an element's result: aligned columns, CSV with a header row, or the HTTP API's JSON
 * document ({@code columns}, {@code rows} with typed values, and the {@code protection} the result
 * carries: mechanism, and per aggregate its noise SD or how its noise is made).
 */
final class ResultOutput {

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
    Rendering.printApiJson(out, result);
  }

  private static String text(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }
}
