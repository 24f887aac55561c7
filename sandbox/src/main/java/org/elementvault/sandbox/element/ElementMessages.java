package org.elementvault.sandbox.element;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.StrictYaml;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.Protection;

/**
 * The element workflow's user-facing messages, in one place so tests and documentation quote the
 * same text. A message names keys, ids and rules, never a value from a spec file except names that
 * passed the name rule.
 */
final class ElementMessages {

  static final List<String> KEYS =
      List.of(
          "name",
          "type",
          "scenario",
          "purpose",
          "datasets",
          "query",
          "threshold",
          "valid_days",
          "function_design",
          "protection",
          "epsilon",
          "delta",
          "bounds",
          "max_groups",
          "parameters",
          "model");

  static final List<String> MODEL_KEYS =
      List.of("task", "algorithm", "target", "features", "min_subjects");

  static final List<String> SCORING_KEYS = List.of("task", "model", "output");

  static final String NOT_A_MAP = "spec: the file must be a map of keys " + KEYS;
  static final String DATASETS_NOT_A_LIST = "spec: datasets must be a list of dataset names";
  static final String NO_DATASETS =
      "spec: datasets must list 1 to " + ElementSpec.MAX_DATASETS + " datasets";
  static final String QUERY_BLANK = "spec: query is blank";
  static final String QUERY_TOO_LONG =
      "spec: query exceeds " + ElementSpec.MAX_QUERY_BYTES + " bytes";
  static final String QUERY_CONTROL =
      "spec: query may not hold control characters other than line breaks and tabs";
  static final String FUNCTION_DESIGN =
      "spec: function_design must be 1 to "
          + ElementSpec.MAX_FUNCTION_DESIGN
          + " characters, without control characters other than line breaks and tabs";
  static final String THRESHOLD =
      "spec: threshold must be "
          + ElementSpec.MIN_THRESHOLD
          + " to "
          + ElementSpec.MAX_THRESHOLD
          + " distinct subjects";
  static final String VALID_DAYS =
      "spec: valid_days must be "
          + ElementSpec.MIN_VALID_DAYS
          + " to "
          + ElementSpec.MAX_VALID_DAYS;

  static final String MODEL_NOT_A_MAP = "spec: model must be a map of keys " + MODEL_KEYS;
  static final String MODEL_TASK = "spec: model.task must be train or score";
  static final String SCORING_MODEL =
      "spec: model.model must name a registered model ([a-z0-9][a-z0-9_-]{0,62})";
  static final String SCORING_OUTPUT =
      "spec: model.output must be one SQL query over scored, at most "
          + ElementSpec.MAX_QUERY_BYTES
          + " bytes, without control characters";
  static final String MODEL_TARGET = "spec: model.target must name one output column of the query";
  static final String MODEL_FEATURES =
      "spec: model.features must list 1 to "
          + ModelSpec.MAX_FEATURES
          + " distinct output columns of the query";
  static final String MODEL_TARGET_IS_FEATURE =
      "spec: model.target may not also be one of model.features";
  static final String MODEL_MIN_SUBJECTS =
      "spec: model.min_subjects must be a whole number from 1 to " + ModelSpec.MAX_MIN_SUBJECTS;
  static final String MODEL_ALGORITHM =
      "spec: model.algorithm must be one of linear_regression, logistic_regression,"
          + " decision_tree, gradient_boosting";
  static final String MODEL_NEEDS_FEATURE = "spec: a model block needs type: FEATURE";
  static final String MODEL_PARAMETERS =
      "spec: a model element takes no parameters: each training set is its own element";

  static final String PARAMETERS_NOT_A_LIST =
      "spec: parameters must be a list of maps {name, type, values} or {name, type, range, step}";
  static final String TOO_MANY_PARAMETERS =
      "spec: parameters may declare at most "
          + Parameter.MAX_PARAMETERS
          + " parameters with at most "
          + Parameter.MAX_VALUES
          + " values in all (each is assessed)";
  static final String PARAMETER_NAME =
      "spec: a parameter name must be a lower-case letter, then up to 62 lower-case letters,"
          + " digits or underscores";

