package org.elementvault.engine.dataset;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.StrictYaml;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.ChunkPlace;

/**
 * The user-facing texts of this package, kept in one place so tests and documentation quote the
 * same words. They name columns, fields and rules, never a value: a column name appears only once
 * it passed {@link org.elementvault.engine.Names#check}, and a refused keyword (an unknown type,
 * level or key) is repeated only when it is a plain word (see {@link #shown}).
 */
final class DatasetMessages {

  static final String TYPES = "BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p,s), STRING, DATE, TIMESTAMP";
  static final String LEVELS = names(Level.values());
  static final String PII_TYPES = names(PiiType.values());
  static final String CHECKABLE_PII_TYPES =
      Arrays.stream(PiiType.values())
          .filter(PiiType::hasCheckableFormat)
          .map(Enum::name)
          .collect(Collectors.joining(", "));
  static final String OPEN_CATEGORIES =
      Arrays.stream(OpenCategory.values())
          .map(category -> category.name() + " (" + category.term() + ")")
          .collect(Collectors.joining(", "));
  static final String TOP_KEYS = "subject, open_category, columns";
  static final String COLUMN_KEYS = "name, type, level, pii, quasi_identifier, check_format";

  static final String NOT_A_MAP = "schema: the file must be a map with the keys " + TOP_KEYS;
  static final String NO_SUBJECT =
      "schema: no subject; name the column a row is about with subject: <column>";
  static final String NO_OPEN_CATEGORY =
      "schema: no open_category; categories are " + OPEN_CATEGORIES;
  static final String NO_COLUMNS = "schema: no columns; a schema lists at least one column";
  static final String COLUMNS_NOT_A_LIST = "schema: columns must be a list of columns";
  static final String TOO_MANY_COLUMNS =
      "schema: more than " + Schema.MAX_COLUMNS + " columns; split the dataset";
  static final String NOT_UTF8_VALUE = "not valid UTF-8";

  // Import refusals of an Arrow IPC file or stream, read after "import refused: ".
  static final String ARROW_NOT_A_FILE =
      "the file is not an Arrow IPC file (it must start and end with ARROW1)";
  static final String ARROW_TRUNCATED = "the Arrow data ends inside a message";
  static final String ARROW_NO_SCHEMA = "the Arrow data does not start with a schema message";
  static final String ARROW_SCHEMA_MALFORMED = "the Arrow schema message is malformed";
  static final String ARROW_BIG_ENDIAN = "the Arrow data is big-endian; only little-endian is read";
  static final String ARROW_DICTIONARY =
      "the Arrow data holds dictionary batches; dictionary encoding is not supported";

  static final String SECRETS_FORBIDDEN = "passwords and PINs must not be stored in the vault";

  // The rules of PiiFormats, read after "column <name>: ".
  static final String PII_ID_CARD_SHAPE =
      "not a valid 18-digit resident ID (17 digits, then a digit or an uppercase X)";
  static final String PII_ID_CARD_BIRTH_DATE =
      "not a valid 18-digit resident ID (birth date: a real date from 1800-01-01 to today)";
  static final String PII_ID_CARD_CHECKSUM = "not a valid 18-digit resident ID (checksum)";
  static final String PII_PHONE =
      "not a valid mainland mobile number (11 digits starting 13 to 19)";
  static final String PII_BANK_CARD_SHAPE = "not a valid bank card number (16 to 19 digits)";
  static final String PII_BANK_CARD_CHECKSUM = "not a valid bank card number (Luhn checksum)";
  static final String PII_EMAIL = "not a valid email address (ASCII local@domain)";
  static final String PII_BIRTH_DATE_SHAPE = "not a valid birth date (a real date as yyyy-MM-dd)";
  static final String PII_BIRTH_DATE_RANGE =
      "not a valid birth date (before 1800-01-01 or after today)";

