package org.elementvault.sandbox.model;

import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.elementvault.sandbox.element.ModelSpec;

/**
 * The model rules' user-facing texts, in one place so tests and documentation quote the same words.
 * They name spec keys, columns and rules, never a data value.
 */
final class ModelMessages {

  static final String MIN_SUBJECTS = "model.min_subjects";
  static final String ALGORITHM = "model.algorithm";
  static final String PROTECTION = "protection";
  static final String QUERY = "query";

  static final String DP_RULE =
      "dp is not available for model training: coefficients would need a dp training mechanism"
          + " charged to the budget";
  static final String DP_FIX = "use protection: noise (sticky noise on coefficients and metrics)";
  static final String AGGREGATE_RULE =
      "of a model element must select rows, one per subject, not groups";
  static final String AGGREGATE_FIX = "remove GROUP BY and aggregates";
  static final String SHAPE_RULE =
      "of a model element must read one table without joins or set operations, so each subject"
          + " contributes one row";
  static final String SHAPE_FIX = "read one dataset in one SELECT";
  static final String NOT_UNIQUE_RULE =
      "does not hold one row per subject (or its import could not tell): a model is trained on"
          + " one row per subject, so no person weighs more than another";
  static final String NOT_UNIQUE_FIX = "import a dataset with one row per subject";
  static final String EXTRA_OUTPUT_RULE = "is neither a feature nor the target of the model";
  static final String EXTRA_OUTPUT_FIX = "remove it from the SELECT list (least privilege)";
  static final String SUBJECT_RULE =
      "may not be a model feature or target: it identifies the subject";
  static final String SENSITIVE_RULE =
      "may not be a model feature or target: identifiers and SENSITIVE data stay out of models";
  static final String CORE_RULE = "may not be used: CORE data needs an explicit grant";
  static final String COLUMN_FIX = "remove it; use GENERAL or IMPORTANT columns";
  static final String TOO_FEW_SUBJECTS =
      "model training refused: the query selects fewer distinct subjects than model.min_subjects"
          + " (with every feature and the target present)";

  private ModelMessages() {}

  static String belowFloor(ModelSpec model) {
    return "is "
        + model.minSubjects()
        + ", below the vault's floor of "
        + ModelSpec.floor(model.features().size())
        + " for "
        + model.features().size()
        + " features (at least "
        + ModelSpec.VAULT_MIN_SUBJECTS
        + " distinct subjects and "
        + ModelSpec.MIN_SUBJECTS_PER_FEATURE
        + " per feature)";
  }

  static String floorFix(ModelSpec model) {
    return "raise min_subjects to at least " + ModelSpec.floor(model.features().size());
  }

  static String unavailable(ModelAlgorithm algorithm) {
    return "is "
        + algorithm.specName()
        + ", which this vault does not train yet: its release rules (every leaf with at least k"
        + " distinct subjects, noised leaf values) are not built";
  }

  static final String UNAVAILABLE_FIX = "use linear_regression or logistic_regression";

  static String notAnOutput(String column) {
    return "names " + column + ", which is not an output column of the query";
  }

  static String notAnOutputFix(String key) {
    return "select the column in the query or fix " + key;
  }

  static final String FEATURE_TYPE = "is not a number or a boolean";

  static final String FEATURE_TYPE_FIX = "select a numeric or boolean column";

  static String targetType(ModelAlgorithm algorithm) {
    return switch (algorithm) {
      case LOGISTIC_REGRESSION -> "must be a boolean for logistic_regression";
      case LINEAR_REGRESSION, DECISION_TREE, GRADIENT_BOOSTING ->
          "must be a number for " + algorithm.specName();
    };
  }

  static final String TARGET_TYPE_FIX = "select a target of that type";

  static VaultException notFound(String model) {
    return new VaultException(ErrorCode.NOT_FOUND, "model " + model + " not found");
  }
}
