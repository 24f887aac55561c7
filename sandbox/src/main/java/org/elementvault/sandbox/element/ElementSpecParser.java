package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Reads an element design spec ({@code E.yaml}, DESIGN.md "File formats") strictly:
 *
 * <pre>{@code
 * name: income-by-district
 * type: DATASET                    # DATASET | FEATURE
 * scenario: regional income statistics for a credit product
 * purpose: credit risk pricing
 * datasets: [residents]
 * query: |
 *   SELECT district, COUNT(*) AS people FROM residents GROUP BY district
 * threshold: 10                    # optional, default 10, 2 to 1,000,000
 * valid_days: 90                   # optional, default 90, 1 to 3650
 * function_design: free text       # optional
 * }</pre>
 *
 * <h2>What is refused</h2>
 *
 * Every refusal is a {@link VaultException} {@code USER_ERROR} whose message starts with {@code
 * spec:} and names the key and the rule: unknown keys (a typo is not ignored), a key given twice, a
 * missing required key, a list or map where a single value belongs, numbers that are not whole or
 * out of range, and every rule of {@link ElementSpec}'s constructor.
 *
 * <h2>Hostile files</h2>
 *
 * The file is refused above {@value #MAX_FILE_BYTES} bytes before it is parsed, must be UTF-8 and a
 * single document, and may not use anchors, aliases or tags, which rules out alias-expansion bombs.
 * The reader walks the token stream and refuses any nesting the format does not have at its first
 * token. Values are never echoed, and the YAML library's own exception is not attached, because its
 * message may quote the file. Thread-safe: it keeps no state between calls.
 */
public final class ElementSpecParser {

  /** The largest spec file read. */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private static final String NAME = "name";
  private static final String TYPE = "type";
  private static final String SCENARIO = "scenario";
  private static final String PURPOSE = "purpose";
  private static final String DATASETS = "datasets";
  private static final String QUERY = "query";
  private static final String THRESHOLD = "threshold";
  private static final String VALID_DAYS = "valid_days";
  private static final String FUNCTION_DESIGN = "function_design";

  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(4)
                  .maxNameLength(1024)
                  .maxStringLength(MAX_FILE_BYTES)
                  .maxDocumentLength(MAX_FILE_BYTES)
                  .maxNumberLength(32)
                  .build())
          .disable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .build();

  private ElementSpecParser() {}

  /**
   * Reads a spec file.
   *
   * @param yaml the file's bytes, UTF-8 (a leading byte order mark is skipped)
   * @throws VaultException {@code USER_ERROR} naming the key and the rule broken
   */
  public static ElementSpec parse(byte[] yaml) {
    if (yaml.length > MAX_FILE_BYTES) {
      throw userError(ElementMessages.FILE_TOO_LARGE);
    }
    String text = decodeUtf8(yaml);
    if (text.isBlank()) {
      throw userError(ElementMessages.FILE_EMPTY);
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      return new Reader(parser).spec();
    } catch (VaultException e) {
      throw e;
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      throw userError(
          location == null
              ? ElementMessages.notYaml(0, 0)
              : ElementMessages.notYaml(location.getLineNr(), location.getColumnNr()));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML throws its own unchecked exceptions for some malformed input; their messages
      // quote the file, so neither they nor their messages travel on.
      throw userError(ElementMessages.notYaml(0, 0));
    }
  }

  private static String decodeUtf8(byte[] yaml) {
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(yaml));
    } catch (CharacterCodingException e) {
      throw userError(ElementMessages.NOT_UTF8);
    }
    String text = chars.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** One pass over one file's tokens. */
  private static final class Reader {
    private final JsonParser parser;
    private final Map<String, Scalar> scalars = new HashMap<>();
    private @Nullable List<String> datasets;

    Reader(JsonParser parser) {
      this.parser = parser;
    }

    ElementSpec spec() throws IOException {
      if (parser.nextToken() == null) {
        throw userError(ElementMessages.FILE_EMPTY); // only comments
      }
      checkNoAnchorAliasOrTag();
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw userError(ElementMessages.NOT_A_MAP);
      }
      for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
        String key = parser.currentName();
        if (!ElementMessages.KEYS.contains(key)) {
          throw userError(ElementMessages.unknownKey(key));
        }
        if (scalars.containsKey(key) || (DATASETS.equals(key) && datasets != null)) {
          throw userError(ElementMessages.duplicateKey(key));
        }
        JsonToken value = next();
        if (DATASETS.equals(key)) {
          datasets = datasets(value);
        } else if (value.isScalarValue()) {
          scalars.put(key, new Scalar(value, parser.getText()));
        } else {
          throw userError(
              THRESHOLD.equals(key) || VALID_DAYS.equals(key)
                  ? ElementMessages.notWholeNumber(key)
                  : ElementMessages.notText(key));
        }
      }
      if (parser.nextToken() != null) {
        throw userError(ElementMessages.SEVERAL_DOCUMENTS);
      }
      return build();
    }

    private ElementSpec build() {
      String name = required(NAME, true);
      String typeText = required(TYPE, false);
      ElementType type = null;
      for (ElementType candidate : ElementType.values()) {
        if (candidate.name().equals(typeText)) {
          type = candidate;
        }
      }
      if (type == null) {
        throw userError(ElementMessages.unknownType(typeText));
      }
      String scenario = required(SCENARIO, false);
      String purpose = required(PURPOSE, false);
      if (datasets == null) {
        throw userError(ElementMessages.missingKey(DATASETS));
      }
      String query = required(QUERY, false);
      int threshold = number(THRESHOLD, ElementSpec.DEFAULT_THRESHOLD, ElementMessages.THRESHOLD);
      int validDays =
          number(VALID_DAYS, ElementSpec.DEFAULT_VALID_DAYS, ElementMessages.VALID_DAYS);
      String functionDesign = optionalText(FUNCTION_DESIGN);
      return new ElementSpec(
          name, type, scenario, purpose, datasets, query, threshold, validDays, functionDesign);
    }

    /** A required single value; names may be written as numbers ({@code 2024}), text may not. */
    private String required(String key, boolean nameLike) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        throw userError(ElementMessages.missingKey(key));
      }
      boolean text =
          value.token() == JsonToken.VALUE_STRING
              || (nameLike && value.token() == JsonToken.VALUE_NUMBER_INT);
      if (!text) {
        throw userError(ElementMessages.notText(key));
      }
      return value.text();
    }

    private @Nullable String optionalText(String key) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        return null;
      }
      return required(key, false);
    }

    private int number(String key, int defaultValue, String rangeMessage) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        return defaultValue;
      }
      if (value.token() != JsonToken.VALUE_NUMBER_INT) {
        throw userError(ElementMessages.notWholeNumber(key));
      }
      String digits = value.text().startsWith("+") ? value.text().substring(1) : value.text();
      if (!digits.matches("-?[0-9]{1,9}")) {
        // Hexadecimal, octal or underscored forms are not plain numbers; longer ones overflow.
        throw userError(
            digits.matches("-?[0-9]+") ? rangeMessage : ElementMessages.notWholeNumber(key));
      }
      return Integer.parseInt(digits);
    }

    private List<String> datasets(JsonToken token) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        throw userError(ElementMessages.DATASETS_NOT_A_LIST);
      }
      List<String> names = new ArrayList<>();
      for (JsonToken entry = next(); entry != JsonToken.END_ARRAY; entry = next()) {
        if (entry != JsonToken.VALUE_STRING && entry != JsonToken.VALUE_NUMBER_INT) {
          throw userError(ElementMessages.DATASETS_NOT_A_LIST);
        }
        if (names.size() == ElementSpec.MAX_DATASETS) {
          throw userError(ElementMessages.NO_DATASETS);
        }
        names.add(parser.getText());
      }
      return names;
    }

    /**
     * Advances inside the document, refusing anchors, aliases and tags on every token; the end of
     * input here means the document is cut short.
     */
    private JsonToken next() throws IOException {
      JsonToken token = parser.nextToken();
      if (token == null) {
        JsonLocation location = parser.currentLocation();
        throw userError(ElementMessages.notYaml(location.getLineNr(), location.getColumnNr()));
      }
      checkNoAnchorAliasOrTag();
      return token;
    }

    private void checkNoAnchorAliasOrTag() throws IOException {
      if (parser instanceof YAMLParser yaml
          && (yaml.isCurrentAlias() || yaml.getObjectId() != null || yaml.getTypeId() != null)) {
        throw userError(ElementMessages.ANCHORS_ALIASES_TAGS);
      }
    }
  }

  /** A scalar value as YAML read it: its token (string, number, boolean, null) and its text. */
  private record Scalar(JsonToken token, String text) {}
}
