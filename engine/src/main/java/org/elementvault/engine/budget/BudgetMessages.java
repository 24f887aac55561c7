package org.elementvault.engine.budget;

import java.math.BigDecimal;

/**
 * The user-facing texts of this package, kept in one place so tests and documentation quote the
 * same words. They name datasets (once their names passed the name rule), amounts of ε and windows,
 * never a data value.
 */
final class BudgetMessages {

  static final String INVALID_EPSILON =
      "epsilon must be greater than 0 and at most "
          + Epsilon.MAX
          + ", with at most "
          + Epsilon.MAX_DECIMALS
          + " decimal places";

  static final String INVALID_WINDOW =
      "window-days must be a whole number of days from 1 to " + Budgets.MAX_WINDOW_DAYS;

  static final String NO_DATASETS = "a charge names at least one dataset";

  static final String TENANT_NOT_FOUND = "tenant not found";

  private BudgetMessages() {}

  /** A refund of a charge the caller may not see, or that differs from the one recorded. */
  static String chargeNotFound(long id) {
    return "charge " + id + " not found";
  }

  /** A run on a dataset the vault admin has granted no ε. */
  static String noBudget(String dataset) {
    return "dataset "
        + dataset
        + " has no ε budget, so dp runs on it are refused: the vault admin sets one with evault"
        + " dataset budget "
        + dataset
        + " --epsilon E --window-days N";
  }

  /** A run that would spend more than is left. */
  static String exceeded(String dataset, BigDecimal cost, BigDecimal left, Budget budget) {
    return "dataset "
        + dataset
        + ": ε "
        + Epsilon.text(cost)
        + " exceeds what is left of its budget ("
        + Epsilon.text(left)
        + " of "
        + Epsilon.text(budget.epsilon())
        + " per "
        + window(budget.windowDays())
        + ")";
  }

  /** A budget as the log records it: {@code ε 1 per 30 days}. */
  static String describe(Budget budget) {
    return "ε " + Epsilon.text(budget.epsilon()) + " per " + window(budget.windowDays());
  }

  static String window(int days) {
    return days == 1 ? "1 day" : days + " days";
  }
}
