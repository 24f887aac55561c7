package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.catalog.VaultTable;

/**
 * The group threshold (DESIGN.md, Sandbox step 4): every aggregate also counts the distinct
 * subjects of each dataset it reads, and drops, silently, every group where one of those counts is
 * below k. Subjects are threaded up from the table scans through filters, projections, joins and
 * {@code UNION ALL}, so a join never multiplies a subject's weight. {@link #withSubjects} threads
 * them the same way up to the output of a row-level plan, for {@link RowAnonymity}.
 */
final class ThresholdRewrite {

  /** Where subjects are threaded to, as refusals name it. */
  private enum Scope {
    AGGREGATE("under an aggregate"),
    ROWS("in a row-level result");

    private final String where;

    Scope(String where) {
      this.where = where;
    }
  }

  private final int threshold;
  private final Scope scope;

  private ThresholdRewrite(int threshold, Scope scope) {
    this.threshold = threshold;
    this.scope = scope;
  }

  /** Returns {@code root} with every aggregate thresholded at {@code k} distinct subjects. */
  static RelNode apply(RelNode root, int k) {
    return new ThresholdRewrite(k, Scope.AGGREGATE).rewrite(root);
  }

  /**
   * A row-level plan that yields its own fields, then the subject of every dataset behind each row,
   * one field per dataset read (NULL where an outer join found no row of that dataset).
   *
   * @param node the plan with its hidden subject fields
   * @param subjects the hidden fields' indexes
   */
  record WithSubjects(RelNode node, List<Integer> subjects) {
    WithSubjects {
      subjects = List.copyOf(subjects);
    }
  }

  /**
   * Returns row-level plan {@code root} with the subjects of each row threaded up as hidden fields
   * after its own.
   *
   * @throws VaultException {@code POLICY_REFUSED} if a node of the plan does not let its rows be
   *     traced to their subjects (an aggregate beside rows, {@code UNION} without {@code ALL},
   *     {@code INTERSECT}, {@code EXCEPT}, {@code VALUES}), naming the construct
   */
  static WithSubjects withSubjects(RelNode root) {
    Threaded threaded = new ThresholdRewrite(0, Scope.ROWS).thread(root);
    return new WithSubjects(threaded.node(), threaded.subjects());
  }

  private RelNode rewrite(RelNode node) {
    if (node instanceof Aggregate aggregate) {
      return thresholded(aggregate);
    }
    List<RelNode> inputs = node.getInputs().stream().map(this::rewrite).toList();
    return inputs.equals(node.getInputs()) ? node : node.copy(node.getTraitSet(), inputs);
  }

