package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * Exact averages for the code Calcite generates ({@link ExactAggregates}): the quotient of an exact
 * sum and a count, truncated toward zero to the average's type, as the vectorized executor computes
 * it. Public only because generated code calls it; nothing else should.
 */
public final class ExactAverage {

  private ExactAverage() {}

  /** The average of integers as an INT: {@code sum / count} truncated; NULL over no values. */
  public static @Nullable Integer averageInt(@Nullable BigDecimal sum, long count) {
    BigInteger quotient = quotient(sum, count);
    return quotient == null ? null : quotient.intValueExact();
  }

  /** The average of integers as a BIGINT: {@code sum / count} truncated; NULL over no values. */
  public static @Nullable Long averageLong(@Nullable BigDecimal sum, long count) {
    BigInteger quotient = quotient(sum, count);
    return quotient == null ? null : quotient.longValueExact();
  }

  /** The average of decimals, truncated to {@code scale} digits; NULL over no values. */
  public static @Nullable BigDecimal averageDecimal(
      @Nullable BigDecimal sum, long count, int scale) {
    return sum == null || count == 0
        ? null
        : sum.divide(BigDecimal.valueOf(count), scale, RoundingMode.DOWN);
  }

  /** An average of integers lies between their minimum and maximum, so it fits their type. */
  private static @Nullable BigInteger quotient(@Nullable BigDecimal sum, long count) {
    return sum == null || count == 0
        ? null
        : sum.toBigIntegerExact().divide(BigInteger.valueOf(count));
  }
}
