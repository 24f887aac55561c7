package org.elementvault.engine.dataset;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * The format checks an import applies to every value of a column with {@code check_format: true}.
 * They read the CSV text of a value, whatever the column's type, and allocate nothing unless a
 * value fails.
 *
 * <ul>
 *   <li>{@code ID_CARD}: the 18-character PRC resident ID of GB 11643-1999 — 17 digits, then a
 *       check character computed with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 modulo 11 and
 *       mapped through {@code 10X98765432}; the birth date in characters 7 to 14 must be a real
 *       date from 1800-01-01 to today. Only an upper-case {@code X} is accepted, the standard's
 *       spelling: the ID is usually the subject column, and {@code x} beside {@code X} would count
 *       one person as two distinct subjects. The six-digit region code is not checked against a
 *       list, which changes over time.
 *   <li>{@code PHONE}: a mainland mobile number, exactly 11 digits starting with 13 to 19; no
 *       {@code +86} prefix, spaces or dashes.
 *   <li>{@code BANK_CARD}: 16 to 19 digits with a valid Luhn checksum; no spaces.
 *   <li>{@code EMAIL}: a conservative ASCII {@code local@domain}: at most 254 characters; a local
 *       part of 1 to 64 of {@code A-Z a-z 0-9 . _ % + -} without a leading, trailing or doubled
 *       dot; a domain of at least two dot-separated labels of letters, digits and inner hyphens,
 *       each 1 to 63 characters, the last all letters and at least two long. Quoted local parts, IP
 *       literals and non-ASCII addresses are refused.
 *   <li>{@code BIRTH_DATE}: {@code yyyy-MM-dd}, a real date from 1800-01-01 to today.
 * </ul>
 *
 * <p>"Today" is the caller's: it passes the date from its injected clock. Messages name the column
 * and the rule, never the value. Thread-safe: no state.
 */
public final class PiiFormats {

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK_CHARACTERS = "10X98765432";
  private static final int EARLIEST_BIRTH = Dates.epochDay(1800, 1, 1);

  private PiiFormats() {}

  /**
   * Checks {@code text} against the format of {@code column}'s PII type, if the column asks for it;
   * does nothing otherwise.
   *
   * @throws VaultException {@code USER_ERROR} naming the column and the rule, never the value
   */
  public static void check(Column column, String text, LocalDate today) {
    if (!column.checkFormat()) {
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String problem =
        problem(column.pii(), bytes, 0, bytes.length, Math.toIntExact(today.toEpochDay()));
    if (problem != null) {
      throw new VaultException(
          ErrorCode.USER_ERROR, DatasetMessages.badValue(column.name(), problem));
    }
  }

  /**
   * Returns the rule the UTF-8 text {@code bytes[from, to)} breaks for {@code pii}, or null if it
   * has the format (or the type has none to check). Every format is ASCII, so a byte that is not
   * breaks it, whether or not it is valid UTF-8.
   */
  static @Nullable String problem(PiiType pii, byte[] bytes, int from, int to, int todayEpochDay) {
    return switch (pii) {
      case ID_CARD -> residentIdProblem(bytes, from, to, todayEpochDay);
      case PHONE -> isMobilePhone(bytes, from, to) ? null : DatasetMessages.PII_PHONE;
      case BANK_CARD -> bankCardProblem(bytes, from, to);
      case EMAIL -> isEmail(bytes, from, to) ? null : DatasetMessages.PII_EMAIL;
      case BIRTH_DATE -> birthDateProblem(bytes, from, to, todayEpochDay);
      case NAME, ADDRESS, GEO, NONE -> null;
    };
  }

  /**
   * Returns the check character of a resident ID whose first 17 characters are {@code first17}:
   * {@code '0'} to {@code '9'} or {@code 'X'}.
   *
   * @throws IllegalArgumentException unless {@code first17} is 17 ASCII digits
   */
  public static char residentIdCheckCharacter(CharSequence first17) {
    if (first17.length() != 17) {
      throw new IllegalArgumentException("a resident ID has 17 digits before its check character");
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int digit = first17.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        throw new IllegalArgumentException("a resident ID's first 17 characters are digits");
      }
      sum += digit * ID_WEIGHTS[i];
    }
    return ID_CHECK_CHARACTERS.charAt(sum % 11);
  }

