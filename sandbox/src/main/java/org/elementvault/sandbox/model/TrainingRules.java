package org.elementvault.sandbox.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.element.Use;
import org.elementvault.sandbox.policy.Origin;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.Protection;

/**
 * What a model element's training query must pass besides the element policy (DESIGN.md, Models).
 * The query's rows are not released, so the policy's rules on released outputs give way to these:
 *
 * <ul>
 *   <li>{@code min_subjects} at least the vault's floor ({@link ModelSpec#floor});
 *   <li>rows, one per subject: one table, no joins, set operations or aggregates, and a dataset
 *       whose import found the subject column unique — so every subject's contribution to the fit
 *       is bounded by one row, IMPORTANT columns included;
 *   <li>the output columns are exactly the features and the target, numbers or booleans;
 *   <li>no identifier, SENSITIVE or CORE column and not the subject column behind any of them.
 * </ul>
 *
 * Every other rule of the policy (conditions, functions, subject columns in predicates) still
 * holds. Gradient boosting is refused clearly; {@code protection: dp} is for linear regression
 * only, with bounds declared for each feature and the target ({@link DpLinearFit}).
 */
public final class TrainingRules {

  private static final Set<PiiType> IDENTIFIERS =
      EnumSet.of(
          PiiType.ID_CARD,
          PiiType.PHONE,
          PiiType.NAME,
          PiiType.ADDRESS,
          PiiType.BANK_CARD,
          PiiType.EMAIL);

  /** The policy's verb for a released value: its rules give way to the model's. */
  private static final String OUTPUT = Use.OUTPUT.name().toLowerCase(Locale.ROOT);

  private TrainingRules() {}

  /** Every problem of training {@code model} on {@code plan}; empty if it may be trained. */
  public static List<Problem> problems(
      ModelSpec model,
      Protection protection,
      PolicyReport report,
      RelNode plan,
      List<Dataset> datasets) {
    List<Problem> problems = new ArrayList<>();
    if (!model.meetsFloor()) {
      problems.add(
          new Problem(
              ModelMessages.MIN_SUBJECTS,
              null,
              ModelMessages.belowFloor(model),
              ModelMessages.floorFix(model)));
    }
    if (!isAvailable(model.algorithm())) {
      problems.add(
          new Problem(
              ModelMessages.ALGORITHM,
              null,
              ModelMessages.unavailable(model.algorithm()),
              ModelMessages.UNAVAILABLE_FIX));
    }
    if (protection.mechanism() == Protection.Mechanism.DP) {
      dp(model, protection, problems);
    }
    report.problems().stream().filter(p -> !OUTPUT.equals(p.use())).forEach(problems::add);
    if (report.aggregate()) {
      problems.add(
          new Problem(
              ModelMessages.QUERY,
              null,
              ModelMessages.AGGREGATE_RULE,
              ModelMessages.AGGREGATE_FIX));
    } else if (!isOneTable(plan)) {
      problems.add(
          new Problem(
              ModelMessages.QUERY, null, ModelMessages.SHAPE_RULE, ModelMessages.SHAPE_FIX));
    }
    Set<String> read = new LinkedHashSet<>();
    report.uses().keySet().forEach(o -> read.add(o.dataset()));
    for (Dataset dataset : datasets) {
      boolean unique = dataset.latest().map(DatasetVersion::subjectUnique).orElse(false);
      if (read.contains(dataset.name()) && !unique) {
        problems.add(
            new Problem(
                "dataset " + dataset.name(),
                null,
                ModelMessages.NOT_UNIQUE_RULE,
                ModelMessages.NOT_UNIQUE_FIX));
      }
    }
    outputs(model, plan, problems);
    sources(report.uses(), problems);
    return problems;
  }

