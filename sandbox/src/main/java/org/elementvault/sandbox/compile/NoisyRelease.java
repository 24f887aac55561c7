package org.elementvault.sandbox.compile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.result.Fingerprint;
import org.elementvault.engine.result.ReleaseShape;
import org.elementvault.sandbox.catalog.VaultTable;
import org.elementvault.sandbox.compile.NoisyAggregation.Kind;
import org.elementvault.sandbox.compile.NoisyAggregation.Output;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ContributionQuery;
import org.elementvault.sandbox.exec.Contributions;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.protection.NoiseKey;
import org.jspecify.annotations.Nullable;

/**
 * Runs an aggregate element under {@code protection: noise} (DESIGN.md, Release protection). The
 * policy admits one aggregate block; it is rewritten to aggregate per group <em>and subject</em>
 * first, so that the rows of one person become one contribution and joins never multiply anyone;
 * {@link NoisyAggregation} then thresholds, flattens and noises each group, and whatever the query
 * computes above its aggregate (HAVING, expressions of aggregates, ORDER BY) runs over the noisy
 * groups, never over exact ones. Where every row is a different subject, the executor may combine
 * the contributions per group itself ({@link Executor#contributions}), to the same result.
 */
final class NoisyRelease {

  private final int k;
  private final List<Integer> subjects;
  private final ReleaseConditions conditions;
  private final Partials partials;
  private final TreeSet<String> datasets;
  private final TreeSet<String> texts;
  private final List<String> keyNames;
  private final LastStep last;

  /**
   * Everything of the release that follows from the plan and k alone, derived once: the threshold
   * rewrite, the conditions, the partials, the noise layers' names, and the last step (what the
   * query computes over the noisy groups) compiled into generated code.
   */
  private NoisyRelease(RelNode plan, Aggregate aggregate, int k) {
    this.k = k;
    Aggregate thresholded = find(ThresholdRewrite.apply(aggregate, k));
    if (thresholded == null) {
      throw new IllegalStateException("the threshold rewrite lost the aggregate");
    }
    int calls = aggregate.getAggCallList().size();
    List<Integer> subjectFields = new ArrayList<>();
    for (AggregateCall count :
        thresholded.getAggCallList().subList(calls, thresholded.getAggCallList().size())) {
      subjectFields.add(count.getArgList().get(0));
    }
    this.subjects = List.copyOf(subjectFields);
    this.conditions = ReleaseConditions.of(thresholded.getInput());
    RelNode input = conditions.canonical();
    boolean masked = !conditions.checked().isEmpty();
    this.partials =
        new Partials(masked ? conditions.masked() : input, input, aggregate, subjects, masked);
    this.datasets = new TreeSet<>();
    this.texts = new TreeSet<>();
    collect(input, datasets, texts);
    List<String> names = new ArrayList<>();
    for (int key : aggregate.getGroupSet()) {
      names.add(ReleaseConditions.describe(aggregate.getInput(), key));
    }
    this.keyNames = List.copyOf(names);
    this.last = LastStep.of(plan, aggregate);
  }

  /** The release of {@code plan}, whose one aggregate block the policy has checked. */
  static NoisyRelease of(RelNode plan, int k) {
    Aggregate aggregate = find(plan);
    if (aggregate == null) {
      throw new IllegalArgumentException("not an aggregate plan");
    }
    return new NoisyRelease(plan, aggregate, k);
  }

  /** The threshold this release was prepared for. */
  int k() {
    return k;
  }

  /** Runs the release: contributions with {@code executor}, the rest over the noisy groups. */
  ElementResult run(Executor executor, SchemaPlus catalog, JobLimits limits, byte[] secret) {
    KeyMaterial vaultSecret = KeyMaterial.copyOf(secret);
    NoiseKey key = NoiseKey.derive(vaultSecret, String.join("+", datasets));
    vaultSecret.destroy();
    NoisyAggregation release;
    List<List<@Nullable Object>> rows;
    try {
      release =
          new NoisyAggregation(
              keyNames.size(),
              subjects.size(),
              partials.calls.size(),
              partials.outputs,
              k,
              key,
              conditions,
              !partials.oneRowPerSubject());
      // Contributions are not released, and never held: the executor combines them per group, or
      // they stream into the release row by row.
      // Branches are weighed only over rows (the vectorized executor marks failed filters alone).
      Optional<Contributions> combined =
          partials.oneRowPerSubject() && !conditions.branching()
              ? partials.query(key).flatMap(query -> executor.contributions(query, catalog, limits))
              : Optional.empty();
      if (combined.isPresent()) {
        combined.get().groups().forEach(release::add);
        combined.get().failing().forEach(release::add);
      } else {
        RelNode contributions = partials.oneRowPerSubject() ? partials.rows() : partials.plan();
        executor.stream(contributions, catalog, limits, release::add);
      }
      rows = release.finish();
    } finally {
      key.destroy();
    }
    ElementResult result = last.run(rows, catalog, limits);
    return new ElementResult(
        result.columns(),
        result.rows(),
        ReleaseProtection.NONE,
        Optional.of(shape(release.outcomes(), keyNames, datasets, texts, secret)));
  }

