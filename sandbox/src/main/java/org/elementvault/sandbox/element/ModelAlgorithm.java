package org.elementvault.sandbox.element;

import java.util.Locale;
import java.util.Optional;

/** The algorithms a model element may name ({@code model.algorithm}). */
public enum ModelAlgorithm {
  /** Least-squares linear regression of a numeric target. */
  LINEAR_REGRESSION,
  /** Logistic regression of a two-valued target. */
  LOGISTIC_REGRESSION,
  /** A decision tree. */
  DECISION_TREE,
  /** Gradient-boosted trees. */
  GRADIENT_BOOSTING;

  /** How a spec spells it: {@code linear_regression}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The algorithm a spec names, if it is one. */
  public static Optional<ModelAlgorithm> fromSpecName(String text) {
    for (ModelAlgorithm algorithm : values()) {
      if (algorithm.specName().equals(text)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }
}
