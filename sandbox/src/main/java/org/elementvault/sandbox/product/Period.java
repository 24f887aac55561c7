package org.elementvault.sandbox.product;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * The days a product may run, both included.
 *
 * @param from the first day
 * @param until the last day, after {@code from}
 */
public record Period(LocalDate from, LocalDate until) {

  public Period {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (!until.isAfter(from)) {
      throw new VaultException(ErrorCode.USER_ERROR, ProductMessages.UNTIL_NOT_AFTER_FROM);
    }
  }

  /**
   * The period typed as {@code --from} and {@code --until}.
   *
   * @throws VaultException {@code USER_ERROR} for a date that is not {@code YYYY-MM-DD} or an
   *     {@code until} not after {@code from}
   */
  public static Period parse(String from, String until) {
    return new Period(date("from", from), date("until", until));
  }

  /** Whether {@code day} lies in the period. */
  public boolean contains(LocalDate day) {
    return !day.isBefore(from) && !day.isAfter(until);
  }

  private static LocalDate date(String option, String text) {
    try {
      if (!text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
        throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
      }
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new VaultException(ErrorCode.USER_ERROR, ProductMessages.notADate(option));
    }
  }
}
