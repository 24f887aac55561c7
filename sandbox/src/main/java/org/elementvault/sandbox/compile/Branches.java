package org.elementvault.sandbox.compile;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.Sarg;
import org.jspecify.annotations.Nullable;

/**
 * The branches of a condition that holds through any one of several: the values of an IN list, the
 * ranges of a search, the branches of an OR (with the values and ranges of its searches). Each is
 * checked for low effect on its own, after Open Diffix Fir: a branch that lets only a few subjects
 * into a group is answered as if it were absent, so that {@code age IN (47, 33, …)}, with 47 the
 * age only a target has, cannot pad the target into a group of exactly k (DESIGN.md, Release
 * protection).
 *
 * <p>A row's branches are a code: for a search, whose ranges are disjoint, the number of the one
 * range it falls in (0 for none); for an OR, a bit per branch it satisfies.
 */
final class Branches {

  private final RelNode input;
  private final RexBuilder rex;
  private final List<RexNode> branches;
  private final boolean disjoint;

  private Branches(RelNode input, RexBuilder rex, List<RexNode> branches, boolean disjoint) {
    this.input = input;
    this.rex = rex;
    this.branches = List.copyOf(branches);
    this.disjoint = disjoint;
  }

  /** The branches of {@code conjunct}, a condition over {@code input}; null if it has only one. */
  static @Nullable Branches of(RelNode input, RexBuilder rex, RexNode conjunct) {
    if (conjunct.getKind() == SqlKind.OR) {
      List<RexNode> found = new ArrayList<>();
      for (RexNode operand : ((RexCall) conjunct).getOperands()) {
        List<RexNode> parts = searchBranches(rex, operand);
        found.addAll(parts.isEmpty() ? List.of(operand) : parts);
      }
      return new Branches(input, rex, found, false);
    }
    List<RexNode> parts = searchBranches(rex, conjunct);
    return parts.isEmpty() ? null : new Branches(input, rex, parts, true);
  }

  /**
   * The branches of a search that holds on several ranges or on NULL and a range: one search per
   * range, and {@code IS NULL}; empty for any other condition, and for a search that excludes
   * single values ({@code <>}, {@code NOT IN}), whose values are conditions of their own.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<RexNode> searchBranches(RexBuilder rex, RexNode condition) {
    if (condition.getKind() != SqlKind.SEARCH
        || !(((RexCall) condition).getOperands().get(1) instanceof RexLiteral literal)
        || !(literal.getValue() instanceof Sarg sarg)
        || sarg.isComplementedPoints()) {
      return List.of();
    }
    boolean nullBranch = sarg.nullAs == RexUnknownAs.TRUE;
    int ranges = sarg.rangeSet.asRanges().size();
    if (ranges + (nullBranch ? 1 : 0) < 2) {
      return List.of();
    }
    RexNode column = ((RexCall) condition).getOperands().get(0);
    List<RexNode> parts = new ArrayList<>();
    for (Object range : sarg.rangeSet.asRanges()) {
      parts.add(
          ReleaseConditions.search(
              rex,
              column,
              Sarg.of(RexUnknownAs.UNKNOWN, ImmutableRangeSet.of((Range) range)),
              literal));
    }
    if (nullBranch) {
      parts.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, column));
    }
    return parts;
  }

  /** Whether a row satisfies at most one branch (the ranges of a search). */
  boolean disjoint() {
    return disjoint;
  }

  /** How many branches there are. */
  int size() {
    return branches.size();
  }

  /** How many codes a row may have: the code is below this. */
  long codes() {
    if (disjoint) {
      return branches.size() + 1L;
    }
    return branches.size() < Long.SIZE - 1 ? 1L << branches.size() : Long.MAX_VALUE;
  }

  /** The expression of a row's code. */
  RexNode code() {
    if (disjoint) {
      List<RexNode> operands = new ArrayList<>();
      for (int b = 0; b < branches.size(); b++) {
        operands.add(rex.makeCall(SqlStdOperatorTable.IS_TRUE, branches.get(b)));
        operands.add(rex.makeBigintLiteral(BigDecimal.valueOf(b + 1L)));
      }
      operands.add(rex.makeBigintLiteral(BigDecimal.ZERO));
      return rex.makeCall(SqlStdOperatorTable.CASE, operands);
    }
    RexNode code = rex.makeBigintLiteral(BigDecimal.ZERO);
    for (int b = 0; b < branches.size(); b++) {
      RexNode bit =
          rex.makeCall(
              SqlStdOperatorTable.CASE,
              rex.makeCall(SqlStdOperatorTable.IS_TRUE, branches.get(b)),
              rex.makeBigintLiteral(BigDecimal.valueOf(1L << b)),
              rex.makeBigintLiteral(BigDecimal.ZERO));
      code = rex.makeCall(SqlStdOperatorTable.PLUS, code, bit);
    }
    return code;
  }

  /** The noise layers of the source columns the branches {@code kept} read. */
  List<String> columns(BitSet kept) {
    TreeSet<String> columns = new TreeSet<>();
    kept.stream()
        .forEach(
            b -> {
              for (int field : RelOptUtil.InputFinder.bits(branches.get(b))) {
                ReleaseConditions.sources(input, field, columns);
              }
            });
    return List.copyOf(columns);
  }

  /** The branches a row of code {@code code} satisfies. */
  BitSet satisfied(long code) {
    if (disjoint) {
      BitSet one = new BitSet();
      if (code > 0) {
        one.set((int) code - 1);
      }
      return one;
    }
    return BitSet.valueOf(new long[] {code});
  }

  /**
   * The canonical text of the condition with only the branches {@code kept}: the text of the query
   * that never had the others, so that a dropped branch leaves no trace in the noise.
   */
  String text(BitSet kept) {
    // As comparisons, which simplification merges as it merged the query's own.
    List<RexNode> disjuncts = new ArrayList<>();
    kept.stream().forEach(b -> disjuncts.add(RexUtil.expandSearch(rex, null, branches.get(b))));
    RexNode condition =
        new RexSimplify(rex, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR)
            .simplifyUnknownAsFalse(RexUtil.composeDisjunction(rex, disjuncts));
    return ReleaseConditions.describe(input, condition);
  }
}
