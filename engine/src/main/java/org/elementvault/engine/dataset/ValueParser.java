package org.elementvault.engine.dataset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Turns one CSV field of a column, as the UTF-8 bytes of the file, into the value an Arrow vector
 * stores. Built once per column and import, then called for every row: the typed methods parse
 * ASCII by hand straight from the bytes, allocate nothing for {@code BOOLEAN INT BIGINT DATE
 * TIMESTAMP} and small decimals, check {@code STRING} values without decoding them, and throw only
 * when a value is refused.
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
 *   <li>{@code STRING}: any well-formed UTF-8 text of at most 1 MiB.
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
  private final String notUtf8Rule;

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
    this.notUtf8Rule = DatasetMessages.badValue(column.name(), DatasetMessages.NOT_UTF8_VALUE);
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
   * Returns whether the field {@code bytes[from, to)} is NULL (empty). Call it before a typed
   * method.
   *
   * @throws VaultException {@code USER_ERROR} if it is empty in the subject column
   */
  public boolean isNull(byte[] bytes, int from, int to) {
    if (from != to) {
      return false;
    }
    if (subject) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.subjectIsNull(column.name()));
    }
    return true;
  }

  /**
   * Returns the value of the field {@code bytes[from, to)} boxed, or null for NULL: {@link
   * Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link BigDecimal}, a {@link String},
   * an {@link Integer} epoch day for {@code DATE} or a {@link Long} of epoch microseconds for
   * {@code TIMESTAMP}. The typed methods avoid the boxing and, for text, the decoding.
   *
   * @throws VaultException {@code USER_ERROR} naming the column and the rule, never the value
   */
  public @Nullable Object parse(byte[] bytes, int from, int to) {
    if (isNull(bytes, from, to)) {
      return null;
    }
    return switch (kind) {
      case BOOLEAN -> parseBoolean(bytes, from, to);
      case INT -> parseInt(bytes, from, to);
      case BIGINT -> parseBigint(bytes, from, to);
      case DOUBLE -> parseDouble(bytes, from, to);
      case DECIMAL -> parseDecimal(bytes, from, to);
      case STRING -> {
        checkString(bytes, from, to);
        yield new String(bytes, from, to - from, StandardCharsets.UTF_8);
      }
      case DATE -> parseDate(bytes, from, to);
      case TIMESTAMP -> parseTimestamp(bytes, from, to);
    };
  }

  /** Reads a non-NULL {@code BOOLEAN}. */
  public boolean parseBoolean(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.BOOLEAN, bytes, from, to);
    switch (to - from) {
      case 1 -> {
        if (bytes[from] == '1') {
          return true;
        }
        if (bytes[from] == '0') {
          return false;
        }
      }
      case 4 -> {
        if (Ascii.equalsLowerCase(bytes, from, "true")) {
          return true;
        }
      }
      case 5 -> {
        if (Ascii.equalsLowerCase(bytes, from, "false")) {
          return false;
        }
      }
      default -> {}
    }
    throw refused(typeRule);
  }

  /** Reads a non-NULL {@code INT}. */
  public int parseInt(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.INT, bytes, from, to);
    return (int) parseWhole(bytes, from, to, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Reads a non-NULL {@code BIGINT}. */
  public long parseBigint(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.BIGINT, bytes, from, to);
    return parseWhole(bytes, from, to, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A whole number: an optional sign and ASCII digits, within [{@code min}, {@code max}]. */
  private long parseWhole(byte[] bytes, int from, int to, long min, long max) {
    int i = from;
    boolean negative = false;
    byte first = bytes[from];
    if (first == '-' || first == '+') {
      negative = first == '-';
      i++;
    }
    if (i == to) {
      throw refused(typeRule);
    }
    long value;
    if (to - i <= 18) {
      // At most 18 digits cannot overflow: skip the per-digit bound checks.
      value = 0;
      for (; i < to; i++) {
        int digit = bytes[i] - '0';
        if (digit < 0 || digit > 9) {
          throw refused(typeRule);
        }
        value = value * 10 + digit;
      }
      value = negative ? -value : value;
    } else {
      value = parseLongDigits(bytes, i, to, negative);
    }
    if (value < min || value > max) {
      throw refused(typeRule);
    }
    return value;
  }

  /** The value of the digits in {@code bytes[i, to)}, refused if they overflow a long. */
  private long parseLongDigits(byte[] bytes, int i, int to, boolean negative) {
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyLimit = limit / 10;
    long result = 0;
    for (int at = i; at < to; at++) {
      int digit = bytes[at] - '0';
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
  public double parseDouble(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.DOUBLE, bytes, from, to);
    // Double.parseDouble alone would also take spaces, "NaN", "Infinity", hex and a "d" suffix.
    int i = from;
    byte first = bytes[from];
    if (first == '-' || first == '+') {
      i++;
    }
    int digits = 0;
    while (i < to && isDigit(bytes[i])) {
      i++;
      digits++;
    }
    if (i < to && bytes[i] == '.') {
      i++;
      while (i < to && isDigit(bytes[i])) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      throw refused(typeRule);
    }
    if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
        i++;
      }
      int exponentStart = i;
      while (i < to && isDigit(bytes[i])) {
        i++;
      }
      if (i == exponentStart) {
        throw refused(typeRule);
      }
    }
    if (i != to) {
      throw refused(typeRule);
    }
    // Only ASCII is left, so ISO 8859-1 reads it as UTF-8 would, without checking.
    double value =
        Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
    if (Double.isInfinite(value)) {
      throw refused(typeRule);
    }
    return value;
  }

  /** Reads a non-NULL {@code DECIMAL(p,s)} with scale {@code s} exactly. */
  public BigDecimal parseDecimal(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.DECIMAL, bytes, from, to);
    int scale = column.type().scale();
    Decimal decimal = decimal(bytes, from, to);
    if (decimal.integerDigits() + scale <= 18) {
      return BigDecimal.valueOf(decimal.unscaledLong(bytes, scale), scale);
    }
    return new BigDecimal(decimal.unscaledBig(bytes, scale), scale);
  }

  /**
   * Reads a non-NULL {@code DECIMAL(p,s)} with {@code p ≤ 18} as its unscaled value: the number
   * times 10<sup>s</sup>, as a decimal vector stores it.
   *
   * @throws IllegalStateException if the column is not a {@linkplain ColumnType#isSmallDecimal()
   *     small decimal}
   */
  public long parseDecimalUnscaled(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.DECIMAL, bytes, from, to);
    if (!column.type().isSmallDecimal()) {
      throw new IllegalStateException("column is not a DECIMAL of at most 18 digits");
    }
    return decimal(bytes, from, to).unscaledLong(bytes, column.type().scale());
  }

  /** The shape of a decimal field: where its significant digits are. */
  private record Decimal(
      boolean negative, int integerStart, int integerEnd, int fractionStart, int fractionEnd) {

    int integerDigits() {
      return integerEnd - integerStart;
    }

    long unscaledLong(byte[] bytes, int scale) {
      long value = 0;
      for (int i = integerStart; i < integerEnd; i++) {
        value = value * 10 + (bytes[i] - '0');
      }
      for (int i = 0; i < scale; i++) {
        int position = fractionStart + i;
        value = value * 10 + (position < fractionEnd ? bytes[position] - '0' : 0);
      }
      return negative ? -value : value;
    }

    BigInteger unscaledBig(byte[] bytes, int scale) {
      StringBuilder digits = new StringBuilder(integerDigits() + scale + 1);
      if (negative) {
        digits.append('-');
      }
      for (int i = integerStart; i < integerEnd; i++) {
        digits.append((char) bytes[i]);
      }
      for (int i = 0; i < scale; i++) {
        int position = fractionStart + i;
        digits.append(position < fractionEnd ? (char) bytes[position] : '0');
      }
      return new BigInteger(digits.toString());
    }
  }

  private Decimal decimal(byte[] bytes, int from, int to) {
    int i = from;
    boolean negative = false;
    byte first = bytes[from];
    if (first == '-' || first == '+') {
      negative = first == '-';
      i++;
    }
    int digitsStart = i;
    while (i < to && bytes[i] == '0') {
      i++; // leading zeros are not significant
    }
    int integerStart = i;
    while (i < to && isDigit(bytes[i])) {
      i++;
    }
    int integerEnd = i;
    int fractionStart = i;
    int fractionEnd = i;
    if (i < to && bytes[i] == '.') {
      i++;
      fractionStart = i;
      while (i < to && isDigit(bytes[i])) {
        i++;
      }
      fractionEnd = i;
    }
    boolean anyDigit = integerEnd > digitsStart || fractionEnd > fractionStart;
    if (i != to || !anyDigit) {
      throw refused(typeRule);
    }
    int scale = column.type().scale();
    for (int j = fractionStart + scale; j < fractionEnd; j++) {
      if (bytes[j] != '0') {
        throw refused(decimalScaleRule);
      }
    }
    if (integerEnd - integerStart > column.type().precision() - scale) {
      throw refused(decimalPrecisionRule);
    }
    return new Decimal(negative, integerStart, integerEnd, fractionStart, fractionEnd);
  }

  /**
   * Checks a non-NULL {@code STRING}: well-formed UTF-8 of at most {@link #MAX_STRING_BYTES} bytes,
   * stored as given.
   */
  public void checkString(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.STRING, bytes, from, to);
    if (to - from > MAX_STRING_BYTES) {
      throw refused(typeRule);
    }
    if (!Utf8.isWellFormed(bytes, from, to)) {
      throw refused(notUtf8Rule);
    }
  }

  /** Reads a non-NULL {@code DATE} as days since 1970-01-01. */
  public int parseDate(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.DATE, bytes, from, to);
    int day = to - from == 10 ? Dates.isoDate(bytes, from, to) : Dates.INVALID;
    if (day == Dates.INVALID) {
      throw refused(typeRule);
    }
    return day;
  }

  /** Reads a non-NULL {@code TIMESTAMP} as microseconds since 1970-01-01T00:00:00Z. */
  public long parseTimestamp(byte[] bytes, int from, int to) {
    start(ColumnType.Kind.TIMESTAMP, bytes, from, to);
    if (to - from < 19) {
      throw refused(typeRule);
    }
    int day = Dates.isoDate(bytes, from, to);
    byte separator = bytes[from + 10];
    int hour = Dates.digits(bytes, from + 11, 2, to);
    int minute = Dates.digits(bytes, from + 14, 2, to);
    int second = Dates.digits(bytes, from + 17, 2, to);
    if (day == Dates.INVALID
        || (separator != ' ' && separator != 'T')
        || bytes[from + 13] != ':'
        || bytes[from + 16] != ':'
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      throw refused(typeRule);
    }
    int i = from + 19;
    long micros = 0;
    if (i < to && bytes[i] == '.') {
      i++;
      int fractionStart = i;
      while (i < to && isDigit(bytes[i])) {
        int digit = bytes[i] - '0';
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
    if (i < to) {
      byte zone = bytes[i];
      if (zone == 'Z' && i + 1 == to) {
        offsetSeconds = 0;
      } else if ((zone == '+' || zone == '-') && i + 6 == to && bytes[i + 3] == ':') {
        int offsetHours = Dates.digits(bytes, i + 1, 2, to);
        int offsetMinutes = Dates.digits(bytes, i + 4, 2, to);
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
  private void start(ColumnType.Kind expected, byte[] bytes, int from, int to) {
    if (kind != expected) {
      throw new IllegalStateException("column is " + kind + ", not " + expected);
    }
    if (from == to) {
      throw new IllegalArgumentException("an empty field is NULL: call isNull first");
    }
    if (column.checkFormat()) {
      String problem = PiiFormats.problem(column.pii(), bytes, from, to, todayEpochDay);
      if (problem != null) {
        throw refused(DatasetMessages.badValue(column.name(), problem));
      }
    }
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static VaultException refused(String message) {
    return new VaultException(ErrorCode.USER_ERROR, message);
  }
}
