package org.elementvault.sandbox.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
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

  static String dpAlgorithm(ModelAlgorithm algorithm) {
    return "dp is not available for "
        + algorithm.specName()
        + ": only linear_regression supports protection: dp";
  }

  static final String DP_ALGORITHM_FIX =
      "use algorithm: linear_regression, or protection: noise (sticky noise on the released"
          + " numbers)";
  static final String DP_BOUNDS_MISSING =
      "is read by a model trained under protection: dp without clamping bounds";

  static String dpBoundsFix(String column) {
    return "declare bounds: {" + column + ": [lower, upper]} with lower below upper in the spec";
  }

  static final String DP_BOUNDS_EMPTY =
      "must have lower below upper for a model: a column fixed at one value carries nothing";
  static final String DP_BOUNDS_UNUSED = "names a column that is neither a feature nor the target";
  static final String DP_BOUNDS_UNUSED_FIX = "remove it, or correct the column name";
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
        + ", which this vault does not train: Tribuo's gradient boosting is XGBoost, native code"
        + " that would run on decrypted rows outside the job's limits and bounds its leaves by"
        + " Hessian weight, not by k distinct subjects";
  }

  static final String UNAVAILABLE_FIX =
      "use decision_tree, linear_regression or logistic_regression";

  static final String SMALL_LEAF =
      "model training refused: a leaf of the decision tree holds fewer distinct subjects than the"
          + " element's threshold k";

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
      case DECISION_TREE -> "must be a number or a boolean for decision_tree";
      case LINEAR_REGRESSION, GRADIENT_BOOSTING -> "must be a number for " + algorithm.specName();
    };
  }

  static final String TARGET_TYPE_FIX = "select a target of that type";

  static VaultException notFound(String model) {
    return new VaultException(ErrorCode.NOT_FOUND, "model " + model + " not found");
  }

  static final String ONNX_SIZE = "must hold 1 to " + (OnnxModel.MAX_BYTES >> 20) + " MiB";
  static final String ONNX_MALFORMED = "is not a well-formed ONNX model";
  static final String ONNX_EXTERNAL_DATA =
      "keeps tensor data in external files; a registered model must be one self-contained file";
  static final String ONNX_DOMAIN = "imports an operator set other than ai.onnx and ai.onnx.ml";
  static final String ONNX_OPSET =
      "must import the ai.onnx operator set at a version from "
          + OnnxModel.MIN_OPSET
          + " to "
          + OnnxModel.MAX_OPSET;
  static final String ONNX_RUNTIME_REFUSED = "is refused by ONNX Runtime";
  static final String ONNX_INPUTS =
      "must have one input per feature, named exactly as the --features columns";
  static final String ONNX_INPUT_TYPE = "inputs must be float32 tensors of shape [N] or [N, 1]";
  static final String ONNX_OUTPUT =
      "must have exactly one output, a float32 or float64 tensor of shape [N] or [N, 1]";

  /** A registration refused because the file breaks {@code rule}. */
  static VaultException onnxRefused(String rule) {
    return new VaultException(ErrorCode.USER_ERROR, "model file: the ONNX model " + rule);
  }

  /** Scoring stopped by the runtime: a model that passed registration failed on a batch. */
  static VaultException scoringFailed() {
    return new VaultException(
        ErrorCode.USER_ERROR, "model scoring failed: the runtime rejected a batch of rows");
  }

  /** The {@code --features} of a registration, checked: 1 to 50 distinct column names. */
  static List<String> checkFeatures(List<String> features) {
    Set<String> seen = new HashSet<>();
    for (String feature : features) {
      if (!Names.isValid(feature) || !seen.add(feature)) {
        throw new VaultException(ErrorCode.USER_ERROR, FEATURES_RULE);
      }
    }
    if (features.isEmpty() || features.size() > ModelSpec.MAX_FEATURES) {
      throw new VaultException(ErrorCode.USER_ERROR, FEATURES_RULE);
    }
    return List.copyOf(features);
  }

  static final String FEATURES_RULE =
      "features: must list 1 to "
          + ModelSpec.MAX_FEATURES
          + " distinct column names matching [a-z0-9][a-z0-9_-]{0,62}";

  static VaultException nameTaken(String model) {
    return new VaultException(ErrorCode.USER_ERROR, "model " + model + " already exists");
  }

  static final String SCORING_ROWS_RULE =
      "of a scoring element must select rows to score, not groups: aggregate in model.output";
  static final String SCORING_SHAPE_RULE =
      "of a scoring element must read one table without joins or set operations";
  static final String BARE_RULE =
      "of a scoring element must select bare columns under their own names, so each keeps its"
          + " classification in scored";
  static final String BARE_FIX = "select the columns themselves; compute in model.output";
  static final String SCORE_NAME_RULE = "is the name of the score column of scored";
  static final String FEATURE_NOT_SELECTED = "is not an output column of the query";
  static final String OUTPUT_KEY = "model.output";
  static final String OUTPUT_AGGREGATE_RULE =
      "must aggregate: scores leave only as aggregates over at least k distinct subjects, never"
          + " per person";
  static final String OUTPUT_AGGREGATE_FIX = "aggregate the scores, e.g. AVG(score) ... GROUP BY";
  static final String MODEL_KEY = "model.model";
  static final String NO_SUCH_MODEL =
      "names no model of this tenant, neither one trained inside the vault nor a registered ONNX"
          + " model";
  static final String NO_SUCH_MODEL_FIX =
      "train it with a task: train element, or register an ONNX model with model register";

  /** A sealed model that does not decode: a defect or tampering, never a user's mistake. */
  static VaultException sealedModelMalformed() {
    return new VaultException(
        ErrorCode.INTEGRITY, "model scoring failed: the sealed model is not a well-formed model");
  }

  static String subjectMissing(String subject) {
    return "of a scoring element must select the subject column "
        + subject
        + ", so the release counts each subject once";
  }

  static String subjectMissingFix(String subject) {
    return "add " + subject + " to the SELECT list; it is never released";
  }
}
