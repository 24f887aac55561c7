package org.elementvault.sandbox.compile;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.Sarg;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.catalog.VaultTable;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of a noise-protected release, by meaning: each a noise layer of its own text and
 * of the columns it reads, and each checked for low effect (DESIGN.md, Release protection). The
 * conditions that low-effect detection checks one by one are the conjuncts of the filters above the
 * aggregate's scans, through projections and inner joins, in canonical form (simplified by Calcite,
 * so that a tautology disappears and equivalent ranges become one search), numbered top-down as the
 * vectorized executor numbers its filters; the conditions under an outer join, and the joins' own,
 * are kept whatever their effect.
 */
final class ReleaseConditions {

  /** The most conditions a release checks one by one: the bits of a row's failure mask. */
  static final int MAX_CHECKED = 30;

  /**
   * One condition.
   *
   * @param text its canonical text, with each column by its dataset and name
   * @param columns the noise layers of the source columns it reads
   * @param branches its branches, each checked for low effect on its own; null if it has one
   */
  record Condition(String text, List<String> columns, @Nullable Branches branches) {
    Condition {
      columns = List.copyOf(columns);
    }
  }

  /** The most combinations of branches of every condition a row's mark can tell apart. */
  private static final long MAX_CODES = 1L << 31;

  private final RelNode canonical;
  private final List<Condition> checked;
  private final TreeSet<String> otherColumns = new TreeSet<>();
  private final TreeSet<String> otherTexts = new TreeSet<>();

  /** Per checked condition, what its branch code is multiplied by in a row's mark's upper half. */
  private final long[] radix;

  private final boolean branching;

