package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.StrictYaml;
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
 * protection: noise                # optional, the default and, for now, the only one
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
  private static final String PROTECTION = "protection";

  /** The one release protection built so far (DESIGN.md, Release protection). */
  private static final String NOISE = "noise";

  private static final StrictYaml YAML = new StrictYaml("spec", MAX_FILE_BYTES, 4);

  private ElementSpecParser() {}

  /**
   * Reads a spec file.
   *
   * @param yaml the file's bytes, UTF-8 (a leading byte order mark is skipped)
   * @throws VaultException {@code USER_ERROR} naming the key and the rule broken
   */
  public static ElementSpec parse(byte[] yaml) {
    return YAML.read(yaml, tokens -> new Reader(tokens).spec());
  }

  /** One pass over one file's tokens. */
  private static final class Reader {
    private final StrictYaml.Tokens tokens;
    private final JsonParser parser;
    private final Map<String, Scalar> scalars = new HashMap<>();
    private @Nullable List<String> datasets;

    Reader(StrictYaml.Tokens tokens) {
      this.tokens = tokens;
      this.parser = tokens.parser();
    }

    ElementSpec spec() throws IOException {
      if (tokens.current() != JsonToken.START_OBJECT) {
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
      String protection = optionalText(PROTECTION);
      if (protection != null && !protection.equals(NOISE)) {
        throw userError(ElementMessages.unknownProtection(protection));
      }
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

    private JsonToken next() throws IOException {
      return tokens.next();
    }
  }

  /** A scalar value as YAML read it: its token (string, number, boolean, null) and its text. */
  private record Scalar(JsonToken token, String text) {}
}
