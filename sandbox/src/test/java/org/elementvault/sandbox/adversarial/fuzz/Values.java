package org.elementvault.sandbox.adversarial.fuzz;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Canonical forms and comparisons of the values the evaluator and the vault produce. */
final class Values {

  /** What the evaluator answers for an expression it cannot evaluate. */
  static final Object UNKNOWN =
      new Object() {
        @Override
        public String toString() {
          return "UNKNOWN";
        }
      };

  private Values() {}

  /**
   * One text per value, so that the vault's {@code Long 40} and the evaluator's {@code Integer 40}
   * or {@code BigDecimal 40.00} agree; CHAR padding is dropped.
   */
  static String canon(@Nullable Object value) {
    if (value == null) {
      return "NULL";
    }
    BigDecimal number = number(value);
    if (number != null) {
      return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }
    if (value instanceof String text) {
      return "'" + text.stripTrailing();
    }
    return value.toString();
  }

  /** The value as a decimal if it is a number. */
  static @Nullable BigDecimal number(@Nullable Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
    return null;
  }

  /** Compares two known, non-null values of the same family, or returns null if it cannot. */
  static @Nullable Integer compare(Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      return x.compareTo(y);
    }
    if (a instanceof String s && b instanceof String t) {
      return s.stripTrailing().compareTo(t.stripTrailing());
    }
    if (a instanceof LocalDate d && b instanceof LocalDate e) {
      return d.compareTo(e);
    }
    return null;
  }

  /** SQL text of a string literal. */
  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