  /** The release's shape for the ledger: group keys and conditions as keyed fingerprints only. */
  private ReleaseShape shape(
      List<NoisyAggregation.GroupOutcome> outcomes,
      List<String> keyNames,
      TreeSet<String> datasets,
      TreeSet<String> conditions,
      byte[] secret) {
    try (LedgerFingerprints fingerprints = LedgerFingerprints.derive(secret)) {
      List<ReleaseShape.Group> groups = new ArrayList<>(outcomes.size());
      for (NoisyAggregation.GroupOutcome outcome : outcomes) {
        List<Fingerprint> keys = fingerprints.keys(keyNames, outcome.keys());
        groups.add(
            outcome.released()
                ? ReleaseShape.Group.released(keys)
                : ReleaseShape.Group.suppressed(keys, outcome.subjects()));
      }
      return new ReleaseShape(
          k, List.copyOf(datasets), fingerprints.conditions(conditions), keyNames, groups);
    }
  }

  /** The partial aggregates per group and subject, and how each output combines them. */
  static final class Partials {
    private final RelNode input;
    private final RelNode scanned;
    private final Aggregate aggregate;
    private final List<Integer> subjects;
    private final boolean masked;
    private final List<RexNode> extra = new ArrayList<>();
    final List<AggregateCall> calls = new ArrayList<>();
    final List<Output> outputs = new ArrayList<>();

    /**
     * The partials of {@code aggregate} over {@code input}; {@code scanned} is the same input with
     * its filters in place, for an executor's own combination, and {@code masked} says whether
     * {@code input} ends in the failure mask of the checked conditions instead.
     */
    Partials(
        RelNode input,
        RelNode scanned,
        Aggregate aggregate,
        List<Integer> subjects,
        boolean masked) {
      this.input = input;
      this.scanned = scanned;
      this.aggregate = aggregate;
      this.subjects = subjects;
      this.masked = masked;
      for (AggregateCall call : aggregate.getAggCallList()) {
        outputs.add(output(call));
      }
    }

    private Output output(AggregateCall call) {
      SqlKind kind = call.getAggregation().getKind();
      var type = CalciteExecutor.columnType(call.getType());
      if (call.isDistinct() && kind != SqlKind.COUNT) {
        throw refusal(call.getAggregation().getName() + "(DISTINCT …)");
      }
      if (kind == SqlKind.COUNT && call.isDistinct()) {
        int dataset = subjectOf(call);
        if (dataset < 0) {
          throw refusal("COUNT(DISTINCT …) of a column other than the subject");
        }
        return new Output(Kind.COUNT_SUBJECTS, dataset, -1, -1, type);
      }
      return switch (kind) {
        case COUNT ->
            new Output(
                call.getArgList().isEmpty() ? Kind.COUNT_ROWS : Kind.COUNT_VALUES,
                partial(SqlStdOperatorTable.COUNT, call, call.getArgList()),
                -1,
                -1,
                type);
        case SUM, SUM0 -> new Output(Kind.SUM, sum(call), -1, -1, type);
        case AVG -> new Output(Kind.AVG, sum(call), count(call), -1, type);
        case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP ->
            new Output(Kind.valueOf(kind.name()), sum(call), count(call), squares(call), type);
        default -> throw refusal(call.getAggregation().getName());
      };
    }

    private int sum(AggregateCall call) {
      return partial(SqlStdOperatorTable.SUM, call, call.getArgList());
    }

    private int count(AggregateCall call) {
      return partial(SqlStdOperatorTable.COUNT, call, call.getArgList());
    }

