package org.elementvault.engine.tenant;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Working-day arithmetic for the rules' review deadlines. Counts Monday to Friday; public holidays
 * and their make-up working days are not known to the vault, so deadlines may be a few days early
 * around holidays (never late).
 */
final class WorkingDays {

  private WorkingDays() {}

  /** The date {@code days} working days after {@code start}. */
  static LocalDate add(LocalDate start, int days) {
    LocalDate date = start;
    int left = days;
    while (left > 0) {
      date = date.plusDays(1);
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        left--;
      }
    }
    return date;
  }
}
