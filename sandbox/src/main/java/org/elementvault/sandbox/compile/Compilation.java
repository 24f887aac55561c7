package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.tools.Planner;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;
import org.jspecify.annotations.Nullable;

/**
 * A compiled element query and what the policy found in it; runs it when the policy passes
 * (DESIGN.md, Sandbox steps 4 to 5): thresholds every aggregate, executes, then checks row-level
 * results for k-anonymity and puts them in an order that carries no information.
 */
public final class Compilation implements AutoCloseable {

  private final Planner planner;
  private final SchemaPlus catalog;
  private final RelNode plan;
  private final PolicyReport report;

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
   * Runs the query with threshold {@code k}; an aggregate result is released under sticky noise
   * seeded by {@code noiseSecret} (the vault's, {@code Vault#noiseSecret}).
   *
   * @throws VaultException {@code POLICY_REFUSED} if the policy refuses the query or a row-level
   *     result is not k-anonymous; {@code RESOURCE_LIMIT} if a limit stops the job
   */
  public ElementResult run(int k, Executor executor, JobLimits limits, byte[] noiseSecret) {
    requirePasses();
    ElementResult result;
    if (report.aggregate()) {
      result = NoisyRelease.of(plan, k).run(executor, catalog, limits, noiseSecret);
    } else {
      result = executor.execute(ThresholdRewrite.apply(plan, k), catalog, limits);
      checkKAnonymity(result, k);
    }
    return plan instanceof Sort sort && !sort.getCollation().getFieldCollations().isEmpty()
        ? result
        : new ElementResult(result.columns(), canonicalOrder(result.rows()));
  }

  /**
   * Runs the thresholded plan with exact aggregates and no noise, for the differential tests that
   * hold the executors equal to each other and to DuckDB. The sandbox never releases what this
   * returns: {@link #run} is the one path to a released result.
   */
  public ElementResult runExactForDifferentialTests(int k, Executor executor, JobLimits limits) {
    requirePasses();
    return executor.execute(ThresholdRewrite.apply(plan, k), catalog, limits);
  }

  private void checkKAnonymity(ElementResult result, int k) {
    List<Integer> quasi = report.quasiIdentifierOutputs();
    if (quasi.isEmpty()) {
      return;
    }
    Map<List<@Nullable Object>, Integer> classes = new HashMap<>();
    for (List<@Nullable Object> row : result.rows()) {
      List<@Nullable Object> key = new ArrayList<>();
      quasi.forEach(i -> key.add(row.get(i)));
      classes.merge(key, 1, Integer::sum);
    }
    if (classes.values().stream().anyMatch(size -> size < k)) {
      List<String> names = quasi.stream().map(i -> result.columns().get(i).name()).toList();
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          "result is not "
              + k
              + "-anonymous: some combination of the quasi-identifiers "
              + String.join(", ", names)
              + " is shared by fewer than "
              + k
              + " rows; generalize them or aggregate");
    }
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
