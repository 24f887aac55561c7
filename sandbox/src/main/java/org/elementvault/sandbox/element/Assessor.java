package org.elementvault.sandbox.element;

import org.elementvault.engine.auth.Principal;

/**
 * The automatic risk assessment of a design spec, as the query compiler and policy perform it. Runs
 * inside the guard of {@code element.check} and {@code element.submit}, so its refusal is logged.
 */
@FunctionalInterface
public interface Assessor {

  /**
   * Assesses {@code spec} for {@code caller}'s tenant, whose threshold floor is {@code floor}. An
   * assessor that lists problems lists a threshold below the floor among them; the workflow refuses
   * such a spec in any case.
   *
   * @throws org.elementvault.engine.VaultException {@code POLICY_REFUSED} naming every problem,
   *     never a data value, when the spec may not pass
   */
  Assessment assess(Principal caller, ElementSpec spec, ThresholdFloor floor);
}
