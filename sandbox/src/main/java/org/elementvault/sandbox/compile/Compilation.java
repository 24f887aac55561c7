package org.elementvault.sandbox.compile;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.tools.Planner;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.protection.Protection;
import org.jspecify.annotations.Nullable;

/**
 * A compiled element query and what the policy found in it; runs it when the policy passes
 * (DESIGN.md, Sandbox steps 4 to 5): makes its arithmetic total, releases aggregates thresholded
 * and under sticky noise, suppresses the row-level classes that are not k-anonymous, and puts the
 * rows in an order that carries no information.
 */
public final class Compilation implements AutoCloseable {

  private final Planner planner;
  private final SchemaPlus catalog;
  private final RelNode plan;
  private final PolicyReport report;

  /**
   * The noise release of the plan, prepared at its first run for that run's k and kept for the next
   * runs of this compilation: the noise rules' verdict, the threshold rewrite and the compiled last
   * step follow from the plan and k alone (CheckedPlans keeps a compilation only while the element
   * and its datasets are unchanged).
   */
  private @Nullable PreparedNoise noise;

  Compilation(Planner planner, SchemaPlus catalog, RelNode plan, PolicyReport report) {
    this.planner = planner;
    this.catalog = catalog;
    this.plan = plan;
    this.report = report;
  }

  /** What the policy found. */
  public PolicyReport report() {
    return report;
  }

  /** The logical plan, as validated. */
  public RelNode plan() {
    return plan;
  }

  /** Throws the first problem, with the count of the others, if the policy refuses the query. */
  public void requirePasses() {
    if (report.passes()) {
      return;
    }
    throw new VaultException(ErrorCode.POLICY_REFUSED, Problem.summary(report.problems()));
  }

  /**
   * Runs the query with threshold {@code k}: makes its arithmetic total, releases an aggregate
   * result under sticky noise seeded by {@code noiseSecret} (the vault's, {@code
   * Vault#noiseSecret}), suppresses the row-level classes under k distinct subjects, and sorts the
   * rows by their values unless the query orders them.
   *
   * @throws VaultException {@code POLICY_REFUSED} if the policy refuses the query or the rows of a
   *     row-level result that needs k-anonymity cannot be traced to their subjects; {@code
   *     RESOURCE_LIMIT} if a limit stops the job
   */
  public ElementResult run(int k, Executor executor, JobLimits limits, byte[] noiseSecret) {
    requirePasses();
    if (report.aggregate()) {
      PreparedNoise prepared = preparedNoise(k);
      ElementResult released = prepared.release().run(executor, catalog, limits, noiseSecret);
      return inQueryOrder(
          new ElementResult(
              released.columns(), released.rows(), prepared.description(), released.shape()));
    }
    RelNode total = TotalArithmetic.apply(plan);
    ElementResult result;
    if (RowAnonymity.applies(report)) {
      result =
          RowAnonymity.release(
              ThresholdRewrite.apply(total, k), report, k, executor, catalog, limits);
    } else {
      result = executor.execute(ThresholdRewrite.apply(total, k), catalog, limits);
    }
    return inQueryOrder(result);
  }

  /**
   * Runs the query under {@code protection}: as {@link #run(int, Executor, JobLimits, byte[])} for
   * {@code noise}; for {@code dp}, an aggregate query releases through {@link DpRelease} with fresh
   * noise from {@code random}, and a row-level query is refused.
   *
   * @throws VaultException {@code POLICY_REFUSED} if the policy or the dp rules refuse the query;
   *     {@code RESOURCE_LIMIT} if a limit stops the job
   */
  public ElementResult run(
      int k,
      Executor executor,
      JobLimits limits,
      byte[] noiseSecret,
      Protection protection,
      SecureRandom random) {
    return switch (protection.mechanism()) {
      case NOISE -> run(k, executor, limits, noiseSecret);
      case DP -> {
        requirePasses();
        if (!report.aggregate()) {
          throw new VaultException(
              ErrorCode.POLICY_REFUSED, Problem.summary(protectionProblems(protection)));
        }
        yield inQueryOrder(
            new DpRelease(TotalArithmetic.apply(plan), k)
                .run(executor, catalog, limits, protection, random));
      }
    };
  }

