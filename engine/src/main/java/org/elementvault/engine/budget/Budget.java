package org.elementvault.engine.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A dataset's ε budget as stored (sealed JSON, kind {@code budget}). It belongs to the dataset's
 * name within its tenant, not to one import of it, so dropping and re-importing a dataset cannot
 * reset what it has used.
 *
 * @param id record number, never reused
 * @param tenantId the dataset's tenant
 * @param dataset the dataset's name
 * @param epsilon the ε granted per window
 * @param windowDays the rolling window, in days of 24 hours
 * @param setAt when the vault admin last set it
 */
record Budget(
    long id, long tenantId, String dataset, BigDecimal epsilon, int windowDays, Instant setAt) {

  Budget {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(epsilon, "epsilon");
    Objects.requireNonNull(setAt, "setAt");
  }
}
