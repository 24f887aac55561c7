package org.elementvault.sandbox.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elementvault.sandbox.protection.SubjectSetDigest;

/**
 * A decision tree as fitted, before any noise: never released as it is.
 *
 * @param leaves the leaves, left (the {@code <} side of a split) before right
 * @param importances one per feature in the spec's order: its share of the tree's impurity decrease
 * @param importanceScale how far one subject can move an importance, which scales its noise
 * @param metrics the fit metrics on the held-out rows, by name, in release order
 * @param testRows how many rows the metrics were computed on
 * @param model the fitted tree in its sealed form's plaintext ({@link ModelBlob}); never released
 */
record TreeFit(
    List<Leaf> leaves,
    List<Importance> importances,
    double importanceScale,
    Map<String, Double> metrics,
    int testRows,
    ModelBlob model) {

  TreeFit {
    leaves = List.copyOf(leaves);
    importances = List.copyOf(importances);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    Objects.requireNonNull(model, "model");
  }

  /**
   * One leaf.
   *
   * @param path the conditions that lead to it, as text on the features' grids, each feature's
   *     tightest edges ({@code age >= 32 AND age < 39 AND debt < 1.8}); {@link #ROOT} for a tree
   *     without splits
   * @param value the mean target of its training rows (for a boolean target, the share of true)
   * @param noiseScale the larger of the value's standard error and one subject's reach (the
   *     target's range over the leaf's subjects), which scales its noise
   * @param subjects the digest of its training rows, one per subject: their count and what its
   *     noise and low-count filter are seeded by
   */
  record Leaf(String path, double value, double noiseScale, SubjectSetDigest subjects) {

    /** The path of the only leaf of a tree that does not split. */
    static final String ROOT = "(all)";

    Leaf {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(subjects, "subjects");
    }
  }

  /**
   * One feature's importance.
   *
   * @param feature the feature's name
   * @param share its share of the impurity decrease of all splits, from 0 to 1
   */
  record Importance(String feature, double share) {
    Importance {
      Objects.requireNonNull(feature, "feature");
    }
  }
}
