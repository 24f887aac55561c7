package org.elementvault.engine.oplog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import org.elementvault.crypto.merkle.SignedTreeHead;

/**
 * The JSON layout of a log export, shared by {@link LogExporter} (writes) and {@link
 * ExportVerifier} (reads); the layout itself is documented on {@link LogExporter}.
 */
final class ExportFormat {

  static final String FORMAT = "evault/log-export/v1";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HexFormat HEX = HexFormat.of();

  private ExportFormat() {}

  static void writeEntry(JsonGenerator json, LogEntry entry) throws IOException {
    LogRecord record = entry.record();
    json.writeStartObject();
    json.writeNumberField("sequence", entry.sequence());
    json.writeStringField("time", entry.time().toString());
    json.writeStringField("actor", record.actor());
    json.writeStringField("tenant", record.tenant());
    json.writeStringField("action", record.action());
    json.writeStringField("target", record.target());
    json.writeStringField("outcome", record.outcome().name());
    json.writeStringField("details", record.details());
    json.writeStringField("previousHash", HEX.formatHex(entry.previousHash()));
    json.writeStringField("hash", HEX.formatHex(entry.hash()));
    json.writeEndObject();
  }

  /**
   * The entry an exported JSON object describes.
   *
   * @throws IllegalArgumentException if a field is missing, mistyped or malformed
   */
  static LogEntry readEntry(JsonNode json) {
    JsonNode sequence = json.get("sequence");
    if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.canConvertToLong()) {
      throw new IllegalArgumentException("missing sequence");
    }
    LogRecord record =
        new LogRecord(
            text(json, "actor"),
            text(json, "tenant"),
            text(json, "action"),
            text(json, "target"),
            Outcome.valueOf(text(json, "outcome")),
            text(json, "details"));
    return new LogEntry(
        sequence.asLong(),
        Instant.parse(text(json, "time")),
        record,
        HEX.parseHex(text(json, "previousHash")),
        HEX.parseHex(text(json, "hash")));
  }

  static void writeTreeHead(JsonGenerator json, SignedTreeHead head) throws IOException {
    json.writeStartObject();
    json.writeNumberField("treeSize", head.treeSize());
    json.writeStringField("rootHash", HEX.formatHex(head.rootHash()));
    json.writeNumberField("timestampMillis", head.timestampMillis());
    json.writeStringField("signature", HEX.formatHex(head.signature()));
    json.writeEndObject();
  }

  /**
   * The tree head an exported JSON object describes; its signature is not checked here.
   *
   * @throws IllegalArgumentException if a field is missing, mistyped or out of range
   */
  static SignedTreeHead readTreeHead(JsonNode json) {
    return new SignedTreeHead(
        number(json, "treeSize"),
        HEX.parseHex(text(json, "rootHash")),
        number(json, "timestampMillis"),
        HEX.parseHex(text(json, "signature")));
  }

  static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value.asText();
  }

  private static long number(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value.asLong();
  }
}
