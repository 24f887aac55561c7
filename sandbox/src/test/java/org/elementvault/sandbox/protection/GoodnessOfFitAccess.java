package org.elementvault.sandbox.protection;

import java.util.function.LongToDoubleFunction;

/** {@link GoodnessOfFit}'s chi-square test, for the release tests outside this package. */
public final class GoodnessOfFitAccess {

  private GoodnessOfFitAccess() {}

  /** See {@link GoodnessOfFit#pValue}. */
  public static double pValue(long[] samples, LongToDoubleFunction pmf, long support) {
    return GoodnessOfFit.pValue(samples, pmf, support);
  }
}
