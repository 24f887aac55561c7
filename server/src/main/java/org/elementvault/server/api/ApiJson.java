package org.elementvault.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.exec.ReleaseProtection.ColumnNoise;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON mapping of {@link VaultApi}'s values, used by both ends of the wire and by the CLI's
 * {@code --output json}: times as ISO 8601 text, bytes (hashes, Merkle roots, signatures) as
 * lower-case hex like the log export and the CLI's tables, column types as their schema text
 * ({@code DECIMAL(12,2)}), and results with every value typed by its column. Reading is strict: an
 * unknown property, a missing primitive, a number for an enum or trailing content is an error.
 */
public final class ApiJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(
              new SimpleModule("elementvault-api")
                  .addSerializer(byte[].class, new HexSerializer())
                  .addDeserializer(byte[].class, new HexDeserializer())
                  .addSerializer(ColumnType.class, new ColumnTypeSerializer())
                  .addDeserializer(ColumnType.class, new ColumnTypeDeserializer())
                  .addSerializer(ElementResult.class, new ResultSerializer())
                  .addDeserializer(ElementResult.class, new ResultDeserializer()))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private ApiJson() {}

  /** The configured mapper; thread-safe, never to be reconfigured. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static final class HexSerializer extends StdSerializer<byte[]> {
    HexSerializer() {
      super(byte[].class);
    }

    @Override
    public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(HexFormat.of().formatHex(value));
    }
  }

  private static final class HexDeserializer extends StdDeserializer<byte[]> {
    HexDeserializer() {
      super(byte[].class);
    }

    @Override
    public byte[] deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (byte[]) context.handleUnexpectedToken(byte[].class, parser);
      }
      try {
        return HexFormat.of().parseHex(parser.getText());
      } catch (IllegalArgumentException e) {
        return (byte[]) context.handleWeirdStringValue(byte[].class, "", "not hex");
      }
    }
  }

  private static final class ColumnTypeSerializer extends StdSerializer<ColumnType> {
    ColumnTypeSerializer() {
      super(ColumnType.class);
    }

    @Override
    public void serialize(ColumnType value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class ColumnTypeDeserializer extends StdDeserializer<ColumnType> {
    ColumnTypeDeserializer() {
      super(ColumnType.class);
    }

    @Override
    public ColumnType deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (ColumnType) context.handleUnexpectedToken(ColumnType.class, parser);
      }
      try {
        return ColumnType.parse(parser.getText());
      } catch (VaultException e) {
        return (ColumnType)
            context.handleWeirdStringValue(ColumnType.class, parser.getText(), "not a column type");
      }
    }
  }

  /**
   * {@code {"columns": [{"name": …, "type": …}, …], "rows": [[…], …]}}: numbers and booleans as
   * JSON numbers and booleans (a non-finite double as its name in a string), decimals in plain
   * notation with their scale, dates and timestamps as ISO 8601 text.
   */
  private static final class ResultSerializer extends StdSerializer<ElementResult> {
    ResultSerializer() {
      super(ElementResult.class);
    }

    @Override
    public void serialize(ElementResult result, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeArrayFieldStart("columns");
      for (ResultColumn column : result.columns()) {
        gen.writeStartObject();
        gen.writeStringField("name", column.name());
        gen.writeStringField("type", column.type().toString());
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeArrayFieldStart("rows");
      for (List<@Nullable Object> row : result.rows()) {
        gen.writeStartArray();
        for (int c = 0; c < row.size(); c++) {
          write(gen, result.columns().get(c).type(), row.get(c));
        }
        gen.writeEndArray();
      }
      gen.writeEndArray();
      writeProtection(gen, result.protection());
      gen.writeEndObject();
    }

    /**
     * {@code "protection": {"mechanism": "dp", "epsilon": 0.5, "delta": 0.000001,
     * "releaseThreshold": 66, "columns": {"n": {"noiseSd": 4.24}, "s": {"noise": "…"}}}}: the dp
     * parameters only under dp, and per column an SD or, where it would depend on the data, a
     * description.
     */
    private static void writeProtection(JsonGenerator gen, ReleaseProtection protection)
        throws IOException {
      gen.writeObjectFieldStart("protection");
      gen.writeStringField("mechanism", protection.mechanism().name().toLowerCase(Locale.ROOT));
      if (protection.epsilon() != null) {
        gen.writeNumberField("epsilon", protection.epsilon());
      }
      if (protection.delta() != null) {
        gen.writeNumberField("delta", protection.delta());
      }
      if (protection.releaseThreshold() != null) {
        gen.writeNumberField("releaseThreshold", new BigDecimal(protection.releaseThreshold()));
      }
      gen.writeObjectFieldStart("columns");
      for (Map.Entry<String, ColumnNoise> column : protection.columns().entrySet()) {
        gen.writeObjectFieldStart(column.getKey());
        if (column.getValue().noiseSd() != null) {
          gen.writeNumberField("noiseSd", column.getValue().noiseSd());
        }
        if (column.getValue().note() != null) {
          gen.writeStringField("noise", column.getValue().note());
        }
        gen.writeEndObject();
      }
      gen.writeEndObject();
      gen.writeEndObject();
    }

    private static void write(JsonGenerator gen, ColumnType type, @Nullable Object value)
        throws IOException {
      if (value == null) {
        gen.writeNull();
        return;
      }
      switch (type.kind()) {
        case BOOLEAN -> gen.writeBoolean((Boolean) value);
        case INT -> gen.writeNumber((Integer) value);
        case BIGINT -> gen.writeNumber((Long) value);
        case DOUBLE -> {
          double number = (Double) value;
          if (Double.isFinite(number)) {
            gen.writeNumber(number);
          } else {
            gen.writeString(Double.toString(number));
          }
        }
        case DECIMAL -> gen.writeNumber((BigDecimal) value);
        case STRING -> gen.writeString((String) value);
        case DATE -> gen.writeString(value.toString());
        case TIMESTAMP -> gen.writeString(value.toString());
      }
    }
  }

  private static final class ResultDeserializer extends StdDeserializer<ElementResult> {
    ResultDeserializer() {
      super(ElementResult.class);
    }

    @Override
    public ElementResult deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      expect(parser, context, JsonToken.START_OBJECT);
      List<ResultColumn> columns = null;
      List<List<@Nullable Object>> rows = null;
      ReleaseProtection protection = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        if (field.equals("columns") && columns == null) {
          columns = columns(parser, context);
        } else if (field.equals("rows") && columns != null && rows == null) {
          rows = rows(parser, context, columns);
        } else if (field.equals("protection") && rows != null && protection == null) {
          parser.nextToken();
          protection = protection(context.readTree(parser), context);
        } else {
          throw context.weirdKeyException(
              ElementResult.class, field, "expected columns, rows, then protection, once each");
        }
      }
      if (columns == null || rows == null) {
        throw context.instantiationException(ElementResult.class, "needs columns and rows");
      }
      try {
        return new ElementResult(
            columns,
            rows,
            protection == null ? ReleaseProtection.NONE : protection,
            Optional.empty());
      } catch (IllegalArgumentException e) {
        throw context.instantiationException(ElementResult.class, e);
      }
    }

    private static ReleaseProtection protection(JsonNode node, DeserializationContext context)
        throws IOException {
      try {
        ReleaseProtection.Mechanism mechanism =
            ReleaseProtection.Mechanism.valueOf(
                node.required("mechanism").textValue().toUpperCase(Locale.ROOT));
        Map<String, ColumnNoise> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : node.required("columns").properties()) {
          JsonNode sd = column.getValue().get("noiseSd");
          JsonNode note = column.getValue().get("noise");
          columns.put(
              column.getKey(),
              new ColumnNoise(
                  sd == null ? null : sd.decimalValue(), note == null ? null : note.textValue()));
        }
        JsonNode threshold = node.get("releaseThreshold");
        return new ReleaseProtection(
            mechanism,
            node.has("epsilon") ? node.get("epsilon").decimalValue() : null,
            node.has("delta") ? node.get("delta").decimalValue() : null,
            threshold == null ? null : threshold.bigIntegerValue(),
            columns);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw context.instantiationException(ReleaseProtection.class, e);
      }
    }

    private static List<ResultColumn> columns(JsonParser parser, DeserializationContext context)
        throws IOException {
      next(parser, context, JsonToken.START_ARRAY);
      List<ResultColumn> columns = new ArrayList<>();
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        String name = null;
        ColumnType type = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          next(parser, context, JsonToken.VALUE_STRING);
          if (field.equals("name") && name == null) {
            name = parser.getText();
          } else if (field.equals("type") && type == null) {
            type = context.readValue(parser, ColumnType.class);
          } else {
            throw context.weirdKeyException(ResultColumn.class, field, "expected name and type");
          }
        }
        if (name == null || type == null) {
          throw context.instantiationException(ResultColumn.class, "needs name and type");
        }
        columns.add(new ResultColumn(name, type));
      }
      expect(parser, context, JsonToken.END_ARRAY);
      return columns;
    }

    private static List<List<@Nullable Object>> rows(
        JsonParser parser, DeserializationContext context, List<ResultColumn> columns)
        throws IOException {
      next(parser, context, JsonToken.START_ARRAY);
      List<List<@Nullable Object>> rows = new ArrayList<>();
      while (parser.nextToken() == JsonToken.START_ARRAY) {
        List<@Nullable Object> row = new ArrayList<>(columns.size());
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (row.size() == columns.size()) {
            throw context.instantiationException(ElementResult.class, "a row has too many values");
          }
          row.add(value(parser, context, columns.get(row.size()).type()));
        }
        rows.add(row);
      }
      expect(parser, context, JsonToken.END_ARRAY);
      return rows;
    }

    private static @Nullable Object value(
        JsonParser parser, DeserializationContext context, ColumnType type) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      try {
        return switch (type.kind()) {
          case BOOLEAN -> {
            if (!token.isBoolean()) {
              throw mismatch(context, type);
            }
            yield parser.getBooleanValue();
          }
          case INT -> {
            requireInteger(parser, context, type);
            yield parser.getIntValue();
          }
          case BIGINT -> {
            requireInteger(parser, context, type);
            yield parser.getLongValue();
          }
          case DOUBLE -> {
            if (token == JsonToken.VALUE_STRING) {
              double special = Double.parseDouble(parser.getText());
              if (Double.isFinite(special)) {
                throw mismatch(context, type);
              }
              yield special;
            }
            if (!token.isNumeric()) {
              throw mismatch(context, type);
            }
            yield parser.getDoubleValue();
          }
          case DECIMAL -> {
            if (!token.isNumeric()) {
              throw mismatch(context, type);
            }
            yield parser.getDecimalValue();
          }
          case STRING -> {
            requireString(parser, context, type);
            yield parser.getText();
          }
          case DATE -> {
            requireString(parser, context, type);
            yield LocalDate.parse(parser.getText());
          }
          case TIMESTAMP -> {
            requireString(parser, context, type);
            yield Instant.parse(parser.getText());
          }
        };
      } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
        throw mismatch(context, type);
      }
    }

    private static void requireInteger(
        JsonParser parser, DeserializationContext context, ColumnType type) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw mismatch(context, type);
      }
    }

    private static void requireString(
        JsonParser parser, DeserializationContext context, ColumnType type) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw mismatch(context, type);
      }
    }

    private static IOException mismatch(DeserializationContext context, ColumnType type) {
      // Names the column type only: the value may be data.
      return context.instantiationException(
          ElementResult.class, "a value does not fit its column type " + type);
    }

    private static void next(JsonParser parser, DeserializationContext context, JsonToken token)
        throws IOException {
      var unused = parser.nextToken();
      expect(parser, context, token);
    }

    private static void expect(JsonParser parser, DeserializationContext context, JsonToken token)
        throws IOException {
      if (parser.currentToken() != token) {
        context.reportWrongTokenException(ElementResult.class, token, "in an element result");
      }
    }
  }
}