  private RelNode thresholded(Aggregate aggregate) {
    Threaded input = thread(aggregate.getInput());
    if (input.subjects().isEmpty()) {
      throw refusal(
          "an aggregate must read a dataset: its threshold counts the dataset's subjects");
    }
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      // Types inferred again: threading re-derives the input's types, and a CASE the planner
      // folded may now be NOT NULL where the validator said nullable.
      calls.add(
          AggregateCall.create(
              call.getParserPosition(),
              call.getAggregation(),
              call.isDistinct(),
              call.isApproximate(),
              call.ignoreNulls(),
              call.rexList,
              call.getArgList(),
              call.filterArg,
              call.distinctKeys,
              call.collation,
              aggregate.hasEmptyGroup(),
              input.node(),
              null,
              call.getName()));
    }
    for (int subject : input.subjects()) {
      calls.add(
          AggregateCall.create(
              SqlParserPos.ZERO,
              SqlStdOperatorTable.COUNT,
              true,
              false,
              false,
              List.of(),
              List.of(subject),
              -1,
              null,
              RelCollations.EMPTY,
              aggregate.hasEmptyGroup(),
              input.node(),
              null,
              "$subjects" + calls.size()));
    }
    Aggregate counted =
        aggregate.copy(
            aggregate.getTraitSet(),
            input.node(),
            aggregate.getGroupSet(),
            aggregate.getGroupSets(),
            calls);
    RexBuilder rex = aggregate.getCluster().getRexBuilder();
    int fields = aggregate.getRowType().getFieldCount();
    List<RexNode> atLeastK = new ArrayList<>();
    for (int i = fields; i < counted.getRowType().getFieldCount(); i++) {
      atLeastK.add(
          rex.makeCall(
              SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
              RexInputRef.of(i, counted.getRowType()),
              rex.makeExactLiteral(java.math.BigDecimal.valueOf(threshold))));
    }
    RelNode kept =
        LogicalFilter.create(
            counted,
            rex.makeCall(
                SqlStdOperatorTable.AND,
                atLeastK.size() == 1 ? List.of(atLeastK.get(0), rex.makeLiteral(true)) : atLeastK));
    return firstFields(kept, aggregate.getRowType());
  }

  /** A node that yields the original node's fields first, then one subject field per dataset. */
  private record Threaded(RelNode node, List<Integer> subjects) {}

  private Threaded thread(RelNode node) {
    if (node instanceof TableScan scan) {
      VaultTable table = scan.getTable().unwrap(VaultTable.class);
      if (table == null) {
        throw refusal("a table " + scope.where + " must be one of the element's datasets");
      }
      var schema = table.dataset().schema();
      int subject = table.columns().indexOf(schema.subjectColumn());
      return new Threaded(scan, List.of(subject));
    }
    if (node instanceof Filter filter) {
      Threaded input = thread(filter.getInput());
      return new Threaded(
          filter.copy(filter.getTraitSet(), input.node(), filter.getCondition()), input.subjects());
    }
    if (node instanceof Sort sort) {
      Threaded input = thread(sort.getInput());
      return new Threaded(
          sort.copy(sort.getTraitSet(), input.node(), sort.getCollation()), input.subjects());
    }
    if (node instanceof Project project) {
      Threaded input = thread(project.getInput());
      List<RexNode> expressions = new ArrayList<>(project.getProjects());
      List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
      List<Integer> subjects = new ArrayList<>();
      for (int subject : input.subjects()) {
        subjects.add(expressions.size());
        expressions.add(RexInputRef.of(subject, input.node().getRowType()));
        names.add("$subject" + subjects.size());
      }
      return new Threaded(
          LogicalProject.create(input.node(), List.of(), expressions, names, java.util.Set.of()),
          subjects);
    }
    if (node instanceof Join join) {
      return threadJoin(join);
    }
    if (node instanceof Union union && union.all) {
      List<RelNode> branches = new ArrayList<>();
      int width = union.getRowType().getFieldCount();
      int count = -1;
      for (RelNode branch : union.getInputs()) {
        Threaded threaded = thread(branch);
        if (count >= 0 && count != threaded.subjects().size()) {
          throw refusal(
              "the branches of a UNION ALL " + scope.where + " must read as many datasets");
        }
        count = threaded.subjects().size();
        branches.add(project(threaded, width));
      }
      List<Integer> subjects = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        subjects.add(width + i);
      }
      return new Threaded(union.copy(union.getTraitSet(), branches, true), subjects);
    }
    throw refusal(
        construct(node)
            + " "
            + scope.where
            + " is not supported: its rows cannot be traced to their subjects; use filters, joins"
            + " on subjects and UNION ALL");
  }

  /** How a refusal names a node that subjects cannot be threaded through. */
  private String construct(RelNode node) {
    if (node instanceof Aggregate) {
      return scope == Scope.ROWS ? "an aggregate beside rows of data" : "an aggregate";
    }
    if (node instanceof Union) {
      return "UNION without ALL";
    }
    if (node instanceof Intersect) {
      return "INTERSECT";
    }
    if (node instanceof Minus) {
      return "EXCEPT";
    }
    if (node instanceof Values) {
      return "VALUES";
    }
    return node.getRelTypeName();
  }

  private Threaded threadJoin(Join join) {
    Threaded left = thread(join.getLeft());
    Threaded right = thread(join.getRight());
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    int shift = left.node().getRowType().getFieldCount() - leftWidth;
    RexNode condition =
        join.getCondition()
            .accept(
                new RexShuttle() {
                  @Override
                  public RexNode visitInputRef(RexInputRef ref) {
                    return ref.getIndex() < leftWidth
                        ? ref
                        : new RexInputRef(ref.getIndex() + shift, ref.getType());
                  }
                });
    Join joined =
        join.copy(
            join.getTraitSet(),
            condition,
            left.node(),
            right.node(),
            join.getJoinType(),
            join.isSemiJoinDone());
    if (!join.getJoinType().projectsRight()) {
      return new Threaded(joined, left.subjects());
    }
    int rightWidth = join.getRight().getRowType().getFieldCount();
    int newLeftWidth = left.node().getRowType().getFieldCount();
    List<RexNode> expressions = new ArrayList<>();
    for (int i = 0; i < leftWidth; i++) {
      expressions.add(RexInputRef.of(i, joined.getRowType()));
    }
    for (int i = 0; i < rightWidth; i++) {
      expressions.add(RexInputRef.of(newLeftWidth + i, joined.getRowType()));
    }
    List<Integer> subjects = new ArrayList<>();
    for (int subject : left.subjects()) {
      subjects.add(expressions.size());
      expressions.add(RexInputRef.of(subject, joined.getRowType()));
    }
    for (int subject : right.subjects()) {
      subjects.add(expressions.size());
      expressions.add(RexInputRef.of(newLeftWidth + subject, joined.getRowType()));
    }
    return new Threaded(
        LogicalProject.create(
            joined, List.of(), expressions, (List<String>) null, java.util.Set.of()),
        subjects);
  }

  /** The threaded node's first {@code width} fields followed by its subjects. */
  private static RelNode project(Threaded threaded, int width) {
    List<RexNode> expressions = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      expressions.add(RexInputRef.of(i, threaded.node().getRowType()));
    }
    for (int subject : threaded.subjects()) {
      expressions.add(RexInputRef.of(subject, threaded.node().getRowType()));
    }
    return LogicalProject.create(
        threaded.node(), List.of(), expressions, (List<String>) null, java.util.Set.of());
  }

  /** The first fields of {@code node}, as {@code type} has them (cast where nullability moved). */
  private static RelNode firstFields(RelNode node, RelDataType type) {
    RexBuilder rex = node.getCluster().getRexBuilder();
    List<RexNode> expressions = new ArrayList<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      RexNode field = RexInputRef.of(i, node.getRowType());
      RelDataType wanted = type.getFieldList().get(i).getType();
      expressions.add(field.getType().equals(wanted) ? field : rex.makeCast(wanted, field, true));
    }
    return LogicalProject.create(
        node, List.of(), expressions, type.getFieldNames(), java.util.Set.of());
  }

  private static VaultException refusal(String message) {
    return new VaultException(ErrorCode.POLICY_REFUSED, message);
  }
}
