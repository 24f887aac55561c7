package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The release protection an element asks for (DESIGN.md, Release protection): sticky noise, the
 * default, or (ε, δ)-differential privacy with its parameters.
 *
 * @param mechanism which protection
 * @param epsilon dp only: the ε one run costs, an exact decimal in (0, {@link #MAX_EPSILON}]
 * @param delta dp only: the δ of partition selection, in (0, {@link #MAX_DELTA}]
 * @param bounds dp only: per column that a SUM or AVG aggregates, the interval each subject's total
 *     is clamped into; sorted by column name
 * @param maxGroups dp only (1 for noise): how many groups one subject may contribute to
 */
public record Protection(
    Mechanism mechanism,
    @Nullable BigDecimal epsilon,
    @Nullable BigDecimal delta,
    Map<String, Bounds> bounds,
    int maxGroups) {

  /** How a released aggregate is protected. */
  public enum Mechanism {
    /** Sticky noise, flattening and a noisy low-count filter; no budget. */
    NOISE,
    /** Differential privacy: contribution bounds, fresh discrete Laplace noise, a budget. */
    DP
  }

  /** The largest ε one run may cost. */
  public static final BigDecimal MAX_EPSILON = BigDecimal.TEN;

  /** The most decimal places of ε: budgets are sums of ε, kept exact. */
  public static final int MAX_EPSILON_SCALE = 6;

  /** The δ when a dp spec names none. */
  public static final BigDecimal DEFAULT_DELTA = new BigDecimal("1E-6");

  /** The largest δ: above it a group of one subject would be released too often. */
  public static final BigDecimal MAX_DELTA = new BigDecimal("0.001");

  /** The most decimal places of δ. */
  public static final int MAX_DELTA_SCALE = 30;

  /** The most groups one subject may contribute to. */
  public static final int MAX_GROUPS = 100;

  /** The default protection. */
  public static final Protection NOISE = new Protection(Mechanism.NOISE, null, null, Map.of(), 1);

  /** Checks every component; a parser checks the user's input first, with its own messages. */
  public Protection {
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(bounds, "bounds");
    bounds = Map.copyOf(new TreeMap<>(bounds));
    switch (mechanism) {
      case NOISE -> {
        if (epsilon != null || delta != null || !bounds.isEmpty() || maxGroups != 1) {
          throw new IllegalArgumentException("noise protection takes no dp parameters");
        }
      }
      case DP -> {
        if (!isValidEpsilon(Objects.requireNonNull(epsilon, "epsilon"))) {
          throw new IllegalArgumentException("epsilon out of range");
        }
        if (!isValidDelta(Objects.requireNonNull(delta, "delta"))) {
          throw new IllegalArgumentException("delta out of range");
        }
        if (maxGroups < 1 || maxGroups > MAX_GROUPS) {
          throw new IllegalArgumentException("maxGroups must be 1 to " + MAX_GROUPS);
        }
      }
    }
  }

  /** Differential privacy with these parameters. */
  public static Protection dp(
      BigDecimal epsilon, BigDecimal delta, Map<String, Bounds> bounds, int maxGroups) {
    return new Protection(Mechanism.DP, epsilon, delta, bounds, maxGroups);
  }

  /** Whether {@code epsilon} is in (0, 10] with at most six decimal places. */
  public static boolean isValidEpsilon(BigDecimal epsilon) {
    return epsilon.signum() > 0
        && epsilon.compareTo(MAX_EPSILON) <= 0
        && epsilon.stripTrailingZeros().scale() <= MAX_EPSILON_SCALE;
  }

  /** Whether {@code delta} is in (0, 0.001] with at most thirty decimal places. */
  public static boolean isValidDelta(BigDecimal delta) {
    return delta.signum() > 0
        && delta.compareTo(MAX_DELTA) <= 0
        && delta.stripTrailingZeros().scale() <= MAX_DELTA_SCALE;
  }
}
