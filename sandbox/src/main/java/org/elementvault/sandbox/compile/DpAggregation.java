package org.elementvault.sandbox.compile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elementvault.sandbox.compile.NoisyAggregation.Output;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.DiscreteLaplace;
import org.elementvault.sandbox.protection.GroupSampler;
import org.elementvault.sandbox.protection.RandomBits;
import org.elementvault.sandbox.protection.SubjectHash;
import org.jspecify.annotations.Nullable;

/**
 * The {@code protection: dp} release (DESIGN.md, Release protection) over rows of {@code group
 * keys, subject, partial aggregates}: one per group and subject, or per row when every row is a
 * different subject. Rows of one subject in one group are combined first; then
 *
 * <ul>
 *   <li>each subject keeps at most {@code max_groups} groups, the lowest ranked by a {@link
 *       GroupSampler} keyed afresh for the run (never chosen by value);
 *   <li>each subject counts once per group: {@code COUNT(*)} and {@code COUNT(col)} count the
 *       subjects with a row (with a value), like {@code COUNT(DISTINCT subject)};
 *   <li>each subject's total of a sum is rounded to the output's grid and clamped into the declared
 *       bounds; an average is the noisy clamped sum over the noisy count of subjects with a value;
 *   <li>a group is released only if it has at least k distinct subjects and its distinct-subject
 *       count plus discrete Laplace noise reaches the threshold of its {@link DpPlan}; the others
 *       are dropped silently;
 *   <li>every released number gets fresh discrete Laplace noise on its grid, drawn from the
 *       injected generator: rerunning gives new noise, whose ε a budget must pay for.
 * </ul>
 *
 * <p>Holds each subject's kept contributions until {@link #finish}. Not thread-safe: one instance
 * per run.
 */
final class DpAggregation {

  private static final MathContext DECIMAL = MathContext.DECIMAL128;

  private final int keys;
  private final List<Output> partialsOf;
  private final DpPlan plan;
  private final GroupSampler sampler;
  private final RandomBits bits;
  private final Map<Object, Kept> subjects = new HashMap<>();

  /**
   * A release of rows with {@code keys} key fields, the subject, then the partials that {@code
   * outputs} (in the order of {@code plan}'s outputs) read.
   */
  DpAggregation(int keys, List<Output> outputs, DpPlan plan, SecureRandom random) {
    if (outputs.size() != plan.outputs().size()) {
      throw new IllegalArgumentException("the partials and the dp plan disagree");
    }
    this.keys = keys;
    this.partialsOf = List.copyOf(outputs);
    this.plan = plan;
    this.sampler = GroupSampler.create(random);
    this.bits = RandomBits.from(random);
  }

