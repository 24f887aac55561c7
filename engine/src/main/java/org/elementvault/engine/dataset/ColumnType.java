package org.elementvault.engine.dataset;

import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * The type of a column: one of {@code BOOLEAN INT BIGINT DOUBLE DECIMAL(p,s) STRING DATE
 * TIMESTAMP}. Only {@code DECIMAL} has parameters; every other kind has precision and scale 0.
 *
 * <p>{@link #toString()} is the canonical spelling that {@link #parse} reads back, e.g. {@code
 * DECIMAL(12,2)}.
 *
 * @param kind the kind of value
 * @param precision for {@code DECIMAL}, the total number of digits, 1 to 38; otherwise 0
 * @param scale for {@code DECIMAL}, the number of fractional digits, 0 to {@code precision};
 *     otherwise 0
 */
public record ColumnType(Kind kind, int precision, int scale) {

  /** The largest precision of a {@code DECIMAL}: what a 128-bit decimal holds. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
  public static final ColumnType INT = new ColumnType(Kind.INT, 0, 0);
  public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
  public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
  public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);
  public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
  public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 0, 0);

  /** The kinds of column values. */
  public enum Kind {
    /** true or false. */
    BOOLEAN,
    /** A 32-bit signed integer. */
    INT,
    /** A 64-bit signed integer. */
    BIGINT,
    /** A finite IEEE 754 double. */
    DOUBLE,
    /** An exact decimal number with a fixed precision and scale. */
    DECIMAL,
    /** UTF-8 text of at most 1 MiB. */
    STRING,
    /** A calendar date, stored as days since 1970-01-01. */
    DATE,
    /** An instant, stored as microseconds since 1970-01-01T00:00:00Z. */
    TIMESTAMP
  }

  public ColumnType {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.DECIMAL) {
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
        throw new VaultException(
            ErrorCode.USER_ERROR, DatasetMessages.decimalOutOfRange(precision, scale));
      }
    } else if (precision != 0 || scale != 0) {
      throw new IllegalArgumentException("only DECIMAL has a precision and scale");
    }
  }

  /**
   * Returns {@code DECIMAL(precision,scale)}.
   *
   * @throws VaultException {@code USER_ERROR} unless 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision
   */
  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /**
   * Reads a type as a schema spells it: a kind's name in upper case, or {@code DECIMAL(p,s)} with
   * optional spaces around {@code p} and {@code s}.
   *
   * @throws VaultException {@code USER_ERROR} naming the rule; the text is repeated only when it is
   *     a plain word of letters, digits and underscores
   */
  public static ColumnType parse(String text) {
    return switch (text) {
      case "BOOLEAN" -> BOOLEAN;
      case "INT" -> INT;
      case "BIGINT" -> BIGINT;
      case "DOUBLE" -> DOUBLE;
      case "STRING" -> STRING;
      case "DATE" -> DATE;
      case "TIMESTAMP" -> TIMESTAMP;
      default -> {
        ColumnType decimal = parseDecimal(text);
        if (decimal == null) {
          throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.unknownType(text));
        }
        yield decimal;
      }
    };
  }

  /** Reads {@code DECIMAL(p,s)}; returns null if the text has another shape. */
  private static @Nullable ColumnType parseDecimal(String text) {
    String prefix = "DECIMAL(";
    if (!text.startsWith(prefix) || !text.endsWith(")")) {
      return null;
    }
    String inner = text.substring(prefix.length(), text.length() - 1);
    int comma = inner.indexOf(',');
    if (comma < 0) {
      return null;
    }
    int precision = smallNumber(inner.substring(0, comma));
    int scale = smallNumber(inner.substring(comma + 1));
    if (precision < 0 || scale < 0) {
      return null;
    }
    return decimal(precision, scale);
  }

  /** Reads 1 to 3 ASCII digits between optional spaces; returns -1 for anything else. */
  private static int smallNumber(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    if (start == end || end - start > 3) {
      return -1;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Returns whether this is a {@code DECIMAL} whose unscaled values fit a {@code long}. */
  public boolean isSmallDecimal() {
    return kind == Kind.DECIMAL && precision <= 18;
  }

  /** The canonical spelling, e.g. {@code INT} or {@code DECIMAL(12,2)}. */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }
}
