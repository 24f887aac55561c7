package org.elementvault.sandbox.compile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.sql.SqlKind;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.compile.NoisyAggregation.Kind;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.exec.ReleaseProtection.ColumnNoise;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.DpCalibration;
import org.elementvault.sandbox.protection.Protection;
import org.elementvault.sandbox.protection.Ratio;
import org.jspecify.annotations.Nullable;

/**
 * The data-independent plan of a {@code protection: dp} release (DESIGN.md, Release protection):
 * which aggregates it releases, each one's share of ε and noise scale, and the partition-selection
 * threshold; or the problems that keep a query from being released under dp.
 *
 * <p>ε is split evenly into one share for partition selection and one per released aggregate; an
 * average splits its share between its sum and its count. A subject is in at most {@code
 * max_groups} groups and counts once per group, so a count's L1 sensitivity is {@code max_groups}
 * and a sum's is {@code max_groups} times the larger magnitude of its clamping bounds.
 */
final class DpPlan {

  /** The significant digits an expected error is shown with. */
  private static final int SHOWN_DIGITS = 3;

  /**
   * The noise of one released number.
   *
   * @param scale the discrete Laplace scale, in units of the grid
   * @param gridScale the grid is the multiples of 10^-gridScale
   */
  record Noise(Ratio scale, int gridScale) {
    BigDecimal standardDeviation() {
      return DpCalibration.standardDeviation(scale, SHOWN_DIGITS + 2)
          .movePointLeft(gridScale)
          .round(new java.math.MathContext(SHOWN_DIGITS, RoundingMode.HALF_UP));
    }
  }

  /**
   * One released aggregate.
   *
   * @param name its name in the query
   * @param kind what it computes
   * @param type its released type
   * @param value the noise of its count or sum
   * @param count an average's count's noise, else null
   * @param bounds a sum's or average's clamping bounds on the grid, else null
   */
  record Output(
      String name,
      Kind kind,
      ColumnType type,
      Noise value,
      @Nullable Noise count,
      @Nullable Bounds bounds) {}

  private final Protection protection;
  private final List<Output> outputs;
  private final Noise partition;
  private final BigInteger threshold;
  private final int k;

  private DpPlan(
      Protection protection, List<Output> outputs, Noise partition, BigInteger threshold, int k) {
    this.protection = protection;
    this.k = k;
    this.outputs = List.copyOf(outputs);
    this.partition = partition;
    this.threshold = threshold;
  }

  /** What keeps {@code plan} (already past the policy) from a dp release; empty if nothing. */
  static List<Problem> problems(RelNode plan, boolean aggregate, Protection protection) {
    List<Problem> problems = new ArrayList<>();
    analyze(plan, aggregate, protection, 1, problems);
    return problems;
  }

  /**
   * The plan of the dp release of {@code plan} with threshold {@code k}.
   *
   * @throws org.elementvault.engine.VaultException {@code POLICY_REFUSED} with the first problem
   */
  static DpPlan of(RelNode plan, Protection protection, int k) {
    List<Problem> problems = new ArrayList<>();
    DpPlan dp = analyze(plan, true, protection, k, problems);
    if (dp == null || !problems.isEmpty()) {
      throw new org.elementvault.engine.VaultException(
          org.elementvault.engine.ErrorCode.POLICY_REFUSED, Problem.summary(problems));
    }
    return dp;
  }

  private static @Nullable DpPlan analyze(
      RelNode plan, boolean aggregate, Protection protection, int k, List<Problem> problems) {
    if (protection.mechanism() != Protection.Mechanism.DP) {
      throw new IllegalArgumentException("not a dp protection");
    }
    Aggregate found = aggregate ? NoisyRelease.find(plan) : null;
    if (found == null) {
      problems.add(
          new Problem(
              "protection: dp",
              null,
              "applies only to aggregate queries, and this query releases rows",
              "aggregate with GROUP BY and COUNT, SUM or AVG, or use protection: noise"));
      return null;
    }
    int scans = scans(plan);
    if (scans != 1) {
      problems.add(
          new Problem(
              "protection: dp",
              null,
              "bounds the contributions of the subjects of one table, and this query reads "
                  + scans
                  + " tables",
              "read one dataset once, or use protection: noise"));
    }
    if (found.getGroupType() != Aggregate.Group.SIMPLE) {
      problems.add(
          new Problem(
              "GROUPING SETS",
              null,
              "cannot be released under protection: dp: a subject would count in several"
                  + " groupings",
              "group by one list of columns"));
    }
    Ratio share = DpCalibration.share(epsilon(protection), found.getAggCallList().size() + 1);
    Set<String> summed = new TreeSet<>();
    List<Output> outputs = new ArrayList<>();
    for (AggregateCall call : found.getAggCallList()) {
      Output output = output(found, call, protection, share, summed, problems);
      if (output != null) {
        outputs.add(output);
      }
    }
    for (String column : protection.bounds().keySet()) {
      if (!summed.contains(column)) {
        problems.add(
            new Problem(
                "bounds." + column,
                null,
                "names a column that no SUM or AVG of the query aggregates",
                "remove it, or correct the column name"));
      }
    }
    int groups = protection.maxGroups();
    Noise partition = new Noise(DpCalibration.scale(BigInteger.valueOf(groups), share), 0);
    BigInteger threshold =
        DpCalibration.releaseThreshold(
            share, Objects.requireNonNull(protection.delta()), groups, k);
    return new DpPlan(protection, outputs, partition, threshold, k);
  }

