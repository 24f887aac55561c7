package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.elementvault.engine.Names;

/**
 * The {@code model} block of a {@code FEATURE} element's spec: a model trained inside the sandbox
 * on the rows of the element's query (DESIGN.md, Models). Features and target name output columns
 * of the query; whether they may be used is the assessment's decision, not this record's.
 *
 * @param algorithm what is trained
 * @param target the output column the model predicts
 * @param features the output columns it predicts from, in the order the result lists them
 * @param minSubjects the fewest distinct subjects the model may be trained on; the assessment
 *     refuses one below {@link #floor(int)}
 */
public record ModelSpec(
    ModelAlgorithm algorithm, String target, List<String> features, int minSubjects) {

  /** The most features one model may have. */
  public static final int MAX_FEATURES = 50;

  /** The largest {@code min_subjects} a spec may ask for. */
  public static final int MAX_MIN_SUBJECTS = 1_000_000_000;

  /** The vault's floor of distinct subjects behind any trained model. */
  public static final int VAULT_MIN_SUBJECTS = 1000;

  /** The distinct subjects each feature adds to the floor. */
  public static final int MIN_SUBJECTS_PER_FEATURE = 50;

  /**
   * The fewest distinct subjects a model of {@code features} features may be trained on: {@value
   * #VAULT_MIN_SUBJECTS}, and at least {@value #MIN_SUBJECTS_PER_FEATURE} per feature. A spec may
   * raise it, never lower it.
   */
  public static int floor(int features) {
    return Math.max(VAULT_MIN_SUBJECTS, MIN_SUBJECTS_PER_FEATURE * features);
  }

  /** Whether {@link #minSubjects()} is at least the vault's floor for these features. */
  public boolean meetsFloor() {
    return minSubjects >= floor(features.size());
  }

  /**
   * Checks every component.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} naming the key and the rule
   */
  public ModelSpec {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(target, "target");
    features = List.copyOf(features);
    if (!Names.isValid(target)) {
      throw userError(ElementMessages.MODEL_TARGET);
    }
    if (features.isEmpty() || features.size() > MAX_FEATURES) {
      throw userError(ElementMessages.MODEL_FEATURES);
    }
    Set<String> seen = new HashSet<>();
    for (String feature : features) {
      if (!Names.isValid(feature) || !seen.add(feature)) {
        throw userError(ElementMessages.MODEL_FEATURES);
      }
    }
    if (seen.contains(target)) {
      throw userError(ElementMessages.MODEL_TARGET_IS_FEATURE);
    }
    if (minSubjects < 1 || minSubjects > MAX_MIN_SUBJECTS) {
      throw userError(ElementMessages.MODEL_MIN_SUBJECTS);
    }
  }
}
