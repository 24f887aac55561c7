package org.elementvault.engine.budget;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A dataset's ε budget and how much of it the current window has used. Amounts are exact decimals
 * in their shortest form ({@code 1}, {@code 0.25}).
 *
 * @param epsilon the ε granted per window
 * @param windowDays the rolling window, in days
 * @param used what charges within the window have spent, refunds deducted; above {@code epsilon}
 *     when the vault admin lowered the budget below it
 * @param left what a run may still spend: {@code epsilon - used}, never below 0
 */
public record BudgetStatus(BigDecimal epsilon, int windowDays, BigDecimal used, BigDecimal left) {

  public BudgetStatus {
    epsilon = Epsilon.normalized(Objects.requireNonNull(epsilon, "epsilon"));
    used = Epsilon.normalized(Objects.requireNonNull(used, "used"));
    left = Epsilon.normalized(Objects.requireNonNull(left, "left"));
    if (windowDays < 1 || windowDays > Budgets.MAX_WINDOW_DAYS) {
      throw new IllegalArgumentException(
          "windowDays must be from 1 to " + Budgets.MAX_WINDOW_DAYS + ", got " + windowDays);
    }
    if (epsilon.signum() <= 0 || used.signum() < 0 || left.signum() < 0) {
      throw new IllegalArgumentException("epsilon must be positive, used and left not negative");
    }
  }
}