  /**
   * Returns the Luhn check digit to append to {@code digits} (a card number without its last
   * digit).
   *
   * @throws IllegalArgumentException unless {@code digits} is non-empty ASCII digits
   */
  public static char luhnCheckDigit(CharSequence digits) {
    if (digits.length() == 0) {
      throw new IllegalArgumentException("no digits");
    }
    int sum = 0;
    // The check digit will sit at the right, so the rightmost given digit is doubled.
    boolean doubled = true;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int digit = digits.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        throw new IllegalArgumentException("only digits have a Luhn check digit");
      }
      sum += doubled ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
      doubled = !doubled;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  private static @Nullable String residentIdProblem(byte[] text, int from, int to, int today) {
    if (to - from != 18) {
      return DatasetMessages.PII_ID_CARD_SHAPE;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int digit = text[from + i] - '0';
      if (digit < 0 || digit > 9) {
        return DatasetMessages.PII_ID_CARD_SHAPE;
      }
      sum += digit * ID_WEIGHTS[i];
    }
    byte check = text[from + 17];
    if ((check < '0' || check > '9') && check != 'X') {
      return DatasetMessages.PII_ID_CARD_SHAPE;
    }
    int birth = Dates.compactDate(text, from + 6, to);
    if (birth == Dates.INVALID || birth < EARLIEST_BIRTH || birth > today) {
      return DatasetMessages.PII_ID_CARD_BIRTH_DATE;
    }
    return check == ID_CHECK_CHARACTERS.charAt(sum % 11)
        ? null
        : DatasetMessages.PII_ID_CARD_CHECKSUM;
  }

  private static boolean isMobilePhone(byte[] text, int from, int to) {
    if (to - from != 11 || text[from] != '1' || text[from + 1] < '3') {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      byte c = text[i];
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String bankCardProblem(byte[] text, int from, int to) {
    int length = to - from;
    if (length < 16 || length > 19) {
      return DatasetMessages.PII_BANK_CARD_SHAPE;
    }
    int sum = 0;
    boolean doubled = false;
    for (int i = to - 1; i >= from; i--) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        return DatasetMessages.PII_BANK_CARD_SHAPE;
      }
      sum += doubled ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
      doubled = !doubled;
    }
    return sum % 10 == 0 ? null : DatasetMessages.PII_BANK_CARD_CHECKSUM;
  }

  private static boolean isEmail(byte[] text, int from, int to) {
    int at = -1;
    for (int i = from; i < to && at < 0; i++) {
      if (text[i] == '@') {
        at = i - from;
      }
    }
    int length = to - from;
    if (length > 254 || at < 1 || at > 64 || at == length - 1) {
      return false;
    }
    byte previous = '.';
    for (int i = from; i < from + at; i++) {
      byte c = text[i];
      if (c == '.') {
        if (previous == '.') {
          return false; // leading or doubled dot
        }
      } else if (!isAsciiLetterOrDigit(c) && c != '_' && c != '%' && c != '+' && c != '-') {
        return false;
      }
      previous = c;
    }
    if (previous == '.') {
      return false; // trailing dot
    }
    return isDomain(text, from + at + 1, to);
  }

  private static boolean isDomain(byte[] text, int start, int to) {
    int labels = 0;
    int labelStart = start;
    boolean lastAllLetters = true;
    for (int i = start; i <= to; i++) {
      if (i == to || text[i] == '.') {
        int labelLength = i - labelStart;
        if (labelLength < 1 || labelLength > 63 || text[labelStart] == '-' || text[i - 1] == '-') {
          return false;
        }
        labels++;
        if (i == to) {
          return labels >= 2 && lastAllLetters && labelLength >= 2;
        }
        labelStart = i + 1;
        lastAllLetters = true;
      } else {
        byte c = text[i];
        if (!isAsciiLetterOrDigit(c) && c != '-') {
          return false;
        }
        lastAllLetters &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      }
    }
    return false;
  }

  private static boolean isAsciiLetterOrDigit(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static @Nullable String birthDateProblem(byte[] text, int from, int to, int today) {
    int day = to - from == 10 ? Dates.isoDate(text, from, to) : Dates.INVALID;
    if (day == Dates.INVALID) {
      return DatasetMessages.PII_BIRTH_DATE_SHAPE;
    }
    return day < EARLIEST_BIRTH || day > today ? DatasetMessages.PII_BIRTH_DATE_RANGE : null;
  }
}
