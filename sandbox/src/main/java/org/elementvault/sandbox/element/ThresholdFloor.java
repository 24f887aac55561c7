package org.elementvault.sandbox.element;

import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.engine.tenant.Tenant;

/**
 * A tenant's threshold floor, set by the vault admin ({@code tenant quota --min-threshold}): every
 * element of the tenant releases groups of at least {@code minimum} distinct subjects, whatever its
 * spec asks for. A spec may only raise it. Checked at every check, submission and run, since the
 * floor may be raised after an element's approval.
 *
 * @param tenant the tenant's name, for messages
 * @param minimum the smallest threshold the tenant's elements may use
 */
public record ThresholdFloor(String tenant, int minimum) {

  public ThresholdFloor {
    Objects.requireNonNull(tenant, "tenant");
    Quotas.checkMinThreshold(minimum);
  }

  /** The floor of {@code tenant}, from its quotas. */
  public static ThresholdFloor of(Tenant tenant) {
    return new ThresholdFloor(tenant.name(), tenant.quotas().minThreshold());
  }

  /** Whether a spec may use {@code threshold}. */
  public boolean admits(int threshold) {
    return threshold >= minimum;
  }

  /** The rule a spec's {@code threshold} below the floor breaks, after the word "threshold". */
  public String rule(int threshold) {
    return ElementMessages.belowFloorRule(threshold, tenant, minimum);
  }

  /** What makes a spec below the floor pass. */
  public String fix() {
    return ElementMessages.belowFloorFix(minimum);
  }

  /**
   * Refuses a spec whose threshold is below the floor.
   *
   * @throws VaultException {@code POLICY_REFUSED} naming the threshold, the tenant and the floor
   */
  void requireAdmits(ElementSpec spec) {
    if (!admits(spec.threshold())) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED, ElementMessages.belowFloor(spec.threshold(), tenant, minimum));
    }
  }

  /**
   * Refuses a run of a stored element whose threshold is below the floor, as it is when the floor
   * was raised after the element's approval.
   *
   * @throws VaultException {@code POLICY_REFUSED} naming the element, its threshold and the floor
   */
  public void requireRunnable(Element element) {
    int threshold = element.spec().threshold();
    if (!admits(threshold)) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          ElementMessages.runBelowFloor(element.id(), threshold, tenant, minimum));
    }
  }
}
