package org.elementvault.engine.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The ε one dp run was charged, on every dataset it reads; what {@link Budgets#refund} takes back
 * when the run fails.
 *
 * @param id charge number, never reused
 * @param tenantId the tenant whose datasets were charged
 * @param datasets the datasets charged, each once, in the order named
 * @param epsilon the ε charged to each of them
 * @param jobId the run it pays for
 * @param chargedAt when it was charged (vault clock); it counts for each dataset's window from then
 */
public record Charge(
    long id,
    long tenantId,
    List<String> datasets,
    BigDecimal epsilon,
    String jobId,
    Instant chargedAt) {

  public Charge {
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(epsilon, "epsilon");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(chargedAt, "chargedAt");
  }
}
