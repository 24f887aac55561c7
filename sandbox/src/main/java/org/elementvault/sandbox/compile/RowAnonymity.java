package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.SchemaPlus;
import org.elementvault.engine.dataset.Level;
import org.elementvault.sandbox.element.Use;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.policy.Origin;
import org.elementvault.sandbox.policy.PolicyReport;
import org.jspecify.annotations.Nullable;

/**
 * k-anonymity for row-level results (DESIGN.md, Sandbox step 4): every released equivalence class
 * holds at least k distinct subjects of every dataset behind it, and smaller classes are suppressed
 * silently.
 *
 * <p>A class is the set of rows that share the values of the output fields that carry a
 * quasi-identifier. The check applies when the output carries a quasi-identifier, when a
 * quasi-identifier decides which rows come out or in what order (a condition, a join, an ordering),
 * or when a column above GENERAL is output (masked, say); without an output quasi-identifier the
 * whole result is one class. Members are subjects, not rows: a person with twenty rows is one
 * member, and a join never multiplies anyone, because the subject column of every dataset read is
 * threaded up to the output as a hidden field ({@link ThresholdRewrite#withSubjects}), counted
 * distinct per class, and dropped before release.
 *
 * <p>Suppression, not refusal: a refusal that depends on the data would tell whether some class is
 * small. A plan whose rows cannot be traced to their subjects is refused whatever the data.
 */
final class RowAnonymity {

  private RowAnonymity() {}

  /** Whether a row-level release of a plan with {@code report} needs the check. */
  static boolean applies(PolicyReport report) {
    if (!report.quasiIdentifierOutputs().isEmpty()) {
      return true;
    }
    for (Map.Entry<Origin, Set<Use>> use : report.uses().entrySet()) {
      Origin origin = use.getKey();
      if (origin.column().quasiIdentifier()) {
        return true;
      }
      if (use.getValue().contains(Use.OUTPUT) && origin.column().level() != Level.GENERAL) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs row-level plan {@code plan} with hidden subject fields and returns the rows of the classes
   * with at least {@code k} distinct subjects of every dataset read, in the order the executor
   * produced them.
   *
   * @throws org.elementvault.engine.VaultException {@code POLICY_REFUSED} if the plan's rows cannot
   *     be traced to their subjects; {@code RESOURCE_LIMIT} if a limit stops the job (the
   *     result-row limit counts released rows only, so suppressed rows cannot trip it)
   */
  static ElementResult release(
      RelNode plan,
      PolicyReport report,
      int k,
      Executor executor,
      SchemaPlus catalog,
      JobLimits limits) {
    ThresholdRewrite.WithSubjects threaded = ThresholdRewrite.withSubjects(plan);
    ElementResult all = executor.execute(threaded.node(), catalog, limits.forIntermediateRows());
    List<Integer> quasi = report.quasiIdentifierOutputs();
    List<Integer> subjects = threaded.subjects();
    Map<List<@Nullable Object>, List<Set<Object>>> classes = new HashMap<>();
    for (List<@Nullable Object> row : all.rows()) {
      List<Set<Object>> members =
          classes.computeIfAbsent(key(row, quasi), c -> newMembers(subjects.size()));
      for (int i = 0; i < subjects.size(); i++) {
        Object subject = row.get(subjects.get(i));
        if (subject != null) {
          members.get(i).add(subject);
        }
      }
    }
    int width = plan.getRowType().getFieldCount();
    List<List<@Nullable Object>> released = new ArrayList<>();
    for (List<@Nullable Object> row : all.rows()) {
      if (isAnonymous(classes.get(key(row, quasi)), k)) {
        released.add(row.subList(0, width));
      }
    }
    List<ResultColumn> columns = new ArrayList<>();
    List<String> names = plan.getRowType().getFieldNames();
    for (int i = 0; i < width; i++) {
      columns.add(new ResultColumn(names.get(i), all.columns().get(i).type()));
    }
    limits.onResultRows(released.size());
    return new ElementResult(columns, released);
  }

  private static List<@Nullable Object> key(List<@Nullable Object> row, List<Integer> quasi) {
    List<@Nullable Object> key = new ArrayList<>(quasi.size());
    quasi.forEach(i -> key.add(row.get(i)));
    return key;
  }

  private static List<Set<Object>> newMembers(int datasets) {
    List<Set<Object>> members = new ArrayList<>(datasets);
    for (int i = 0; i < datasets; i++) {
      members.add(new HashSet<>());
    }
    return members;
  }

  /** At least k distinct subjects of every dataset behind the class (none: no one to hide in). */
  private static boolean isAnonymous(@Nullable List<Set<Object>> members, int k) {
    return members != null && !members.isEmpty() && members.stream().allMatch(s -> s.size() >= k);
  }
}