  /**
   * The rules a passing model element's runs apply, in words, for its assessment; {@code threshold}
   * is the element's k.
   */
  public static List<String> assessmentRules(
      ModelSpec model, Protection protection, int threshold) {
    return List.of(
        "reads only the columns listed (least privilege); the rows stay in the sandbox",
        "trains "
            + model.algorithm().specName()
            + " of "
            + model.target()
            + " on one row per subject, at least "
            + model.minSubjects()
            + " distinct subjects (the vault's floor: "
            + ModelSpec.VAULT_MIN_SUBJECTS
            + ", and "
            + ModelSpec.MIN_SUBJECTS_PER_FEATURE
            + " per feature)",
        "no identifier, SENSITIVE or CORE column and not the subject column as a feature or target",
        protection.mechanism() == Protection.Mechanism.DP
            ? "clamps each feature and the target into its bounds and releases one row per term"
                + " (feature, coefficient; the intercept as (intercept)) solved from XᵀX and Xᵀy"
                + " with discrete Laplace noise, ε "
                + Objects.requireNonNull(protection.epsilon()).toPlainString()
                + " per run charged to the dataset's budget (protection: dp); no fit metrics;"
                + " never rows, residuals or predictions"
            : released(model, threshold),
        "the fitted model is sealed under the tenant's key and registered; it is never exported");
  }

  private static String released(ModelSpec model, int threshold) {
    return switch (model.algorithm()) {
      case LINEAR_REGRESSION, LOGISTIC_REGRESSION, GRADIENT_BOOSTING ->
          "releases one row per term (feature, coefficient; the intercept as (intercept)) and the"
              + " fit metrics on a held-out fifth, each with sticky noise (protection: noise); never"
              + " rows, residuals or predictions";
      case DECISION_TREE ->
          "grows a CART tree (depth at most "
              + TreeTrainer.MAX_DEPTH
              + ", splits on a 1-2-5 grid, at least "
              + 2 * threshold
              + " training rows and one in "
              + TreeTrainer.LEAF_SHARE
              + " per leaf) and releases it only if every leaf passes the noisy low-count filter at"
              + " k = "
              + threshold
              + ": one row per leaf (term: its path, value, subjects), per feature importance and"
              + " per fit metric on a held-out fifth, each with sticky noise (protection: noise);"
              + " never rows, residuals or predictions";
    };
  }

  /**
   * The rules of {@code protection: dp}: linear regression only, and bounds for exactly its
   * features and target, each of positive width, as a dp SUM needs bounds for the column it reads.
   */
  private static void dp(ModelSpec model, Protection protection, List<Problem> problems) {
    if (model.algorithm() != ModelAlgorithm.LINEAR_REGRESSION) {
      problems.add(
          new Problem(
              ModelMessages.PROTECTION,
              null,
              ModelMessages.dpAlgorithm(model.algorithm()),
              ModelMessages.DP_ALGORITHM_FIX));
      return;
    }
    List<String> columns = new ArrayList<>(model.features());
    columns.add(model.target());
    for (String column : columns) {
      Bounds bounds = protection.bounds().get(column);
      if (bounds == null) {
        problems.add(
            new Problem(
                "model column " + column,
                null,
                ModelMessages.DP_BOUNDS_MISSING,
                ModelMessages.dpBoundsFix(column)));
      } else if (!(bounds.upper().doubleValue() > bounds.lower().doubleValue())) {
        // The fit maps the bounds onto [-1, 1] in doubles: their ends must stay apart there.
        problems.add(
            new Problem(
                "bounds." + column,
                null,
                ModelMessages.DP_BOUNDS_EMPTY,
                ModelMessages.dpBoundsFix(column)));
      }
    }
    for (String column : protection.bounds().keySet()) {
      if (!columns.contains(column)) {
        problems.add(
            new Problem(
                "bounds." + column,
                null,
                ModelMessages.DP_BOUNDS_UNUSED,
                ModelMessages.DP_BOUNDS_UNUSED_FIX));
      }
    }
  }

