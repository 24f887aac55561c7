package org.elementvault.sandbox.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.sandbox.element.ScoringSpec;
import org.elementvault.sandbox.element.Use;
import org.elementvault.sandbox.policy.Origin;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;

/**
 * What the query of a scoring element must pass besides the element policy (DESIGN.md, Models). Its
 * rows are scored inside the sandbox and never released: what leaves is the {@code output} query
 * over {@code scored}, under the normal policy and protection. So the policy's rules on released
 * outputs give way to these, which keep every column's classification intact on its way into {@code
 * scored}:
 *
 * <ul>
 *   <li>rows of one table: no joins, set operations or aggregates;
 *   <li>every output column a bare column of that table, under its own name (it enters {@code
 *       scored} with its classification), never {@code score};
 *   <li>the table's subject column among them, so the release counts and bounds each subject;
 *   <li>the model's features among them, numbers or booleans, never an identifier, SENSITIVE or
 *       CORE column nor the subject column; no CORE column at all.
 * </ul>
 */
final class ScoringRules {

  private static final String OUTPUT = Use.OUTPUT.name().toLowerCase(Locale.ROOT);

  private ScoringRules() {}

  /** Every problem of scoring {@code features} on the rows of {@code plan}; empty if none. */
  static List<Problem> problems(
      List<String> features, PolicyReport report, RelNode plan, List<Dataset> datasets) {
    List<Problem> problems = new ArrayList<>();
    report.problems().stream().filter(p -> !OUTPUT.equals(p.use())).forEach(problems::add);
    if (report.aggregate()) {
      problems.add(
          new Problem(
              ModelMessages.QUERY,
              null,
              ModelMessages.SCORING_ROWS_RULE,
              ModelMessages.AGGREGATE_FIX));
      return problems;
    }
    if (!TrainingRules.isOneTable(plan)) {
      problems.add(
          new Problem(
              ModelMessages.QUERY,
              null,
              ModelMessages.SCORING_SHAPE_RULE,
              ModelMessages.SHAPE_FIX));
      return problems;
    }
    List<String> names = plan.getRowType().getFieldNames();
    if (!isBareColumns(plan)) {
      problems.add(
          new Problem(ModelMessages.QUERY, null, ModelMessages.BARE_RULE, ModelMessages.BARE_FIX));
    }
    if (names.contains(ScoringSpec.SCORE)) {
      problems.add(
          new Problem(
              "output column " + ScoringSpec.SCORE,
              null,
              ModelMessages.SCORE_NAME_RULE,
              ModelMessages.EXTRA_OUTPUT_FIX));
    }
    Set<String> read = new HashSet<>();
    report.uses().keySet().forEach(o -> read.add(o.dataset()));
    datasets.stream()
        .filter(d -> read.contains(d.name()))
        .filter(d -> !names.contains(d.schema().subject()))
        .forEach(
            d ->
                problems.add(
                    new Problem(
                        ModelMessages.QUERY,
                        null,
                        ModelMessages.subjectMissing(d.schema().subject()),
                        ModelMessages.subjectMissingFix(d.schema().subject()))));
    for (String feature : features) {
      if (!names.contains(feature)) {
        problems.add(
            new Problem(
                "model feature " + feature,
                null,
                ModelMessages.FEATURE_NOT_SELECTED,
                ModelMessages.notAnOutputFix("the query")));
      }
    }
    for (RelDataTypeField field : plan.getRowType().getFieldList()) {
      SqlTypeName type = field.getType().getSqlTypeName();
      if (features.contains(field.getName())
          && !SqlTypeFamily.NUMERIC.getTypeNames().contains(type)
          && type != SqlTypeName.BOOLEAN) {
        problems.add(
            new Problem(
                "model feature " + field.getName(),
                null,
                ModelMessages.FEATURE_TYPE,
                ModelMessages.FEATURE_TYPE_FIX));
      }
    }
    sources(report.uses(), features, problems);
    return problems;
  }

  /** Scans, filters and projections of bare input columns under their own names. */
  private static boolean isBareColumns(RelNode node) {
    if (!(node instanceof Project project)) {
      return true;
    }
    List<RelDataTypeField> in = project.getInput().getRowType().getFieldList();
    List<RelDataTypeField> out = project.getRowType().getFieldList();
    for (int i = 0; i < out.size(); i++) {
      RexNode expression = project.getProjects().get(i);
      if (!(expression instanceof RexInputRef ref)
          || !in.get(ref.getIndex()).getName().equals(out.get(i).getName())) {
        return false;
      }
    }
    return isBareColumns(project.getInput());
  }

  /** The source columns behind the outputs: no CORE, and features as training allows them. */
  private static void sources(
      Map<Origin, Set<Use>> uses, List<String> features, List<Problem> problems) {
    uses.entrySet().stream()
        .filter(e -> e.getValue().contains(Use.OUTPUT))
        .map(Map.Entry::getKey)
        .sorted(Comparator.comparing(Origin::qualifiedName))
        .forEach(
            origin -> {
              boolean feature = features.contains(origin.column().name());
              var rule =
                  feature
                      ? TrainingRules.refusal(origin)
                      : TrainingRules.refusal(origin)
                          .filter(r -> r.equals(ModelMessages.CORE_RULE));
              rule.ifPresent(
                  r ->
                      problems.add(
                          new Problem(origin.describe(), OUTPUT, r, ModelMessages.COLUMN_FIX)));
            });
  }
}
