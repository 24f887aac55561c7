package org.elementvault.server.http;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ResultCodec;
import org.jspecify.annotations.Nullable;

/**
 * A released result as CSV (RFC 4180, header row, CRLF-free like the CLI's output) or as an Arrow
 * IPC stream; JSON goes through {@link org.elementvault.server.api.ApiJson}.
 */
public final class ResultEncoding {

  /** The Arrow memory one encoding may use: results are bounded by the sandbox's row limit. */
  private static final long ARROW_MEMORY = 512L * 1024 * 1024;

  private ResultEncoding() {}

  /** The result as CSV with a header row, values as the CLI prints them. */
  public static byte[] csv(ElementResult result) {
    StringBuilder out = new StringBuilder();
    out.append(result.columns().stream().map(c -> field(c.name())).collect(Collectors.joining(",")))
        .append('\n');
    for (List<@Nullable Object> row : result.rows()) {
      out.append(
              row.stream()
                  .map(v -> v == null ? "" : field(text(v)))
                  .collect(Collectors.joining(",")))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The result as an Arrow IPC stream. */
  public static byte[] arrow(ElementResult result) {
    try (BufferAllocator allocator = new RootAllocator(ARROW_MEMORY)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ResultCodec.write(result, allocator, out);
      return out.toByteArray();
    }
  }

  private static String text(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }

  /** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
  private static String field(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
