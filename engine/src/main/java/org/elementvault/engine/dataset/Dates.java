package org.elementvault.engine.dataset;

/**
 * Calendar arithmetic on UTF-8 text without allocating: reads ASCII digits and turns proleptic
 * Gregorian dates into days since 1970-01-01, as {@link java.time.LocalDate#toEpochDay} does.
 */
final class Dates {

  /** Returned for text that is not a real date; no real date of years 1 to 9999 has it. */
  static final int INVALID = Integer.MIN_VALUE;

  private Dates() {}

  /**
   * Reads {@code count} ASCII digits of {@code bytes} from {@code offset}; returns -1 if any is
   * missing (at or past {@code end}) or not a digit.
   */
  static int digits(byte[] bytes, int offset, int count, int end) {
    if (offset + count > end) {
      return -1;
    }
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /**
   * Reads {@code yyyy-MM-dd} at {@code offset}, before {@code end}; returns its epoch day or {@link
   * #INVALID}.
   */
  static int isoDate(byte[] bytes, int offset, int end) {
    if (offset + 10 > end || bytes[offset + 4] != '-' || bytes[offset + 7] != '-') {
      return INVALID;
    }
    return epochDay(
        digits(bytes, offset, 4, end),
        digits(bytes, offset + 5, 2, end),
        digits(bytes, offset + 8, 2, end));
  }

  /**
   * Reads {@code yyyyMMdd} at {@code offset}, before {@code end}; returns its epoch day or {@link
   * #INVALID}.
   */
  static int compactDate(byte[] bytes, int offset, int end) {
    return epochDay(
        digits(bytes, offset, 4, end),
        digits(bytes, offset + 4, 2, end),
        digits(bytes, offset + 6, 2, end));
  }

  /**
   * Returns the epoch day of a real date of years 1 to 9999, or {@link #INVALID} (also for the -1
   * of {@link #digits}).
   */
  static int epochDay(int year, int month, int day) {
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      return INVALID;
    }
    // Days from the civil calendar, counting years from March so the leap day comes last.
    int y = month <= 2 ? year - 1 : year;
    int era = y / 400;
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }
}