  private ElementMessages() {}

  static String modelUnknownKey(String key) {
    return "spec: unknown key in model" + StrictYaml.shown(key) + "; keys are " + MODEL_KEYS;
  }

  static String scoringUnknownKey(String key) {
    return "spec: unknown key in a task: score model"
        + StrictYaml.shown(key)
        + "; keys are "
        + SCORING_KEYS;
  }

  static String modelDuplicateKey(String key) {
    return "spec: the key model." + key + " appears twice";
  }

  static String modelMissingKey(String key) {
    return "spec: missing key model." + key;
  }

  /** A parameter's key that is not one of its own. */
  static String parameterKey(String key) {
    return "spec: parameters: unknown key"
        + StrictYaml.shown(key)
        + "; keys are [name, type, values, range, step]";
  }

  static String parameterType(String name) {
    return "spec: parameter " + name + ": type must be one of " + List.of(ParameterType.values());
  }

  static String parameterDomain(String name) {
    return "spec: parameter "
        + name
        + ": give its domain either as values or as range and step (INT only)";
  }

  static String parameterRange(String name) {
    return "spec: parameter "
        + name
        + ": range must be [from, to] of whole numbers, from at most to, with a step above 0"
        + " and at most "
        + Parameter.MAX_VALUES
        + " values";
  }

  static String parameterValues(String name) {
    return "spec: parameter "
        + name
        + ": values must be 1 to "
        + Parameter.MAX_VALUES
        + " distinct values of its type (text of 1 to 256 characters without control"
        + " characters, or whole numbers)";
  }

  static String parameterTwice(String name) {
    return "spec: parameter " + name + " is declared twice";
  }

  static String parameterOutOfDomain(String name) {
    return "parameter " + name + ": value not in its declared domain";
  }

  static String parameterMissing(String name) {
    return "parameter " + name + ": missing; the element declares it, give --param " + name + "=…";
  }

  static String parameterUndeclared(String name) {
    return Parameter.isValidName(name)
        ? "parameter " + name + ": the element declares no such parameter"
        : "parameter names are lower-case letters, digits and underscores, starting with a letter";
  }

  static String usageNotYours(String id) {
    return "element "
        + id
        + ": its usage is for the vault admin, its tenant's admins and the developer who"
        + " submitted it";
  }

  static String notReleasable(String id) {
    return "element " + id + " has not run on real data: release needs at least one real run";
  }

  static VaultException userError(String message) {
    return new VaultException(ErrorCode.USER_ERROR, message);
  }

  static String unknownKey(String key) {
    return "spec: unknown key" + StrictYaml.shown(key) + "; keys are " + KEYS;
  }

  static String duplicateKey(String key) {
    return "spec: the key " + key + " appears twice";
  }

  static String missingKey(String key) {
    return "spec: missing key " + key;
  }

  static String notText(String key) {
    return "spec: " + key + " must be text";
  }

  static String notWholeNumber(String key) {
    return "spec: " + key + " must be a whole number";
  }

  static String unknownProtection(String protection) {
    return "spec: protection"
        + StrictYaml.shown(protection)
        + " is not available; protections are noise (the default: sticky noise, no budget) and dp"
        + " (differential privacy, needs epsilon)";
  }

