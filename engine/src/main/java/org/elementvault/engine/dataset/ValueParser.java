package org.elementvault.engine.dataset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Turns one CSV text field of a column into the Java value an Arrow vector stores. Built once per
 * column and import, then called for every row: the typed methods parse ASCII by hand, allocate
 * nothing for {@code BOOLEAN INT BIGINT DATE TIMESTAMP} and small decimals, and throw only when a
 * value is refused.
 *
 * <h2>The rules</h2>
 *
 * <ul>
 *   <li>An empty field is SQL NULL, for every type including {@code STRING} (CSV cannot tell an
 *       empty string from a missing one); the subject column must not be NULL.
 *   <li>Surrounding whitespace is refused for every type but {@code STRING}: {@code " 42"} is not
 *       an INT. Trimming silently would hide a malformed export; RFC 4180 quoting keeps spaces that
 *       belong to a value. {@code STRING} values are kept exactly as given.
 *   <li>{@code BOOLEAN}: {@code true false 1 0}, letters in any ASCII case.
 *   <li>{@code INT}, {@code BIGINT}: an optional {@code +} or {@code -} and ASCII digits (leading
 *       zeros allowed, {@code -0} is 0), within 32 or 64 bits; no separators, decimal points or
 *       exponents.
 *   <li>{@code DOUBLE}: an optional sign, digits with at most one decimal point, an optional
 *       exponent ({@code 1.5e-3}); it must be finite, so {@code NaN}, {@code Infinity} and values
 *       that overflow to infinity are refused. {@code -0} stays -0.0.
 *   <li>{@code DECIMAL(p,s)}: an optional sign, digits with at most one decimal point, no exponent;
 *       at most {@code p - s} integer digits (leading zeros aside) and at most {@code s} fractional
 *       digits: nothing is rounded, though fractional zeros beyond {@code s} are accepted since
 *       they lose nothing. The result has scale {@code s} exactly.
 *   <li>{@code STRING}: any text of at most 1 MiB in UTF-8.
 *   <li>{@code DATE}: {@code yyyy-MM-dd}, a real date of years 0001 to 9999, as days since
 *       1970-01-01.
 *   <li>{@code TIMESTAMP}: {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-ddTHH:mm:ss}, optionally
 *       followed by {@code .} and 1 to 9 fraction digits (those past the sixth must be zeros: the
 *       vault stores microseconds), optionally followed by {@code Z} or an offset {@code +08:00} /
 *       {@code -05:30} (at most 18 hours). Without {@code Z} or an offset the time is UTC. Hours 00
 *       to 23, no leap second. Stored as microseconds since 1970-01-01T00:00:00Z.
 * </ul>
 *
 * <p>When the column has {@code check_format}, every non-NULL value is first checked against its
 * PII format ({@link PiiFormats}). A refusal is a {@link VaultException} {@code USER_ERROR} whose
 * message names the column and the rule but never the value, e.g. {@code column age: not an INT
 * (…)}; the caller adds the line number.
 *
 * <p>Not thread-safe by contract, though it holds no mutable state: one instance per column and
 * import.
 */
public final class ValueParser {

  /** The longest {@code STRING} value, in UTF-8 bytes. */
  public static final int MAX_STRING_BYTES = 1 << 20;

  private static final int MAX_OFFSET_SECONDS = 18 * 3600;
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  private final Column column;
  private final ColumnType.Kind kind;
  private final boolean subject;
  private final int todayEpochDay;
  private final String typeRule;
  private final String decimalScaleRule;
  private final String decimalPrecisionRule;

  private ValueParser(Column column, boolean subject, LocalDate today) {
    this.column = Objects.requireNonNull(column, "column");
    this.kind = column.type().kind();
    this.subject = subject;
    this.todayEpochDay = Math.toIntExact(today.toEpochDay());
    // Built once, so a refusal in the hot loop costs only the exception.
    this.typeRule =
        DatasetMessages.badValue(column.name(), DatasetMessages.typeRule(column.type()));
    this.decimalScaleRule =
        DatasetMessages.badValue(column.name(), DatasetMessages.decimalScaleRule(column.type()));
    this.decimalPrecisionRule =
        DatasetMessages.badValue(
            column.name(), DatasetMessages.decimalPrecisionRule(column.type()));
  }

