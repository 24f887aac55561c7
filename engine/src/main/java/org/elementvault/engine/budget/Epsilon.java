package org.elementvault.engine.budget;

import java.math.BigDecimal;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/** The one rule for an amount of ε, and its one written form. */
final class Epsilon {

  /** The largest ε a budget or a run may name: far beyond any meaningful privacy guarantee. */
  static final BigDecimal MAX = BigDecimal.valueOf(100);

  /** Finer amounts buy nothing and would make messages and sums unwieldy. */
  static final int MAX_DECIMALS = 6;

  private Epsilon() {}

  /**
   * Returns {@code epsilon} in its shortest exact form if 0 &lt; ε ≤ {@link #MAX} with at most
   * {@link #MAX_DECIMALS} decimal places.
   *
   * @throws VaultException {@code USER_ERROR} naming the rule, never the value
   */
  static BigDecimal check(BigDecimal epsilon) {
    BigDecimal exact = normalized(epsilon);
    if (exact.signum() <= 0 || exact.compareTo(MAX) > 0 || exact.scale() > MAX_DECIMALS) {
      throw new VaultException(ErrorCode.USER_ERROR, BudgetMessages.INVALID_EPSILON);
    }
    return exact;
  }

  /**
   * {@code value} without trailing zeros and never in exponent form, so equal amounts are equal
   * records and print alike ({@code 1}, not {@code 1.000} or {@code 1E+1}).
   */
  static BigDecimal normalized(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** The written form of an amount, as messages and log entries show it. */
  static String text(BigDecimal value) {
    return normalized(value).toPlainString();
  }
}