  /** Adds one row of contributions. */
  void add(@Nullable Object[] row) {
    Object subject = row[keys];
    if (subject == null) {
      return; // a row of no one contributes nothing
    }
    List<@Nullable Object> group = new ArrayList<>(keys);
    List<String> canonical = new ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      group.add(row[i]);
      canonical.add(row[i] == null ? "null" : row[i].getClass().getName() + ":" + row[i]);
    }
    @Nullable Object[] partials = new Object[row.length - keys - 1];
    System.arraycopy(row, keys + 1, partials, 0, partials.length);
    subjects
        .computeIfAbsent(subject, s -> new Kept())
        .add(sampler.rank(subject.toString(), canonical), group, partials);
  }

  /** The released groups: key fields, then one value per output; dropped groups are absent. */
  List<List<@Nullable Object>> finish() {
    sampler.destroy();
    Map<List<@Nullable Object>, Totals> groups = new LinkedHashMap<>();
    for (Kept kept : subjects.values()) {
      for (Contribution contribution : kept.contributions) {
        groups.computeIfAbsent(contribution.group(), g -> new Totals()).add(contribution);
      }
    }
    subjects.clear();
    List<List<@Nullable Object>> released = new ArrayList<>();
    groups.forEach(
        (group, totals) -> {
          if (totals.passes()) {
            released.add(totals.release(group));
          }
        });
    return released;
  }

  /** One subject's combined partials in one group. */
  private record Contribution(
      SubjectHash rank, List<@Nullable Object> group, @Nullable Object[] partials) {}

  /** A subject's lowest-ranked groups, at most {@code max_groups}. */
  private final class Kept {
    private final List<Contribution> contributions = new ArrayList<>(1);

    void add(SubjectHash rank, List<@Nullable Object> group, @Nullable Object[] partials) {
      for (Contribution kept : contributions) {
        if (kept.group().equals(group)) {
          for (int i = 0; i < partials.length; i++) {
            kept.partials()[i] = plus(kept.partials()[i], partials[i]);
          }
          return;
        }
      }
      if (contributions.size() < plan.maxGroups()) {
        contributions.add(new Contribution(rank, group, partials));
        return;
      }
      int highest = 0;
      for (int i = 1; i < contributions.size(); i++) {
        if (contributions.get(i).rank().compareTo(contributions.get(highest).rank()) > 0) {
          highest = i;
        }
      }
      // A group ranked above every kept one stays out, whenever its rows arrive.
      if (rank.compareTo(contributions.get(highest).rank()) < 0) {
        contributions.set(highest, new Contribution(rank, group, partials));
      }
    }
  }

  /** The exact, bounded totals of one group, in grid units. */
  private final class Totals {
    private long subjects;
    private final long[] counts = new long[partialsOf.size()];
    private final BigInteger[] sums = new BigInteger[partialsOf.size()];

    Totals() {
      java.util.Arrays.fill(sums, BigInteger.ZERO);
    }

    void add(Contribution contribution) {
      subjects++;
      for (int i = 0; i < partialsOf.size(); i++) {
        Output partial = partialsOf.get(i);
        DpPlan.Output output = plan.outputs().get(i);
        @Nullable Object value = contribution.partials()[partial.value()];
        switch (output.kind()) {
          case COUNT_SUBJECTS -> counts[i]++;
          case COUNT_ROWS, COUNT_VALUES -> {
            BigDecimal rows = NoisyAggregation.decimal(value);
            if (rows != null && rows.signum() > 0) {
              counts[i]++;
            }
          }
          case SUM, AVG -> {
            BigDecimal total = NoisyAggregation.decimal(value);
            if (total != null) {
              Bounds bounds = Objects.requireNonNull(output.bounds());
              int grid = output.value().gridScale();
              BigDecimal onGrid = bounds.clamp(total.setScale(grid, RoundingMode.HALF_EVEN));
              sums[i] = sums[i].add(onGrid.unscaledValue());
              counts[i]++;
            }
          }
          case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP ->
              throw new IllegalStateException("not a dp aggregate: " + output.kind());
        }
      }
    }

    /** At least k subjects exactly, and a noisy count at the threshold: partition selection. */
    boolean passes() {
      BigInteger noisy = BigInteger.valueOf(subjects).add(noise(plan.partition()));
      return subjects >= plan.k() && noisy.compareTo(plan.threshold()) >= 0;
    }

    List<@Nullable Object> release(List<@Nullable Object> group) {
      List<@Nullable Object> row = new ArrayList<>(group);
      for (int i = 0; i < partialsOf.size(); i++) {
        DpPlan.Output output = plan.outputs().get(i);
        int grid = output.value().gridScale();
        row.add(
            switch (output.kind()) {
              case COUNT_SUBJECTS, COUNT_ROWS, COUNT_VALUES ->
                  noisyCount(counts[i], output.value()).longValueExact();
              case SUM ->
                  NoisyAggregation.number(
                      new BigDecimal(sums[i].add(noise(output.value())), grid), output.type());
              case AVG -> {
                BigDecimal sum = new BigDecimal(sums[i].add(noise(output.value())), grid);
                BigInteger count =
                    noisyCount(counts[i], Objects.requireNonNull(output.count()))
                        .max(BigInteger.ONE);
                // Clamping the ratio is post-processing: the true average lies in the bounds.
                yield NoisyAggregation.number(
                    Objects.requireNonNull(output.bounds())
                        .clamp(sum.divide(new BigDecimal(count), DECIMAL)),
                    output.type());
              }
              case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP ->
                  throw new IllegalStateException("not a dp aggregate: " + output.kind());
            });
      }
      return row;
    }
  }

  private BigInteger noisyCount(long exact, DpPlan.Noise noise) {
    return BigInteger.valueOf(exact).add(noise(noise)).max(BigInteger.ZERO);
  }

  private BigInteger noise(DpPlan.Noise noise) {
    return DiscreteLaplace.of(noise.scale()).sample(bits);
  }

  private static @Nullable Object plus(@Nullable Object a, @Nullable Object b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Objects.requireNonNull(NoisyAggregation.decimal(a))
        .add(Objects.requireNonNull(NoisyAggregation.decimal(b)));
  }
}