  /** Whether this vault trains {@code algorithm}. */
  static boolean isAvailable(ModelAlgorithm algorithm) {
    return switch (algorithm) {
      case LINEAR_REGRESSION, LOGISTIC_REGRESSION, DECISION_TREE -> true;
      case GRADIENT_BOOSTING -> false;
    };
  }

  /** Scans, filters and projections only: one table, each of its rows at most once. */
  static boolean isOneTable(RelNode node) {
    if (node instanceof TableScan) {
      return true;
    }
    if (node instanceof Filter || node instanceof Project) {
      return isOneTable(node.getInput(0));
    }
    return false;
  }

  /** The output columns: exactly the features and the target, of trainable types. */
  private static void outputs(ModelSpec model, RelNode plan, List<Problem> problems) {
    List<String> names = plan.getRowType().getFieldNames();
    for (String feature : model.features()) {
      requireOutput(names, "model.features", feature, problems);
    }
    requireOutput(names, "model.target", model.target(), problems);
    for (RelDataTypeField field : plan.getRowType().getFieldList()) {
      String name = field.getName();
      SqlTypeName type = field.getType().getSqlTypeName();
      if (model.features().contains(name)) {
        if (!isNumeric(type) && type != SqlTypeName.BOOLEAN) {
          problems.add(
              new Problem(
                  "model feature " + name,
                  null,
                  ModelMessages.FEATURE_TYPE,
                  ModelMessages.FEATURE_TYPE_FIX));
        }
      } else if (model.target().equals(name)) {
        boolean fits =
            switch (model.algorithm()) {
              case LOGISTIC_REGRESSION -> type == SqlTypeName.BOOLEAN;
              case DECISION_TREE -> isNumeric(type) || type == SqlTypeName.BOOLEAN;
              case LINEAR_REGRESSION, GRADIENT_BOOSTING -> isNumeric(type);
            };
        if (!fits) {
          problems.add(
              new Problem(
                  "model target " + name,
                  null,
                  ModelMessages.targetType(model.algorithm()),
                  ModelMessages.TARGET_TYPE_FIX));
        }
      } else {
        problems.add(
            new Problem(
                "output column " + name,
                null,
                ModelMessages.EXTRA_OUTPUT_RULE,
                ModelMessages.EXTRA_OUTPUT_FIX));
      }
    }
  }

  private static void requireOutput(
      List<String> names, String key, String column, List<Problem> problems) {
    if (!names.contains(column)) {
      problems.add(
          new Problem(
              key, null, ModelMessages.notAnOutput(column), ModelMessages.notAnOutputFix(key)));
    }
  }

  private static boolean isNumeric(SqlTypeName type) {
    return SqlTypeFamily.NUMERIC.getTypeNames().contains(type);
  }

  /** The source columns behind the features and the target. */
  private static void sources(Map<Origin, Set<Use>> uses, List<Problem> problems) {
    uses.entrySet().stream()
        .filter(e -> e.getValue().contains(Use.OUTPUT))
        .map(Map.Entry::getKey)
        .sorted(Comparator.comparing(Origin::qualifiedName))
        .forEach(
            origin ->
                refusal(origin)
                    .ifPresent(
                        rule ->
                            problems.add(
                                new Problem(
                                    origin.describe(), OUTPUT, rule, ModelMessages.COLUMN_FIX))));
  }

  /** Why {@code origin} may not be behind a feature or the target, if it may not. */
  static Optional<String> refusal(Origin origin) {
    if (origin.subject()) {
      return Optional.of(ModelMessages.SUBJECT_RULE);
    }
    return switch (origin.column().level()) {
      case CORE -> Optional.of(ModelMessages.CORE_RULE);
      case SENSITIVE -> Optional.of(ModelMessages.SENSITIVE_RULE);
      case GENERAL, IMPORTANT ->
          IDENTIFIERS.contains(origin.column().pii())
              ? Optional.of(ModelMessages.SENSITIVE_RULE)
              : Optional.empty();
    };
  }
}
