package org.elementvault.sandbox.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as fitted, before any noise: never released as it is.
 *
 * @param terms the intercept first, then one term per feature in the spec's order, in the units of
 *     the data
 * @param metrics the fit metrics on the held-out rows, by name, in release order
 * @param testRows how many rows the metrics were computed on
 * @param model the fitted model in its sealed form's plaintext ({@link ModelBlob}); never released
 */
record Fit(List<Term> terms, Map<String, Double> metrics, int testRows, ModelBlob model) {

  /** The intercept's name in a released table. */
  static final String INTERCEPT = "(intercept)";

  Fit {
    terms = List.copyOf(terms);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * One coefficient.
   *
   * @param feature the feature's name, or {@link #INTERCEPT}
   * @param coefficient its value
   * @param standardError its approximate standard error (features taken as uncorrelated), which
   *     scales its noise
   */
  record Term(String feature, double coefficient, double standardError) {
    Term {
      Objects.requireNonNull(feature, "feature");
    }
  }
}