  static final String EPSILON =
      "spec: epsilon must be a decimal number above 0 and at most "
          + Protection.MAX_EPSILON
          + ", with at most "
          + Protection.MAX_EPSILON_SCALE
          + " decimal places";
  static final String EPSILON_MISSING =
      "spec: protection dp needs epsilon, the ε one run costs (above 0, at most "
          + Protection.MAX_EPSILON
          + ")";
  static final String DELTA =
      "spec: delta must be a decimal number above 0 and at most "
          + Protection.MAX_DELTA.toPlainString()
          + ", with at most "
          + Protection.MAX_DELTA_SCALE
          + " decimal places";
  static final String MAX_GROUPS = "spec: max_groups must be 1 to " + Protection.MAX_GROUPS;
  static final String BOUNDS =
      "spec: bounds must map column names to [lower, upper]: two numbers, lower at most upper,"
          + " each with at most "
          + Bounds.MAX_INTEGER_DIGITS
          + " digits before and "
          + Bounds.MAX_SCALE
          + " after the decimal point";

  /** A dp parameter in a spec whose protection is noise. */
  static String dpOnly(String key) {
    return "spec: " + key + " applies only to protection: dp; remove it, or set protection: dp";
  }

  static String boundsTwice(String column) {
    return "spec: bounds names column " + column + " twice";
  }

  static String unknownType(String type) {
    return "spec: unknown type"
        + StrictYaml.shown(type)
        + "; types are "
        + List.of(ElementType.values());
  }

  static String spec(String rule) {
    return "spec: " + rule;
  }

  static String datasetTwice(String dataset) {
    return "spec: dataset " + dataset + " is listed twice";
  }

  static String notFound(String id) {
    return "element " + id + " not found";
  }

  static String nameTaken(String name, String tenant) {
    return "element " + name + " exists in tenant " + tenant + "; choose another name";
  }

  static String notOpen(DatasetCategory dataset) {
    return dataset.describe() + ": it backs no published element";
  }

  static String datasetGone(String dataset, String tenant) {
    return "dataset "
        + dataset
        + " of tenant "
        + tenant
        + " no longer exists: its open category cannot be checked";
  }

  static String state(String id, ElementState state, String step, String needs) {
    return "element " + id + " is " + state + ": " + step + " needs " + needs;
  }

  /** {@code A}, {@code A or B}, {@code A, B or C}: the states a step needs. */
  static String either(Collection<ElementState> states) {
    List<String> names = states.stream().map(ElementState::name).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  static String notTheOwner(String id, String step, boolean adminMay) {
    return "element "
        + id
        + ": only "
        + (adminMay ? "the vault admin or " : "")
        + "the developer who submitted it may "
        + step
        + " it";
  }

  static String expired(String id, Instant validUntil) {
    return "element "
        + id
        + "'s approval ended at "
        + validUntil
        + ": a run needs a valid approval";
  }

  /** The rule of {@link #belowFloor}, as a check's problem lists it after its subject. */
  static String belowFloorRule(int threshold, String tenant, int floor) {
    return threshold + " is below tenant " + tenant + "'s minimum threshold " + floor;
  }

  /** The fix of {@link #belowFloor}. */
  static String belowFloorFix(int floor) {
    return "raise threshold to at least " + floor;
  }

  /**
   * A spec's threshold below its tenant's floor, at submission; a check lists it as a problem with
   * the subject {@code threshold}, whose message is the same text.
   */
  static String belowFloor(int threshold, String tenant, int floor) {
    return "threshold " + belowFloorRule(threshold, tenant, floor) + "; " + belowFloorFix(floor);
  }

  /** A stored element's threshold below its tenant's floor, raised since it was submitted. */
  static String runBelowFloor(String id, int threshold, String tenant, int floor) {
    return "element "
        + id
        + "'s threshold "
        + threshold
        + " is below tenant "
        + tenant
        + "'s minimum threshold "
        + floor
        + ": a run needs a spec with threshold at least "
        + floor
        + "; submit one";
  }

  static String notTheDeveloper(String id) {
    return "element " + id + " runs only for the developer who submitted it";
  }

  static String tenantNotWorking(String tenant, Object state, String what) {
    return "tenant " + tenant + " is " + state + ": " + what + " need a working tenant";
  }

  static String tenantNotFound(String tenant) {
    return "tenant " + tenant + " not found";
  }
}