  private static @Nullable Output output(
      Aggregate aggregate,
      AggregateCall call,
      Protection protection,
      Ratio share,
      Set<String> summed,
      List<Problem> problems) {
    SqlKind kind = call.getAggregation().getKind();
    String name = call.getName() == null ? call.getAggregation().getName() : call.getName();
    ColumnType type = CalciteExecutor.columnType(call.getType());
    BigInteger groups = BigInteger.valueOf(protection.maxGroups());
    if (kind == SqlKind.COUNT) {
      Kind counted =
          call.isDistinct()
              ? Kind.COUNT_SUBJECTS
              : call.getArgList().isEmpty() ? Kind.COUNT_ROWS : Kind.COUNT_VALUES;
      return new Output(
          name, counted, type, new Noise(DpCalibration.scale(groups, share), 0), null, null);
    }
    if (kind != SqlKind.SUM && kind != SqlKind.SUM0 && kind != SqlKind.AVG) {
      problems.add(
          new Problem(
              call.getAggregation().getName(),
              "aggregate",
              "is not available under protection: dp, which bounds what one subject adds and"
                  + " supports COUNT, COUNT(DISTINCT subject), SUM and AVG",
              "use COUNT, SUM or AVG, or protection: noise"));
      return null;
    }
    String column = column(aggregate, call.getArgList().get(0));
    if (column == null) {
      problems.add(
          new Problem(
              call.getAggregation().getName() + " of an expression",
              "aggregate",
              "cannot be clamped under protection: dp: bounds are declared per column",
              "sum or average a bare column"));
      return null;
    }
    summed.add(column);
    Bounds declared = protection.bounds().get(column);
    if (declared == null) {
      problems.add(
          new Problem(
              "column " + column,
              "aggregate",
              "is summed under protection: dp without clamping bounds",
              "declare bounds: {" + column + ": [lower, upper]} in the spec"));
      return null;
    }
    int gridScale = NoisyAggregation.scaleOf(type);
    Bounds bounds =
        new Bounds(
            declared.lower().setScale(gridScale, RoundingMode.FLOOR),
            declared.upper().setScale(gridScale, RoundingMode.CEILING));
    BigInteger sensitivity =
        groups.multiply(bounds.sensitivity().movePointRight(gridScale).toBigIntegerExact());
    if (kind == SqlKind.AVG) {
      Ratio half = share.times(Ratio.of(1, 2));
      return new Output(
          name,
          Kind.AVG,
          type,
          new Noise(DpCalibration.scale(sensitivity, half), gridScale),
          new Noise(DpCalibration.scale(groups, half), 0),
          bounds);
    }
    return new Output(
        name,
        Kind.SUM,
        type,
        new Noise(DpCalibration.scale(sensitivity, share), gridScale),
        null,
        bounds);
  }

  /** The source column a field is, by name, or null if it is computed. */
  private static @Nullable String column(Aggregate aggregate, int field) {
    RelColumnOrigin origin =
        aggregate.getCluster().getMetadataQuery().getColumnOrigin(aggregate.getInput(), field);
    if (origin == null || origin.isDerived()) {
      return null;
    }
    return origin
        .getOriginTable()
        .getRowType()
        .getFieldNames()
        .get(origin.getOriginColumnOrdinal());
  }

  private static int scans(RelNode node) {
    int count = node instanceof TableScan ? 1 : 0;
    for (RelNode input : node.getInputs()) {
      count += scans(input);
    }
    return count;
  }

  private static BigDecimal epsilon(Protection protection) {
    return Objects.requireNonNull(protection.epsilon(), "epsilon");
  }

  List<Output> outputs() {
    return outputs;
  }

  Noise partition() {
    return partition;
  }

  BigInteger threshold() {
    return threshold;
  }

  /** The exact floor of distinct subjects per released group. */
  int k() {
    return k;
  }

  int maxGroups() {
    return protection.maxGroups();
  }

  /** What the release's reader and the element's assessment show: ε, δ, τ, each output's error. */
  ReleaseProtection description() {
    Map<String, ColumnNoise> columns = new LinkedHashMap<>();
    for (Output output : outputs) {
      Noise count = output.count();
      columns.put(
          output.name(),
          count == null
              ? new ColumnNoise(output.value().standardDeviation(), null)
              : new ColumnNoise(
                  null,
                  "noisy clamped sum (SD "
                      + output.value().standardDeviation().toPlainString()
                      + ") / noisy count (SD "
                      + count.standardDeviation().toPlainString()
                      + ")"));
    }
    return new ReleaseProtection(
        ReleaseProtection.Mechanism.DP,
        epsilon(protection),
        protection.delta(),
        threshold,
        columns);
  }
}