  /**
   * Returns the parser of {@code column}, refusing NULL if it is {@code schema}'s subject column.
   *
   * @param today the date birth dates may not follow, from the caller's clock
   */
  public static ValueParser of(Schema schema, Column column, LocalDate today) {
    return new ValueParser(column, schema.isSubject(column), today);
  }

  /** Returns the parsers of all of {@code schema}'s columns, in column order. */
  public static List<ValueParser> forSchema(Schema schema, LocalDate today) {
    List<ValueParser> parsers = new ArrayList<>(schema.columns().size());
    for (Column column : schema.columns()) {
      parsers.add(of(schema, column, today));
    }
    return List.copyOf(parsers);
  }

  /** The column this parser reads. */
  public Column column() {
    return column;
  }

  /**
   * Returns whether {@code field} is NULL (empty). Call it before a typed method.
   *
   * @throws VaultException {@code USER_ERROR} if it is empty in the subject column
   */
  public boolean isNull(String field) {
    if (!field.isEmpty()) {
      return false;
    }
    if (subject) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.subjectIsNull(column.name()));
    }
    return true;
  }

  /**
   * Returns the value of {@code field} boxed, or null for NULL: {@link Boolean}, {@link Integer},
   * {@link Long}, {@link Double}, {@link BigDecimal}, {@link String}, an {@link Integer} epoch day
   * for {@code DATE} or a {@link Long} of epoch microseconds for {@code TIMESTAMP}. The typed
   * methods avoid the boxing on hot paths.
   *
   * @throws VaultException {@code USER_ERROR} naming the column and the rule, never the value
   */
  public @Nullable Object parse(String field) {
    if (isNull(field)) {
      return null;
    }
    return switch (kind) {
      case BOOLEAN -> parseBoolean(field);
      case INT -> parseInt(field);
      case BIGINT -> parseBigint(field);
      case DOUBLE -> parseDouble(field);
      case DECIMAL -> parseDecimal(field);
      case STRING -> parseString(field);
      case DATE -> parseDate(field);
      case TIMESTAMP -> parseTimestamp(field);
    };
  }

  /** Reads a non-NULL {@code BOOLEAN}. */
  public boolean parseBoolean(String field) {
    start(ColumnType.Kind.BOOLEAN, field);
    switch (field.length()) {
      case 1 -> {
        if (field.charAt(0) == '1') {
          return true;
        }
        if (field.charAt(0) == '0') {
          return false;
        }
      }
      case 4 -> {
        if (Ascii.equalsLowerCase(field, 0, "true")) {
          return true;
        }
      }
      case 5 -> {
        if (Ascii.equalsLowerCase(field, 0, "false")) {
          return false;
        }
      }
      default -> {}
    }
    throw refused(typeRule);
  }

  /** Reads a non-NULL {@code INT}. */
  public int parseInt(String field) {
    start(ColumnType.Kind.INT, field);
    return (int) parseWhole(field, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Reads a non-NULL {@code BIGINT}. */
  public long parseBigint(String field) {
    start(ColumnType.Kind.BIGINT, field);
    return parseWhole(field, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A whole number: an optional sign and ASCII digits, within [{@code min}, {@code max}]. */
  private long parseWhole(String field, long min, long max) {
    int length = field.length();
    int i = 0;
    boolean negative = false;
    char first = field.charAt(0);
    if (first == '-' || first == '+') {
      negative = first == '-';
      i = 1;
    }
    if (i == length) {
      throw refused(typeRule);
    }
    long value;
    if (length - i <= 18) {
      // At most 18 digits cannot overflow: skip the per-digit bound checks.
      value = 0;
      for (; i < length; i++) {
        int digit = field.charAt(i) - '0';
        if (digit < 0 || digit > 9) {
          throw refused(typeRule);
        }
        value = value * 10 + digit;
      }
      value = negative ? -value : value;
    } else {
      value = parseLongDigits(field, i, negative);
    }
    if (value < min || value > max) {
      throw refused(typeRule);
    }
    return value;
  }

  /** The value of the digits from {@code i} on, refused if they overflow a long. */
  private long parseLongDigits(String field, int i, boolean negative) {
    int length = field.length();
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyLimit = limit / 10;
    long result = 0;
    for (int at = i; at < length; at++) {
      int digit = field.charAt(at) - '0';
      if (digit < 0 || digit > 9 || result < multiplyLimit) {
        throw refused(typeRule);
      }
      result *= 10;
      if (result < limit + digit) {
        throw refused(typeRule);
      }
      result -= digit;
    }
    return negative ? result : -result;
  }

  /** Reads a non-NULL {@code DOUBLE}. */
  public double parseDouble(String field) {
    start(ColumnType.Kind.DOUBLE, field);
    // Double.parseDouble alone would also take spaces, "NaN", "Infinity", hex and a "d" suffix.
    int length = field.length();
    int i = 0;
    char first = field.charAt(0);
    if (first == '-' || first == '+') {
      i = 1;
    }
    int digits = 0;
    while (i < length && isDigit(field.charAt(i))) {
      i++;
      digits++;
    }
    if (i < length && field.charAt(i) == '.') {
      i++;
      while (i < length && isDigit(field.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      throw refused(typeRule);
    }
    if (i < length && (field.charAt(i) == 'e' || field.charAt(i) == 'E')) {
      i++;
      if (i < length && (field.charAt(i) == '-' || field.charAt(i) == '+')) {
        i++;
      }
      int exponentStart = i;
      while (i < length && isDigit(field.charAt(i))) {
        i++;
      }
      if (i == exponentStart) {
        throw refused(typeRule);
      }
    }
    if (i != length) {
      throw refused(typeRule);
    }
    double value = Double.parseDouble(field);
    if (Double.isInfinite(value)) {
      throw refused(typeRule);
    }
    return value;
  }

  /** Reads a non-NULL {@code DECIMAL(p,s)} with scale {@code s} exactly. */
  public BigDecimal parseDecimal(String field) {
    start(ColumnType.Kind.DECIMAL, field);
    int scale = column.type().scale();
    Decimal decimal = decimal(field);
    if (decimal.integerDigits() + scale <= 18) {
      return BigDecimal.valueOf(decimal.unscaledLong(field, scale), scale);
    }
    return new BigDecimal(decimal.unscaledBig(field, scale), scale);
  }

  /**
   * Reads a non-NULL {@code DECIMAL(p,s)} with {@code p ≤ 18} as its unscaled value: the number
   * times 10<sup>s</sup>, as a decimal vector stores it.
   *
   * @throws IllegalStateException if the column is not a {@linkplain ColumnType#isSmallDecimal()
   *     small decimal}
   */
  public long parseDecimalUnscaled(String field) {
    start(ColumnType.Kind.DECIMAL, field);
    if (!column.type().isSmallDecimal()) {
      throw new IllegalStateException("column is not a DECIMAL of at most 18 digits");
    }
    return decimal(field).unscaledLong(field, column.type().scale());
  }

  /** The shape of a decimal field: where its significant digits are. */
  private record Decimal(
      boolean negative, int integerStart, int integerEnd, int fractionStart, int fractionEnd) {

    int integerDigits() {
      return integerEnd - integerStart;
    }

    long unscaledLong(String field, int scale) {
      long value = 0;
      for (int i = integerStart; i < integerEnd; i++) {
        value = value * 10 + (field.charAt(i) - '0');
      }
      for (int i = 0; i < scale; i++) {
        int position = fractionStart + i;
        value = value * 10 + (position < fractionEnd ? field.charAt(position) - '0' : 0);
      }
      return negative ? -value : value;
    }

    BigInteger unscaledBig(String field, int scale) {
      StringBuilder digits = new StringBuilder(integerDigits() + scale + 1);
      if (negative) {
        digits.append('-');
      }
      digits.append(field, integerStart, integerEnd);
      for (int i = 0; i < scale; i++) {
        int position = fractionStart + i;
        digits.append(position < fractionEnd ? field.charAt(position) : '0');
      }
      return new BigInteger(digits.toString());
    }
  }

  private Decimal decimal(String field) {
    int length = field.length();
    int i = 0;
    boolean negative = false;
    char first = field.charAt(0);
    if (first == '-' || first == '+') {
      negative = first == '-';
      i = 1;
    }
    int digitsStart = i;
    while (i < length && field.charAt(i) == '0') {
      i++; // leading zeros are not significant
    }
    int integerStart = i;
    while (i < length && isDigit(field.charAt(i))) {
      i++;
    }
    int integerEnd = i;
    int fractionStart = i;
    int fractionEnd = i;
    if (i < length && field.charAt(i) == '.') {
      i++;
      fractionStart = i;
      while (i < length && isDigit(field.charAt(i))) {
        i++;
      }
      fractionEnd = i;
    }
    boolean anyDigit = integerEnd > digitsStart || fractionEnd > fractionStart;
    if (i != length || !anyDigit) {
      throw refused(typeRule);
    }
    int scale = column.type().scale();
    for (int j = fractionStart + scale; j < fractionEnd; j++) {
      if (field.charAt(j) != '0') {
        throw refused(decimalScaleRule);
      }
    }
    if (integerEnd - integerStart > column.type().precision() - scale) {
      throw refused(decimalPrecisionRule);
    }
    return new Decimal(negative, integerStart, integerEnd, fractionStart, fractionEnd);
  }

  /** Returns a non-NULL {@code STRING} as it is. */
  public String parseString(String field) {
    start(ColumnType.Kind.STRING, field);
    // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars), so most strings need no
    // counting.
    int length = field.length();
    if (length > MAX_STRING_BYTES
        || (length > MAX_STRING_BYTES / 3 && utf8Length(field) > MAX_STRING_BYTES)) {
      throw refused(typeRule);
    }
    return field;
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 2; // with its low surrogate: 4
      } else {
        bytes += Character.isLowSurrogate(c) ? 2 : 3;
      }
    }
    return bytes;
  }

  /** Reads a non-NULL {@code DATE} as days since 1970-01-01. */
  public int parseDate(String field) {
    start(ColumnType.Kind.DATE, field);
    int day = field.length() == 10 ? Dates.isoDate(field, 0) : Dates.INVALID;
    if (day == Dates.INVALID) {
      throw refused(typeRule);
    }
    return day;
  }

  /** Reads a non-NULL {@code TIMESTAMP} as microseconds since 1970-01-01T00:00:00Z. */
  public long parseTimestamp(String field) {
    start(ColumnType.Kind.TIMESTAMP, field);
    int length = field.length();
    if (length < 19) {
      throw refused(typeRule);
    }
    int day = Dates.isoDate(field, 0);
    char separator = field.charAt(10);
    int hour = Dates.digits(field, 11, 2);
    int minute = Dates.digits(field, 14, 2);
    int second = Dates.digits(field, 17, 2);
    if (day == Dates.INVALID
        || (separator != ' ' && separator != 'T')
        || field.charAt(13) != ':'
        || field.charAt(16) != ':'
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      throw refused(typeRule);
    }
    int i = 19;
    long micros = 0;
    if (i < length && field.charAt(i) == '.') {
      i++;
      int fractionStart = i;
      while (i < length && isDigit(field.charAt(i))) {
        int digit = field.charAt(i) - '0';
        int position = i - fractionStart;
        if (position < 6) {
          micros = micros * 10 + digit;
        } else if (digit != 0 || position >= 9) {
          throw refused(typeRule);
        }
        i++;
      }
      int fractionDigits = i - fractionStart;
      if (fractionDigits == 0) {
        throw refused(typeRule);
      }
      for (int pad = fractionDigits; pad < 6; pad++) {
        micros *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i < length) {
      char zone = field.charAt(i);
      if (zone == 'Z' && i + 1 == length) {
        offsetSeconds = 0;
      } else if ((zone == '+' || zone == '-') && i + 6 == length && field.charAt(i + 3) == ':') {
        int offsetHours = Dates.digits(field, i + 1, 2);
        int offsetMinutes = Dates.digits(field, i + 4, 2);
        offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
        if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
          throw refused(typeRule);
        }
        if (offsetSeconds > MAX_OFFSET_SECONDS) {
          throw refused(typeRule);
        }
        offsetSeconds = zone == '-' ? -offsetSeconds : offsetSeconds;
      } else {
        throw refused(typeRule);
      }
    }
    long seconds = day * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * MICROS_PER_SECOND + micros;
  }

  /** Checks the method fits the column and the field its PII format. */
  private void start(ColumnType.Kind expected, String field) {
    if (kind != expected) {
      throw new IllegalStateException("column is " + kind + ", not " + expected);
    }
    if (field.isEmpty()) {
      throw new IllegalArgumentException("an empty field is NULL: call isNull first");
    }
    if (column.checkFormat()) {
      String problem = PiiFormats.problem(column.pii(), field, todayEpochDay);
      if (problem != null) {
        throw refused(DatasetMessages.badValue(column.name(), problem));
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static VaultException refused(String message) {
    return new VaultException(ErrorCode.USER_ERROR, message);
  }
}