  private ReleaseConditions(RelNode input) {
    List<Condition> found = new ArrayList<>();
    this.canonical = canonicalize(input, found);
    this.checked = List.copyOf(found);
    if (checked.size() > MAX_CHECKED) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          "a query with more than "
              + MAX_CHECKED
              + " conditions cannot be released under noise protection: each condition's effect"
              + " is checked on its own; combine conditions on one column into one IN or range");
    }
    this.branching = checked.stream().anyMatch(c -> c.branches() != null);
    this.radix = new long[checked.size()];
    long codes = 1;
    for (int i = 0; i < checked.size(); i++) {
      radix[i] = codes;
      Branches branches = checked.get(i).branches();
      if (branches != null) {
        if (branches.codes() > MAX_CODES / codes) {
          throw new VaultException(
              ErrorCode.POLICY_REFUSED,
              "condition "
                  + checked.get(i).text()
                  + " has too many branches to be released under noise protection: each IN value,"
                  + " range and OR branch is checked for low effect on its own; use fewer, or"
                  + " protection: dp");
        }
        codes *= branches.codes();
      }
    }
  }

  /** The conditions of {@code input}, the input of a release's aggregate. */
  static ReleaseConditions of(RelNode input) {
    return new ReleaseConditions(input);
  }

  /** The input with each checked filter in canonical form: the conditions numbered in order. */
  RelNode canonical() {
    return canonical;
  }

  /** The conditions checked for low effect, condition {@code i} as bit {@code i} of a mask. */
  List<Condition> checked() {
    return checked;
  }

  /** Whether some checked condition has branches (an IN list, several ranges, an OR). */
  boolean branching() {
    return branching;
  }

  /** The conditions a row of mark {@code mark} fails: condition {@code i} as bit {@code i}. */
  static int failures(long mark) {
    return (int) mark;
  }

  /** The branch code of condition {@code condition} in mark {@code mark}. */
  long code(long mark, int condition) {
    Branches branches = Objects.requireNonNull(checked.get(condition).branches());
    return ((mark >>> 32) / radix[condition]) % branches.codes();
  }

  /** The column layers of the conditions that are never dropped (joins, under an outer join). */
  TreeSet<String> otherColumns() {
    return otherColumns;
  }

  /** The texts of the conditions that are never dropped (joins, under an outer join). */
  TreeSet<String> otherTexts() {
    return otherTexts;
  }

  /**
   * The canonical input with every checked filter replaced by a projection that keeps every row and
   * adds, as its last field, the row's mark: in the lower 32 bits the mask of the conditions the
   * row fails (bit {@code i} set when condition {@code i} is not TRUE), in the upper ones the
   * branch codes of the conditions with branches ({@link #code}); the projections above pass it on.
   */
  RelNode masked() {
    if (checked.isEmpty()) {
      throw new IllegalStateException("no condition to mask");
    }
    return masked(canonical, new int[] {0});
  }

  /**
   * {@code node} with the mark of its checked conditions as an added last field, numbering them
   * from {@code next[0]} in the order {@link #canonicalize} found them.
   */
  private RelNode masked(RelNode node, int[] next) {
    RexBuilder rex = node.getCluster().getRexBuilder();
    if (!checks(node)) {
      return withMark(node, rex.makeExactLiteral(ZERO));
    }
    if (node instanceof Project project) {
      RelNode input = masked(project.getInput(), next);
      List<RexNode> fields = new ArrayList<>(project.getProjects());
      fields.add(RexInputRef.of(input.getRowType().getFieldCount() - 1, input.getRowType()));
      return project(input, fields);
    }
    if (node instanceof Join join) {
      // An inner join keeps a failing row's partners: the query without the condition has them.
      RelNode left = masked(join.getLeft(), next);
      RelNode right = masked(join.getRight(), next);
      int leftWidth = join.getLeft().getRowType().getFieldCount();
      int rightWidth = join.getRight().getRowType().getFieldCount();
      RelNode joined =
          join.copy(
              join.getTraitSet(),
              RexUtil.shift(join.getCondition(), leftWidth, 1),
              left,
              right,
              join.getJoinType(),
              join.isSemiJoinDone());
      List<RexNode> fields = new ArrayList<>();
      for (int i = 0; i < leftWidth; i++) {
        fields.add(RexInputRef.of(i, joined.getRowType()));
      }
      for (int i = 0; i < rightWidth; i++) {
        fields.add(RexInputRef.of(leftWidth + 1 + i, joined.getRowType()));
      }
      fields.add(
          rex.makeCall(
              SqlStdOperatorTable.PLUS,
              RexInputRef.of(leftWidth, joined.getRowType()),
              RexInputRef.of(leftWidth + 1 + rightWidth, joined.getRowType())));
      return project(joined, fields);
    }
    Filter filter = (Filter) node;
    List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
    int firstBit = next[0];
    next[0] += conjuncts.size();
    RelNode input = masked(filter.getInput(), next);
    int width = filter.getInput().getRowType().getFieldCount();
    List<RexNode> fields = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      fields.add(RexInputRef.of(i, input.getRowType()));
    }
    RexNode mask = RexInputRef.of(width, input.getRowType());
    for (int i = 0; i < conjuncts.size(); i++) {
      RexNode failed =
          rex.makeCall(
              SqlStdOperatorTable.CASE,
              rex.makeCall(SqlStdOperatorTable.IS_TRUE, conjuncts.get(i)),
              rex.makeExactLiteral(ZERO),
              rex.makeExactLiteral(BigDecimal.valueOf(1L << (firstBit + i))));
      mask = rex.makeCall(SqlStdOperatorTable.PLUS, mask, failed);
      Branches branches = checked.get(firstBit + i).branches();
      if (branches != null) {
        RexNode code =
            rex.makeCall(
                SqlStdOperatorTable.MULTIPLY,
                branches.code(),
                rex.makeBigintLiteral(BigDecimal.valueOf(radix[firstBit + i] << 32)));
        mask = rex.makeCall(SqlStdOperatorTable.PLUS, mask, code);
      }
    }
    fields.add(mask);
    return project(input, fields);
  }

  /**
   * Whether {@code node} has checked conditions: a filter of the chains {@link #canonicalize}
   * walks.
   */
  private static boolean checks(RelNode node) {
    if (node instanceof Filter) {
      return true;
    }
    if (node instanceof Project project) {
      return checks(project.getInput());
    }
    return isInner(node) && (checks(node.getInput(0)) || checks(node.getInput(1)));
  }

  private static boolean isInner(RelNode node) {
    return node instanceof Join join && join.getJoinType() == JoinRelType.INNER;
  }

  /** {@code node}'s fields and {@code mark}. */
  private static RelNode withMark(RelNode node, RexNode mark) {
    List<RexNode> fields = new ArrayList<>();
    for (int i = 0; i < node.getRowType().getFieldCount(); i++) {
      fields.add(RexInputRef.of(i, node.getRowType()));
    }
    fields.add(mark);
    return project(node, fields);
  }

  private static RelNode project(RelNode input, List<RexNode> fields) {
    return LogicalProject.create(input, List.of(), fields, (List<String>) null, java.util.Set.of());
  }

  private static final BigDecimal ZERO = BigDecimal.ZERO;

  /** Rewrites the filters above the scans and outer joins; collects their conditions. */
  private RelNode canonicalize(RelNode node, List<Condition> found) {
    if (node instanceof Project project) {
      return project.copy(project.getTraitSet(), List.of(canonicalize(project.getInput(), found)));
    }
    if (node instanceof Filter filter) {
      RexNode condition =
          RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), conjuncts(filter), false);
      List<RexNode> conjuncts = RelOptUtil.conjunctions(condition);
      for (RexNode conjunct : conjuncts) {
        TreeSet<String> columns = new TreeSet<>();
        for (int field : RelOptUtil.InputFinder.bits(conjunct)) {
          sources(filter.getInput(), field, columns);
        }
        found.add(
            new Condition(
                describe(filter.getInput(), conjunct),
                List.copyOf(columns),
                Branches.of(filter.getInput(), filter.getCluster().getRexBuilder(), conjunct)));
      }
      RelNode input = canonicalize(filter.getInput(), found);
      return conjuncts.isEmpty() ? input : filter.copy(filter.getTraitSet(), input, condition);
    }
    if (isInner(node)) {
      // A condition inside a derived table joined back is the same condition.
      Join join = (Join) node;
      collectJoin(join);
      RelNode left = canonicalize(join.getLeft(), found);
      RelNode right = canonicalize(join.getRight(), found);
      return join.copy(join.getTraitSet(), List.of(left, right));
    }
    collectOthers(node);
    return node;
  }

  private void collectJoin(Join join) {
    otherTexts.add("join " + join.getJoinType() + " " + describe(join, join.getCondition()));
    for (int field : RelOptUtil.InputFinder.bits(join.getCondition())) {
      sources(join, field, otherColumns);
    }
  }

  /** Collects the conditions under a scan or an outer join: kept whatever their effect. */
  private void collectOthers(RelNode node) {
    if (node instanceof Filter filter) {
      for (RexNode conjunct : conjuncts(filter)) {
        otherTexts.add(describe(filter.getInput(), conjunct));
        for (int field : RelOptUtil.InputFinder.bits(conjunct)) {
          sources(filter.getInput(), field, otherColumns);
        }
      }
    } else if (node instanceof Join join) {
      collectJoin(join);
    }
    node.getInputs().forEach(this::collectOthers);
  }

  /**
   * A filter's conjuncts in canonical form: the condition simplified as a whole, so that a
   * tautology ({@code AND 1 = 1}) disappears and equivalent ranges ({@code BETWEEN}, two
   * comparisons, a negated complement) become one search.
   */
  static List<RexNode> conjuncts(Filter filter) {
    RexBuilder rex = filter.getCluster().getRexBuilder();
    RexSimplify simplify = new RexSimplify(rex, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR);
    List<RexNode> conjuncts = new ArrayList<>();
    for (RexNode conjunct : simplified(filter)) {
      List<RexNode> parts =
          conjunct.getKind() == SqlKind.OR
              ? clauses(filter.getInput(), rex, conjunct)
              : splitHoles(rex, conjunct);
      if (parts.size() == 1) {
        conjuncts.add(conjunct);
      } else {
        // Each part as the query that had only it would spell it.
        parts.forEach(
            part ->
                conjuncts.add(
                    simplify.simplifyUnknownAsFalse(RexUtil.expandSearch(rex, null, part))));
      }
    }
    return conjuncts;
  }

  /** A filter's conjuncts as simplified, before any is split into the conditions checked. */
  static List<RexNode> simplified(Filter filter) {
    RexBuilder rex = filter.getCluster().getRexBuilder();
    return RelOptUtil.conjunctions(
        new RexSimplify(rex, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR)
            .simplifyUnknownAsFalse(filter.getCondition()));
  }

  /**
   * An OR as the conjunction of its clauses, each an OR that excludes one cell: {@code NOT (gender
   * = 'F' AND age IN (47, 33, 52))} as {@code NOT (gender = 'F' AND age = 47) AND NOT (gender = 'F'
   * AND age = 33) …}, so that each excluded cell is checked for low effect on its own and the
   * target's cannot hide among known people's in one condition of just enough effect.
   */
  private static List<RexNode> clauses(RelNode input, RexBuilder rex, RexNode disjunction) {
    RexNode expanded = RexUtil.expandSearch(rex, null, disjunction);
    RexNode cnf = RexUtil.toCnf(rex, MAX_CNF_NODES, expanded);
    List<RexNode> clauses = RelOptUtil.conjunctions(cnf);
    if (clauses.size() == 1 && hasConjunction(cnf)) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          "condition "
              + describe(input, disjunction)
              + " excludes too many combinations of values to be released under noise protection:"
              + " each excluded combination is checked for low effect on its own; use fewer values,"
              + " or protection: dp");
    }
    return clauses.size() < 2 ? List.of(disjunction) : clauses;
  }

  /** The most nodes the clauses of one OR may have: beyond it, too many to check one by one. */
  private static final int MAX_CNF_NODES = 4 * 3 * MAX_CHECKED;

  private static boolean hasConjunction(RexNode disjunction) {
    return RelOptUtil.disjunctions(disjunction).stream()
        .anyMatch(operand -> operand.getKind() == SqlKind.AND);
  }

  /**
   * A range with single values cut out ({@code age BETWEEN 30 AND 60 AND age <> 45}, which
   * simplification merges into one search) as the range and one condition per cut value, so that
   * each cut is checked for low effect on its own and cannot hide in the range's effect.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<RexNode> splitHoles(RexBuilder rex, RexNode conjunct) {
    if (conjunct.getKind() != SqlKind.SEARCH
        || !(((RexCall) conjunct).getOperands().get(1) instanceof RexLiteral literal)
        || !(literal.getValue() instanceof Sarg sarg)
        || sarg.isPoints()
        || sarg.rangeSet.asRanges().size() < 2) {
      return List.of(conjunct);
    }
    RexNode column = ((RexCall) conjunct).getOperands().get(0);
    if (sarg.isComplementedPoints()) {
      // NOT IN (a, b): each value a condition of its own, as age <> a AND age <> b.
      List<RexNode> parts = new ArrayList<>();
      for (Object point : sarg.rangeSet.complement().asRanges()) {
        RangeSet others = TreeRangeSet.create();
        others.add(Range.all());
        others.remove((Range) point);
        parts.add(search(rex, column, Sarg.of(sarg.nullAs, others), literal));
      }
      return parts.size() < 2 ? List.of(conjunct) : parts;
    }
    Range span = sarg.rangeSet.span();
    RangeSet holes = TreeRangeSet.create();
    holes.add(span);
    holes.removeAll(sarg.rangeSet);
    List<RexNode> parts = new ArrayList<>();
    parts.add(search(rex, column, Sarg.of(sarg.nullAs, ImmutableRangeSet.of(span)), literal));
    for (Object hole : holes.asRanges()) {
      Range point = (Range) hole;
      if (!point.hasLowerBound()
          || !point.hasUpperBound()
          || point.lowerBoundType() != BoundType.CLOSED
          || point.upperBoundType() != BoundType.CLOSED
          || !point.lowerEndpoint().equals(point.upperEndpoint())) {
        return List.of(conjunct);
      }
      RangeSet others = TreeRangeSet.create();
      others.add(Range.all());
      others.remove(point);
      parts.add(search(rex, column, Sarg.of(sarg.nullAs, others), literal));
    }
    return parts;
  }

  @SuppressWarnings("rawtypes")
  static RexNode search(RexBuilder rex, RexNode column, Sarg sarg, RexLiteral like) {
    return rex.makeCall(
        SqlStdOperatorTable.SEARCH, column, rex.makeSearchArgumentLiteral(sarg, like.getType()));
  }

  /** Adds the source columns of field {@code field} of {@code node}, as noise layers. */
  static void sources(RelNode node, int field, TreeSet<String> layers) {
    if (node instanceof TableScan) {
      layers.add("column " + describe(node, field));
    } else if (node instanceof Project project) {
      for (int input : RelOptUtil.InputFinder.bits(project.getProjects().get(field))) {
        sources(project.getInput(), input, layers);
      }
    } else if (node instanceof Join join) {
      int left = join.getLeft().getRowType().getFieldCount();
      if (field < left) {
        sources(join.getLeft(), field, layers);
      } else {
        sources(join.getRight(), field - left, layers);
      }
    } else if (node.getInputs().size() == 1) {
      sources(node.getInput(0), field, layers);
    }
  }

  /** A field of {@code node} by the source column and expression it comes from. */
  static String describe(RelNode node, int field) {
    if (node instanceof TableScan scan) {
      VaultTable table = scan.getTable().unwrap(VaultTable.class);
      String dataset = table == null ? "?" : table.dataset().name();
      return dataset + "." + scan.getRowType().getFieldNames().get(field);
    }
    if (node instanceof Project project) {
      return describe(project.getInput(), project.getProjects().get(field));
    }
    if (node instanceof Join join) {
      int left = join.getLeft().getRowType().getFieldCount();
      return field < left
          ? describe(join.getLeft(), field)
          : describe(join.getRight(), field - left);
    }
    if (node instanceof Filter || node.getInputs().size() == 1) {
      return describe(node.getInput(0), field);
    }
    return "?" + field;
  }

  /** An expression over {@code node}'s fields, with each field described by its source. */
  static String describe(RelNode node, RexNode expression) {
    if (expression instanceof RexInputRef ref) {
      return describe(node, ref.getIndex());
    }
    if (expression instanceof RexCall call) {
      List<String> operands = new ArrayList<>();
      call.getOperands().forEach(o -> operands.add(describe(node, o)));
      return call.getOperator().getName() + operands;
    }
    return expression.toString();
  }
}
