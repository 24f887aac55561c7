package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.sandbox.policy.Problem;

/**
 * The condition shapes a {@code protection: noise} release refuses: an OR branch, a CASE or a
 * comparison of truth values that reads several columns at once. With them a query can pick out any
 * set of people by name-like cells ({@code (district = 'A' AND age = 47) OR (district = 'B' AND age
 * = 33) …}) and pad a target with k − 1 known people into a group of exactly k, whose noisy
 * threshold each padding set samples afresh. Conditions combined with AND, and an OR, IN or CASE
 * over one column, stay allowed: low-effect detection checks each of their values and branches on
 * its own ({@link Branches}), so one that lets in only a target is answered as if absent. So does a
 * negated cell ({@code NOT (gender = 'F' AND age = 47)}), an OR of single-column branches that
 * low-effect detection answers as if absent when it excludes only a few. A condition inside an
 * outer join's input is refused: low-effect detection follows conditions through inner joins only.
 */
final class NoiseConditions {

  private NoiseConditions() {}

  /** The problems of {@code plan}'s conditions under noise protection; empty if none. */
  static List<Problem> problems(RelNode plan) {
    List<Problem> problems = new ArrayList<>();
    collect(plan, problems, false);
    return problems;
  }

  private static void collect(RelNode node, List<Problem> problems, boolean underOuterJoin) {
    if (node instanceof Filter filter) {
      if (underOuterJoin) {
        Problem problem =
            new Problem(
                "condition " + ReleaseConditions.describe(filter.getInput(), filter.getCondition()),
                null,
                "sits inside an outer join's input, where its effect on each group cannot be"
                    + " checked under protection: noise",
                "join with an inner JOIN, or move the condition to the outer WHERE clause");
        add(problems, problem);
      }
      // As written: a cell inside an OR is refused before it is split into clauses.
      for (RexNode conjunct : ReleaseConditions.simplified(filter)) {
        check(filter.getInput(), conjunct, problems);
      }
    }
    if (node instanceof Aggregate aggregate) {
      aggregated(aggregate, problems);
    }
    boolean outer =
        underOuterJoin || node instanceof Join join && join.getJoinType() != JoinRelType.INNER;
    node.getInputs().forEach(input -> collect(input, problems, outer));
  }

  /**
   * An aggregate releases columns, not expressions, and has no FILTER: a FILTER or an expression
   * can leave out one person's rows ({@code COUNT(*) FILTER (WHERE NOT (gender = 'F' AND age =
   * 47))}, {@code SUM(SIGN(ABS(age - 47)))}) where low-effect detection never sees it, and the
   * answer then equals the one without it exactly when that person is not in the group.
   */
  private static void aggregated(Aggregate aggregate, List<Problem> problems) {
    RelNode input = aggregate.getInput();
    for (AggregateCall call : aggregate.getAggCallList()) {
      if (call.filterArg >= 0) {
        add(
            problems,
            new Problem(
                "aggregate "
                    + call.getAggregation().getName()
                    + " … FILTER ("
                    + ReleaseConditions.describe(input, call.filterArg)
                    + ")",
                null,
                "filters the rows of one aggregate only, where low-effect detection cannot check"
                    + " the condition, under protection: noise",
                "put the condition in WHERE (an element per condition), or use protection: dp"));
      }
      for (int argument : call.getArgList()) {
        if (!isColumn(input, argument)) {
          add(
              problems,
              new Problem(
                  "aggregate "
                      + call.getAggregation().getName()
                      + " of "
                      + ReleaseConditions.describe(input, argument),
                  null,
                  "aggregates an expression, which can single out one person's rows, under"
                      + " protection: noise",
                  "aggregate a column and put conditions in WHERE, or use protection: dp"));
        }
      }
    }
  }

  /** Whether field {@code field} of {@code node} is a source column, perhaps cast, as it is. */
  private static boolean isColumn(RelNode node, int field) {
    if (node instanceof TableScan) {
      return true;
    }
    if (node instanceof Project project) {
      return RexUtil.removeCast(project.getProjects().get(field)) instanceof RexInputRef ref
          && isColumn(project.getInput(), ref.getIndex());
    }
    if (node instanceof Join join) {
      int left = join.getLeft().getRowType().getFieldCount();
      return field < left
          ? isColumn(join.getLeft(), field)
          : isColumn(join.getRight(), field - left);
    }
    return node instanceof Filter && isColumn(node.getInput(0), field);
  }

  private static void add(List<Problem> problems, Problem problem) {
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  private static void check(RelNode input, RexNode expression, List<Problem> problems) {
    if (!(expression instanceof RexCall call)) {
      return;
    }
    boolean combines =
        switch (call.getKind()) {
          case OR -> call.getOperands().stream().anyMatch(branch -> columns(input, branch) > 1);
          case CASE -> columns(input, call) > 1;
          default ->
              call.getOperands().stream()
                      .anyMatch(o -> o.getType().getSqlTypeName() == SqlTypeName.BOOLEAN)
                  && call.getKind() != SqlKind.AND
                  && call.getKind() != SqlKind.NOT
                  && columns(input, call) > 1;
        };
    if (combines) {
      Problem problem =
          new Problem(
              "condition " + ReleaseConditions.describe(input, call),
              null,
              "picks people out by several columns at once inside an OR, a CASE or a comparison of"
                  + " conditions, which can pad a group to exactly k under protection: noise",
              "combine conditions on different columns with AND only, or use protection: dp");
      add(problems, problem);
      return;
    }
    call.getOperands().forEach(operand -> check(input, operand, problems));
  }

  private static int columns(RelNode input, RexNode expression) {
    TreeSet<String> columns = new TreeSet<>();
    for (int field : org.apache.calcite.plan.RelOptUtil.InputFinder.bits(expression)) {
      ReleaseConditions.sources(input, field, columns);
    }
    return columns.size();
  }
}