  private DatasetMessages() {}

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
  }

  static String unknownTopKey(String key) {
    return "schema: unknown key" + StrictYaml.shown(key) + "; keys are " + TOP_KEYS;
  }

  static String duplicateTopKey(String key) {
    return "schema: the key " + key + " appears twice";
  }

  static String notSingleValue(String key) {
    return "schema: " + key + " must be a single value";
  }

  static String invalidSubject(String namesRule) {
    return "schema: " + namesRule;
  }

  static String subjectNotAColumn(String subject) {
    return "schema: subject column " + subject + " is not among the columns";
  }

  static String unknownOpenCategory(String text) {
    return "schema: unknown open_category"
        + StrictYaml.shown(text)
        + "; categories are "
        + OPEN_CATEGORIES;
  }

  static String columnNotAMap(int position) {
    return "schema: column " + position + " must be a map with the keys " + COLUMN_KEYS;
  }

  static String unknownColumnKey(String column, String key) {
    return "schema: "
        + column
        + " has unknown key"
        + StrictYaml.shown(key)
        + "; keys are "
        + COLUMN_KEYS;
  }

  static String duplicateColumnKey(String column, String key) {
    return "schema: " + column + " has the key " + key + " twice";
  }

  static String columnNotSingleValue(String column, String key) {
    return "schema: " + column + ": " + key + " must be a single value";
  }

  static String noName(int position) {
    return "schema: column " + position + " has no name";
  }

  static String invalidName(int position, String namesRule) {
    return "schema: column " + position + ": " + namesRule;
  }

  static String markedSecret(String column, String marking) {
    return "schema: " + column + " is marked " + marking + ": " + SECRETS_FORBIDDEN;
  }

  static String secretColumnName(String name) {
    return "schema: column "
        + name
        + " is named like a password or PIN: "
        + SECRETS_FORBIDDEN
        + " (see Column.looksLikePasswordOrPin)";
  }

  static String noType(String column) {
    return "schema: " + column + " has no type; types are " + TYPES;
  }

  /** Also read alone, from {@link ColumnType#parse}, so it reads as the end of a sentence. */
  static String unknownType(String text) {
    return "unknown type" + StrictYaml.shown(text) + "; types are " + TYPES;
  }

  /** Also read alone, from {@link ColumnType#decimal}, so it reads as the end of a sentence. */
  static String decimalOutOfRange(int precision, int scale) {
    return "type DECIMAL("
        + precision
        + ","
        + scale
        + ") out of range; DECIMAL(p,s) needs 1 <= p <= "
        + ColumnType.MAX_DECIMAL_PRECISION
        + " and 0 <= s <= p";
  }

  static String columnType(String column, String typeRule) {
    return "schema: " + column + " has " + typeRule;
  }

  static String noLevel(String column) {
    return "schema: " + column + " has no level; levels are " + LEVELS;
  }

  static String unknownLevel(String column, String text) {
    return "schema: "
        + column
        + " has unknown level"
        + StrictYaml.shown(text)
        + "; levels are "
        + LEVELS;
  }

  static String unknownPii(String column, String text) {
    return "schema: "
        + column
        + " has unknown pii"
        + StrictYaml.shown(text)
        + "; PII types are "
        + PII_TYPES;
  }

  static String notBoolean(String column, String key) {
    return "schema: " + column + ": " + key + " must be true or false";
  }

  static String uncheckableFormat(String name, PiiType pii) {
    return "schema: column "
        + name
        + " has check_format but PII type "
        + pii
        + " has no checkable format; only "
        + CHECKABLE_PII_TYPES
        + " have one";
  }

  static String duplicateColumn(String name) {
    return "schema: column " + name + " appears twice (column names are case-insensitive)";
  }

  /** The rule a value of {@code type} breaks, for {@link ValueParser}. */
  static String typeRule(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "not a BOOLEAN (true, false, 1 or 0)";
      case INT -> "not an INT (an optional sign and digits, -2147483648 to 2147483647)";
      case BIGINT ->
          "not a BIGINT (an optional sign and digits,"
              + " -9223372036854775808 to 9223372036854775807)";
      case DOUBLE -> "not a DOUBLE (a finite decimal number such as -12.5 or 1.5e-3)";
      case DECIMAL ->
          "not a " + type + " (an optional sign and digits with at most one decimal point)";
      case STRING -> "a STRING longer than 1 MiB";
      case DATE -> "not a DATE (a real date as yyyy-MM-dd)";
      case TIMESTAMP ->
          "not a TIMESTAMP (yyyy-MM-dd HH:mm:ss[.ffffff] in UTC, or with a T, Z or an offset"
              + " such as +08:00)";
    };
  }

  static String decimalScaleRule(ColumnType type) {
    return "not a " + type + " (more than " + type.scale() + " fractional digits)";
  }

  static String decimalPrecisionRule(ColumnType type) {
    return "not a "
        + type
        + " (more than "
        + (type.precision() - type.scale())
        + " integer digits)";
  }

  static String subjectIsNull(String column) {
    return "column " + column + ": the subject column must not be empty (NULL)";
  }

  /** A value that breaks its column's type or format rule: {@code column age: not an INT (…)}. */
  static String badValue(String column, String rule) {
    return "column " + column + ": " + rule;
  }

  static String arrowMessageTooLarge(int maxBytes) {
    return "an Arrow message header is larger than " + maxBytes + " bytes";
  }

  static String arrowMalformedMessage(int message) {
    return "Arrow message " + message + " is malformed";
  }

  static String arrowBodyBeyondEnd(int batch) {
    return "the body of Arrow message " + batch + " runs past the end of the file";
  }

  static String arrowUnexpectedMessage(int message) {
    return "Arrow message " + message + " is neither a record batch nor the end of the data";
  }

  static String arrowFieldName(int position) {
    return "Arrow field " + position + " is not a column name of the schema";
  }

  static String arrowDuplicateField(String name) {
    return "the Arrow schema names column " + name + " twice";
  }

  static String arrowUndeclaredField(String name) {
    return "the Arrow schema has column " + name + ", which the schema does not declare";
  }

  static String arrowMissingField(String name) {
    return "the Arrow schema lacks column " + name + " of the schema";
  }

  static String arrowNotFlat(String name) {
    return "Arrow column " + name + " is nested or dictionary-encoded; only flat columns are read";
  }

  static String arrowFieldType(String name, Object actual, Object expected) {
    return "Arrow column " + name + " has type " + actual + "; the schema needs " + expected;
  }

  static String arrowCompressed(int batch) {
    return "record batch " + batch + " is compressed; write the Arrow data uncompressed";
  }

  static String arrowMalformedBatch(int batch) {
    return "record batch " + batch + " is malformed";
  }

  static String arrowBatchTooLarge(int batch, long memoryBytes) {
    return "record batch "
        + batch
        + " needs more than "
        + memoryBytes
        + " bytes of memory; write smaller batches";
  }

  static VaultException chunkMissing(Dataset dataset, ChunkPlace place) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "dataset "
            + dataset.name()
            + " version "
            + place.version()
            + ": the chunk of batch "
            + place.batch()
            + ", column "
            + place.column()
            + " is missing");
  }

  static VaultException chunksExtra(Dataset dataset, int version, long stored, long expected) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "dataset "
            + dataset.name()
            + " version "
            + version
            + " has "
            + stored
            + " chunks stored where its record names "
            + expected);
  }
}
