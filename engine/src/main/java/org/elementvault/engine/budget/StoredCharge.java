package org.elementvault.engine.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A charge as stored (sealed JSON, kind {@code budget-charge}): one record for every dataset a run
 * reads, so the whole charge is written, and refunded, at once.
 *
 * @param refundedAt when it was refunded, or null while it counts
 */
record StoredCharge(Charge charge, @Nullable Instant refundedAt) {

  StoredCharge {
    Objects.requireNonNull(charge, "charge");
  }

  /** Whether it counts against {@code dataset} of {@code tenantId} at {@code now}. */
  boolean counts(long tenantId, String dataset, Instant windowStart) {
    return refundedAt == null
        && charge.tenantId() == tenantId
        && charge.datasets().contains(dataset)
        && charge.chargedAt().isAfter(windowStart);
  }

  BigDecimal epsilon() {
    return charge.epsilon();
  }

  StoredCharge refunded(Instant now) {
    return new StoredCharge(charge, now);
  }

  List<String> datasets() {
    return charge.datasets();
  }
}