  /**
   * Runs the row-level plan of a model element for its training inside the sandbox. The rows are
   * never released: the caller has checked the plan with the model rules instead of the release
   * rules ({@code sandbox.model.TrainingRules}) and releases only the noised fit.
   *
   * @throws VaultException {@code RESOURCE_LIMIT} if a limit stops the job
   */
  public ElementResult runForTraining(Executor executor, JobLimits limits) {
    return executor.execute(TotalArithmetic.apply(plan), catalog, limits);
  }

  /** What keeps this query from a release under {@code protection}; empty if nothing. */
  public List<Problem> protectionProblems(Protection protection) {
    return switch (protection.mechanism()) {
      case NOISE -> report.aggregate() ? NoiseConditions.problems(plan) : List.of();
      case DP -> DpPlan.problems(plan, report.aggregate(), protection);
    };
  }

  /**
   * What a release of this query under {@code protection} with threshold {@code k} will say of its
   * protection, independent of the data: for dp the ε, δ, release threshold and each aggregate's
   * expected error. The query must pass {@link #protectionProblems} for dp.
   */
  public ReleaseProtection describe(Protection protection, int k) {
    if (!report.aggregate()) {
      return ReleaseProtection.NONE;
    }
    return switch (protection.mechanism()) {
      case NOISE -> NoiseDescription.of(plan);
      case DP -> DpPlan.of(plan, protection, k).description();
    };
  }

  /**
   * Runs the thresholded plan with exact aggregates and no noise, for the differential tests that
   * hold the executors equal to each other and to DuckDB, in the order {@link #run} gives. The
   * sandbox never releases what this returns: {@link #run} is the one path to a released result.
   */
  public ElementResult runExactForDifferentialTests(int k, Executor executor, JobLimits limits) {
    requirePasses();
    return inQueryOrder(
        executor.execute(ThresholdRewrite.apply(TotalArithmetic.apply(plan), k), catalog, limits));
  }

  /**
   * The release of this plan with threshold {@code k} under sticky noise, once the noise rules pass
   * it: the kept one if it was prepared for this k. Not thread-safe, as a compilation is run by one
   * job at a time.
   *
   * @throws VaultException {@code POLICY_REFUSED} if the noise rules refuse the plan
   */
  private PreparedNoise preparedNoise(int k) {
    PreparedNoise kept = noise;
    if (kept != null && kept.release().k() == k) {
      return kept;
    }
    List<Problem> problems = NoiseConditions.problems(plan);
    if (!problems.isEmpty()) {
      throw new VaultException(ErrorCode.POLICY_REFUSED, Problem.summary(problems));
    }
    RelNode total = TotalArithmetic.apply(plan);
    PreparedNoise prepared =
        new PreparedNoise(NoisyRelease.of(total, k), NoiseDescription.of(total));
    noise = prepared;
    return prepared;
  }

  /** A noise release of this plan and what it says of its protection, derived once. */
  private record PreparedNoise(NoisyRelease release, ReleaseProtection description) {}

  /** {@code result} in the query's order if it has one, else sorted by the rows' own values. */
  private ElementResult inQueryOrder(ElementResult result) {
    return plan instanceof Sort sort && !sort.getCollation().getFieldCollations().isEmpty()
        ? result
        : new ElementResult(
            result.columns(), canonicalOrder(result.rows()), result.protection(), result.shape());
  }

  /** Sorts rows by their own values, so the order says nothing about where they were stored. */
  private static List<List<@Nullable Object>> canonicalOrder(List<List<@Nullable Object>> rows) {
    List<List<@Nullable Object>> sorted = new ArrayList<>(rows);
    sorted.sort(Compilation::compareRows);
    return sorted;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareRows(List<@Nullable Object> a, List<@Nullable Object> b) {
    Comparator<@Nullable Object> values =
        Comparator.nullsFirst((x, y) -> ((Comparable) x).compareTo(y));
    for (int i = 0; i < a.size(); i++) {
      int order = values.compare(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  @Override
  public void close() {
    planner.close();
  }
}