    /**
     * Each subject's sum of squares, over a field the plan adds: the argument squared as DOUBLE.
     */
    private int squares(AggregateCall call) {
      RexBuilder rex = aggregate.getCluster().getRexBuilder();
      RexNode argument = RexInputRef.of(call.getArgList().get(0), input.getRowType());
      RexNode asDouble =
          rex.makeCast(
              aggregate
                  .getCluster()
                  .getTypeFactory()
                  .createTypeWithNullability(
                      aggregate.getCluster().getTypeFactory().createSqlType(SqlTypeName.DOUBLE),
                      true),
              argument);
      extra.add(rex.makeCall(SqlStdOperatorTable.MULTIPLY, asDouble, asDouble));
      int field = input.getRowType().getFieldCount() + extra.size() - 1;
      return partial(SqlStdOperatorTable.SUM, call, List.of(field));
    }

    /** Adds a partial call (equal ones once) and returns its index among the partials. */
    private int partial(SqlAggFunction function, AggregateCall call, List<Integer> arguments) {
      for (int i = 0; i < calls.size(); i++) {
        AggregateCall existing = calls.get(i);
        if (existing.getAggregation().equals(function)
            && existing.getArgList().equals(arguments)
            && existing.filterArg == call.filterArg) {
          return i;
        }
      }
      calls.add(
          AggregateCall.create(
              SqlParserPos.ZERO,
              function,
              false,
              false,
              false,
              List.of(),
              arguments,
              call.filterArg,
              null,
              RelCollations.EMPTY,
              aggregate.getGroupCount() + subjects.size(),
              withExtra(),
              null,
              "$partial" + calls.size()));
      return calls.size() - 1;
    }

    /** The dataset whose subject a distinct count counts, or -1. */
    private int subjectOf(AggregateCall call) {
      var query = aggregate.getCluster().getMetadataQuery();
      var origin = query.getColumnOrigin(input, call.getArgList().get(0));
      for (int i = 0; i < subjects.size(); i++) {
        var subject = query.getColumnOrigin(input, subjects.get(i));
        if (origin != null
            && subject != null
            && !origin.isDerived()
            && origin
                .getOriginTable()
                .getQualifiedName()
                .equals(subject.getOriginTable().getQualifiedName())
            && origin.getOriginColumnOrdinal() == subject.getOriginColumnOrdinal()) {
          return i;
        }
      }
      return -1;
    }

    private RelNode withExtra() {
      if (extra.isEmpty()) {
        return input;
      }
      List<RexNode> expressions = new ArrayList<>();
      for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
        expressions.add(RexInputRef.of(i, input.getRowType()));
      }
      expressions.addAll(extra);
      return LogicalProject.create(
          input, List.of(), expressions, (List<String>) null, java.util.Set.of());
    }

    /**
     * Whether every row of the input is a different subject already: one dataset whose import found
     * every subject different, read through filters and projections only (a UNION ALL could repeat
     * a subject, a join multiply one), and no FILTER clause. Then each row is its subject's whole
     * contribution and no per-subject grouping is needed.
     */
    boolean oneRowPerSubject() {
      return subjects.size() == 1
          && calls.stream().allMatch(c -> c.filterArg < 0)
          && uniqueSubjects(input);
    }

    private static boolean uniqueSubjects(RelNode node) {
      if (node instanceof TableScan scan) {
        VaultTable table = scan.getTable().unwrap(VaultTable.class);
        return table != null && table.dataset().latest().map(v -> v.subjectUnique()).orElse(false);
      }
      return (node instanceof Filter || node instanceof Project)
          && uniqueSubjects(node.getInput(0));
    }

    /**
     * The row mode's contributions as an executor may combine them itself ({@link #rows()} says
     * what each partial takes from a row), or empty if a partial is not a count or sum of an input
     * field.
     */
    Optional<ContributionQuery> query(NoiseKey key) {
      List<ContributionQuery.Partial> taken = new ArrayList<>();
      for (AggregateCall call : calls) {
        List<Integer> arguments = call.getArgList();
        SqlKind kind = call.getAggregation().getKind();
        if (kind == SqlKind.COUNT && arguments.isEmpty()) {
          taken.add(new ContributionQuery.Partial(ContributionQuery.Kind.ROWS, -1));
        } else if (kind == SqlKind.COUNT && arguments.size() == 1) {
          taken.add(new ContributionQuery.Partial(ContributionQuery.Kind.VALUES, arguments.get(0)));
        } else if (kind == SqlKind.SUM && arguments.size() == 1) {
          taken.add(new ContributionQuery.Partial(ContributionQuery.Kind.VALUE, arguments.get(0)));
        } else {
          return Optional.empty();
        }
      }
      return Optional.of(
          new ContributionQuery(
              scanned, aggregate.getGroupSet().asList(), subjects.get(0), taken, key, masked));
    }

