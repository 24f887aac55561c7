package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
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
        if (!problems.contains(problem)) {
          problems.add(problem);
        }
      }
      for (RexNode conjunct : ReleaseConditions.conjuncts(filter)) {
        check(filter.getInput(), conjunct, problems);
      }
    }
    boolean outer =
        underOuterJoin || node instanceof Join join && join.getJoinType() != JoinRelType.INNER;
    node.getInputs().forEach(input -> collect(input, problems, outer));
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
      if (!problems.contains(problem)) {
        problems.add(problem);
      }
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
