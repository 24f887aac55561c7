package org.elementvault.engine.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.StrictYaml;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a dataset schema file ({@code S.yaml}, DESIGN.md "File formats") strictly:
 *
 * <pre>{@code
 * subject: id_card                 # the column a row is about
 * open_category: CONDITIONAL       # NONE | CONDITIONAL | UNCONDITIONAL
 * columns:
 *   - {name: id_card,    type: STRING, level: SENSITIVE, pii: ID_CARD, check_format: true}
 *   - {name: birth_date, type: DATE,   level: SENSITIVE, pii: BIRTH_DATE, quasi_identifier: true}
 *   - {name: income,     type: DECIMAL(12,2), level: IMPORTANT}
 * }</pre>
 *
 * <p>The three top-level keys and {@code name}, {@code type}, {@code level} of each column are
 * required; {@code DECIMAL(p,s)} may be written unquoted even in a flow map, where YAML splits it
 * at the comma (the parts are rejoined); {@code pii} defaults to {@code NONE}, {@code
 * quasi_identifier} and {@code check_format} to {@code false}. Keywords are upper case as shown;
 * booleans are {@code true} or {@code false}.
 *
 * <h2>What is refused</h2>
 *
 * Every refusal is a {@link VaultException} {@code USER_ERROR} naming the field or column and the
 * rule: unknown keys anywhere (a typo like {@code levle} is not ignored), a key given twice, a
 * missing or unknown subject, type, level, PII type or open category, invalid or duplicate column
 * names, no columns or more than {@value Schema#MAX_COLUMNS}, {@code check_format} on a PII type
 * without a checkable format, and any column marked or named as a password or PIN, which must not
 * be stored in the vault at all.
 *
 * <h2>Hostile files</h2>
 *
 * The file is refused above 1 MiB before it is parsed, must be UTF-8 and a single document, and may
 * not use anchors, aliases or tags (a schema never needs them, and refusing them outright rules out
 * alias-expansion bombs). The reader walks the token stream itself and refuses any nesting the
 * format does not have at the first token, so depth never exceeds three levels; the factory's
 * {@link StreamReadConstraints} bound nesting, names and strings as a second line. SnakeYAML's
 * {@code LoaderOptions} limits (aliases, nesting, duplicate keys) belong to its composer, which
 * Jackson's event-based parser does not use; the rules above replace them. The content of a refused
 * file is never repeated except column names that passed {@link Names#check} and plain words (see
 * {@link org.elementvault.engine.StrictYaml#shown}); the parser's own exception is not attached as
 * a cause, because its message may quote the file.
 *
 * <p>Thread-safe: it keeps no state between calls.
 */
public final class SchemaParser {

  /** The largest schema file read: far more than 1024 columns need. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private static final String SUBJECT = "subject";
  private static final String OPEN_CATEGORY = "open_category";
  private static final String COLUMNS = "columns";
  private static final Set<String> TOP_KEYS = Set.of(SUBJECT, OPEN_CATEGORY, COLUMNS);

  private static final String NAME = "name";
  private static final String TYPE = "type";
  private static final String LEVEL = "level";
  private static final String PII = "pii";
  private static final String QUASI_IDENTIFIER = "quasi_identifier";
  private static final String CHECK_FORMAT = "check_format";
  private static final Set<String> COLUMN_KEYS =
      Set.of(NAME, TYPE, LEVEL, PII, QUASI_IDENTIFIER, CHECK_FORMAT);

  /** Markings of a column that must not be stored, compared after ASCII upper-casing. */
  private static final Set<String> SECRET_MARKINGS =
      Set.of("PASSWORD", "PASSWD", "PWD", "PIN", "PIN_CODE", "PINCODE", "PASSCODE");

  private static final StrictYaml YAML = new StrictYaml("schema", MAX_FILE_BYTES, 8);

  private SchemaParser() {}

  /**
   * Reads a schema file.
   *
   * @param yaml the file's bytes, UTF-8 (a leading byte order mark is skipped)
   * @throws VaultException {@code USER_ERROR} naming the field or column and the rule broken
   */
  public static Schema parse(byte[] yaml) {
    return YAML.read(yaml, tokens -> new Reader(tokens).schema());
  }

  private static VaultException userError(String message) {
    return new VaultException(ErrorCode.USER_ERROR, message);
  }

  /** One pass over one file's tokens. */
  private static final class Reader {
    private final StrictYaml.Tokens tokens;
    private final JsonParser parser;

    Reader(StrictYaml.Tokens tokens) {
      this.tokens = tokens;
      this.parser = tokens.parser();
    }

    Schema schema() throws IOException {
      if (tokens.current() != JsonToken.START_OBJECT) {
        throw userError(DatasetMessages.NOT_A_MAP);
      }
      String subject = null;
      String openCategory = null;
      List<Column> columns = null;
      boolean sawSubject = false;
      boolean sawOpenCategory = false;
      for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
        String key = parser.currentName();
        if (!TOP_KEYS.contains(key)) {
          throw userError(DatasetMessages.unknownTopKey(key));
        }
        JsonToken value = next();
        switch (key) {
          case SUBJECT -> {
            if (sawSubject) {
              throw userError(DatasetMessages.duplicateTopKey(key));
            }
            sawSubject = true;
            subject = scalar(value, DatasetMessages.notSingleValue(key));
          }
          case OPEN_CATEGORY -> {
            if (sawOpenCategory) {
              throw userError(DatasetMessages.duplicateTopKey(key));
            }
            sawOpenCategory = true;
            openCategory = scalar(value, DatasetMessages.notSingleValue(key));
          }
          default -> {
            if (columns != null) {
              throw userError(DatasetMessages.duplicateTopKey(key));
            }
            columns = columns(value);
          }
        }
      }
      return build(subject, openCategory, columns);
    }

    private Schema build(
        @Nullable String subject, @Nullable String openCategory, @Nullable List<Column> columns) {
      if (subject == null) {
        throw userError(DatasetMessages.NO_SUBJECT);
      }
      try {
        Names.check("subject column", subject);
      } catch (VaultException e) {
        throw userError(DatasetMessages.invalidSubject(e.getMessage()));
      }
      if (openCategory == null) {
        throw userError(DatasetMessages.NO_OPEN_CATEGORY);
      }
      OpenCategory category = lookup(OpenCategory.values(), openCategory);
      if (category == null) {
        throw userError(DatasetMessages.unknownOpenCategory(openCategory));
      }
      if (columns == null || columns.isEmpty()) {
        throw userError(DatasetMessages.NO_COLUMNS);
      }
      return new Schema(subject, category, columns);
    }

    private List<Column> columns(JsonToken token) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        throw userError(DatasetMessages.COLUMNS_NOT_A_LIST);
      }
      List<Column> columns = new ArrayList<>();
      for (JsonToken entry = next(); entry != JsonToken.END_ARRAY; entry = next()) {
        if (columns.size() == Schema.MAX_COLUMNS) {
          throw userError(DatasetMessages.TOO_MANY_COLUMNS);
        }
        columns.add(column(entry, columns.size() + 1));
      }
      return columns;
    }

    /** Reads the column at {@code position} (1-based), whose first token is {@code token}. */
    private Column column(JsonToken token, int position) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        throw userError(DatasetMessages.columnNotAMap(position));
      }
      Map<String, Scalar> fields = new LinkedHashMap<>();
      String unknownKey = null;
      String duplicateKey = null;
      String lastKey = null;
      for (JsonToken field = next(); field != JsonToken.END_OBJECT; field = next()) {
        String key = parser.currentName();
        JsonToken value = next();
        if (value.isStructStart()) {
          // Never descend: a nested map or list is refused at its first token.
          throw userError(
              COLUMN_KEYS.contains(key)
                  ? DatasetMessages.columnNotSingleValue(label(fields, position), key)
                  : DatasetMessages.unknownColumnKey(label(fields, position), key));
        }
        if (TYPE.equals(lastKey) && isDecimalSplitInFlow(fields, key, value)) {
          fields.put(TYPE, new Scalar(JsonToken.VALUE_STRING, text(fields, TYPE) + "," + key));
          continue;
        }
        if (!COLUMN_KEYS.contains(key)) {
          unknownKey = unknownKey == null ? key : unknownKey;
        } else if (fields.containsKey(key)) {
          duplicateKey = duplicateKey == null ? key : duplicateKey;
        } else {
          fields.put(
              key, new Scalar(value, value == JsonToken.VALUE_NULL ? null : parser.getText()));
        }
        lastKey = key;
      }
      String label = label(fields, position);
      if (unknownKey != null) {
        throw userError(DatasetMessages.unknownColumnKey(label, unknownKey));
      }
      if (duplicateKey != null) {
        throw userError(DatasetMessages.duplicateColumnKey(label, duplicateKey));
      }
      String name = text(fields, NAME);
      if (name == null) {
        throw userError(DatasetMessages.noName(position));
      }
      try {
        Names.check("column", name);
      } catch (VaultException e) {
        throw userError(DatasetMessages.invalidName(position, e.getMessage()));
      }
      // Secrets first, so a password or PIN column is refused for what it is.
      String piiText = text(fields, PII);
      if (piiText != null && SECRET_MARKINGS.contains(Ascii.toUpperCase(piiText))) {
        throw userError(DatasetMessages.markedSecret(label, Ascii.toUpperCase(piiText)));
      }
      if (Column.looksLikePasswordOrPin(name)) {
        throw userError(DatasetMessages.secretColumnName(name));
      }
      ColumnType type = type(fields, label);
      Level level = level(fields, label);
      PiiType pii = pii(piiText, label);
      boolean quasiIdentifier = flag(fields, QUASI_IDENTIFIER, label);
      boolean checkFormat = flag(fields, CHECK_FORMAT, label);
      return new Column(name, type, level, pii, quasiIdentifier, checkFormat);
    }

    private static PiiType pii(@Nullable String text, String label) {
      if (text == null) {
        return PiiType.NONE;
      }
      PiiType pii = lookup(PiiType.values(), text);
      if (pii == null) {
        throw userError(DatasetMessages.unknownPii(label, text));
      }
      return pii;
    }

    private static ColumnType type(Map<String, Scalar> fields, String label) {
      String text = text(fields, TYPE);
      if (text == null) {
        throw userError(DatasetMessages.noType(label));
      }
      try {
        return ColumnType.parse(text);
      } catch (VaultException e) {
        throw userError(DatasetMessages.columnType(label, e.getMessage()));
      }
    }

    private static Level level(Map<String, Scalar> fields, String label) {
      String text = text(fields, LEVEL);
      if (text == null) {
        throw userError(DatasetMessages.noLevel(label));
      }
      Level level = lookup(Level.values(), text);
      if (level == null) {
        throw userError(DatasetMessages.unknownLevel(label, text));
      }
      return level;
    }

    /**
     * Returns whether {@code key} continues a {@code DECIMAL(p,s)} that a YAML flow map split at
     * its comma: {@code {type: DECIMAL(12,2)}} reads as the type {@code DECIMAL(12} and a key
     * {@code 2)} without a value. DESIGN.md writes types that way, so the parts are rejoined.
     */
    private boolean isDecimalSplitInFlow(Map<String, Scalar> fields, String key, JsonToken value)
        throws IOException {
      String type = text(fields, TYPE);
      boolean noValue =
          value == JsonToken.VALUE_NULL
              || (value == JsonToken.VALUE_STRING && parser.getText().isEmpty());
      if (type == null || !noValue || !type.startsWith("DECIMAL(") || type.indexOf(')') >= 0) {
        return false;
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        boolean closing = c == ')' && i == key.length() - 1;
        if ((c < '0' || c > '9') && c != ' ' && !closing) {
          return false;
        }
      }
      return true;
    }

    /** Returns a field's text, null if absent or YAML null. */
    private static @Nullable String text(Map<String, Scalar> fields, String key) {
      Scalar value = fields.get(key);
      return value == null ? null : value.text();
    }

    private static boolean flag(Map<String, Scalar> fields, String key, String label) {
      Scalar value = fields.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        return false;
      }
      return switch (value.token()) {
        case VALUE_TRUE -> true;
        case VALUE_FALSE -> false;
        default -> throw userError(DatasetMessages.notBoolean(label, key));
      };
    }

    /** Names a column by its name if that name is valid, else by its position. */
    private static String label(Map<String, Scalar> fields, int position) {
      String name = text(fields, NAME);
      if (name != null && isValidName(name)) {
        return "column " + name;
      }
      return "column " + position;
    }

    private static boolean isValidName(String name) {
      try {
        Names.check("column", name);
        return true;
      } catch (VaultException e) {
        return false;
      }
    }

    /** Returns a scalar's text, or null for YAML null; refuses a map or list. */
    private @Nullable String scalar(JsonToken token, String notScalarMessage) throws IOException {
      if (!token.isScalarValue()) {
        throw userError(notScalarMessage);
      }
      return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private JsonToken next() throws IOException {
      return tokens.next();
    }
  }

  /** A scalar value as YAML read it: its token (string, number, boolean, null) and its text. */
  private record Scalar(JsonToken token, @Nullable String text) {}

  /** Finds the constant named exactly {@code text}; null if none. */
  private static <E extends Enum<E>> @Nullable E lookup(E[] values, String text) {
    for (E value : values) {
      if (value.name().equals(text)) {
        return value;
      }
    }
    return null;
  }
}