    /**
     * Rows of {@code keys…, subject, partials…}, and the failure mask if {@code masked}, one per
     * input row: each row one subject's.
     */
    RelNode rows() {
      RexBuilder rex = aggregate.getCluster().getRexBuilder();
      RelNode source = withExtra();
      List<RexNode> fields = new ArrayList<>();
      for (int key : aggregate.getGroupSet()) {
        fields.add(RexInputRef.of(key, source.getRowType()));
      }
      fields.add(RexInputRef.of(subjects.get(0), source.getRowType()));
      for (AggregateCall call : calls) {
        List<Integer> arguments = call.getArgList();
        RexNode argument =
            arguments.isEmpty() ? null : RexInputRef.of(arguments.get(0), source.getRowType());
        if (call.getAggregation().getKind() != SqlKind.COUNT) {
          fields.add(java.util.Objects.requireNonNull(argument));
        } else if (argument == null) {
          fields.add(rex.makeBigintLiteral(BigDecimal.ONE));
        } else {
          fields.add(
              rex.makeCall(
                  SqlStdOperatorTable.CASE,
                  rex.makeCall(SqlStdOperatorTable.IS_NULL, argument),
                  rex.makeBigintLiteral(BigDecimal.ZERO),
                  rex.makeBigintLiteral(BigDecimal.ONE)));
        }
      }
      if (masked) {
        fields.add(RexInputRef.of(maskField(), source.getRowType()));
      }
      return LogicalProject.create(
          source, List.of(), fields, (List<String>) null, java.util.Set.of());
    }

    /** The field of the input that holds the failure mask. */
    private int maskField() {
      return input.getRowType().getFieldCount() - 1;
    }

    /**
     * Rows of {@code keys…, subjects…, partials…}, and the failure mask if {@code masked}: one per
     * group and (combination of) subjects, and mask.
     */
    RelNode plan() {
      List<Integer> keys = aggregate.getGroupSet().asList();
      ImmutableBitSet groupSet = ImmutableBitSet.of(keys).union(ImmutableBitSet.of(subjects));
      if (masked) {
        groupSet = groupSet.set(maskField());
      }
      Aggregate grouped =
          aggregate.copy(aggregate.getTraitSet(), withExtra(), groupSet, null, calls);
      List<Integer> grouping = groupSet.asList();
      List<RexNode> ordered = new ArrayList<>();
      for (int key : keys) {
        ordered.add(RexInputRef.of(grouping.indexOf(key), grouped.getRowType()));
      }
      for (int subject : subjects) {
        ordered.add(RexInputRef.of(grouping.indexOf(subject), grouped.getRowType()));
      }
      for (int i = 0; i < calls.size(); i++) {
        ordered.add(RexInputRef.of(grouping.size() + i, grouped.getRowType()));
      }
      if (masked) {
        ordered.add(RexInputRef.of(grouping.indexOf(maskField()), grouped.getRowType()));
      }
      return LogicalProject.create(
          grouped, List.of(), ordered, (List<String>) null, java.util.Set.of());
    }
  }

  /**
   * The datasets and conditions of a release, by column name and meaning rather than by position in
   * this element's catalog, so that the same question through another element gets the same noise.
   */
  static void collect(RelNode node, TreeSet<String> datasets, TreeSet<String> conditions) {
    if (node instanceof TableScan scan) {
      VaultTable table = scan.getTable().unwrap(VaultTable.class);
      datasets.add(
          table == null
              ? scan.getTable().getQualifiedName().toString()
              : "#" + table.dataset().id());
    } else if (node instanceof Filter filter) {
      for (RexNode conjunct : ReleaseConditions.conjuncts(filter)) {
        conditions.add(ReleaseConditions.describe(filter.getInput(), conjunct));
      }
    } else if (node instanceof Join join) {
      conditions.add(
          "join "
              + join.getJoinType()
              + " "
              + ReleaseConditions.describe(join, join.getCondition()));
    }
    node.getInputs().forEach(i -> collect(i, datasets, conditions));
  }

  static @Nullable Aggregate find(RelNode node) {
    if (node instanceof Aggregate aggregate) {
      return aggregate;
    }
    for (RelNode input : node.getInputs()) {
      Aggregate found = find(input);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static VaultException refusal(String construct) {
    return new VaultException(
        ErrorCode.POLICY_REFUSED,
        construct
            + " cannot be released under noise protection: each person's contribution must be"
            + " combined before it is counted; count the subject, or group by the column");
  }
}
