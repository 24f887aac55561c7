package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one subject contributes to one group's aggregate: its row count for a count, its total for a
 * sum.
 *
 * @param subject the keyed hash of the subject
 * @param amount the contribution, of any sign
 */
public record Contribution(SubjectHash subject, BigDecimal amount) {

  /** Checks for nulls. */
  public Contribution {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(amount, "amount");
  }

  /** A whole-number contribution. */
  public static Contribution of(SubjectHash subject, long amount) {
    return new Contribution(subject, BigDecimal.valueOf(amount));
  }

  /** Redacted: an amount is a data value. */
  @Override
  public String toString() {
    return "Contribution[redacted]";
  }
}
