package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What protected a released result, as its reader may see it: the mechanism, its parameters, and
 * per aggregate the noise it carries. Every number here is data-independent: a noise SD that
 * depends on the data (a sum's, scaled to its top contributors) is described in words instead.
 *
 * @param mechanism how the result was protected
 * @param epsilon dp only: the ε the run cost
 * @param delta dp only: the δ of partition selection
 * @param releaseThreshold dp only: the noisy distinct-subject count a group had to reach
 * @param columns per aggregate, by its name in the query, the noise it carries; in query order
 */
public record ReleaseProtection(
    Mechanism mechanism,
    @Nullable BigDecimal epsilon,
    @Nullable BigDecimal delta,
    @Nullable BigInteger releaseThreshold,
    Map<String, ColumnNoise> columns) {

  /** How a result was protected. */
  public enum Mechanism {
    /** Row-level: masked, generalized, k-anonymous rows; no aggregate noise. */
    NONE,
    /** Sticky noise ({@code protection: noise}). */
    NOISE,
    /** Differential privacy ({@code protection: dp}). */
    DP
  }

  /**
   * The noise of one released aggregate.
   *
   * @param noiseSd the standard deviation of its noise, when it does not depend on the data
   * @param note how the noise is made, when a single SD does not describe it
   */
  public record ColumnNoise(@Nullable BigDecimal noiseSd, @Nullable String note) {
    public ColumnNoise {
      if (noiseSd == null && note == null) {
        throw new IllegalArgumentException("a column's noise needs an SD or a note");
      }
    }
  }

  /** A row-level result's: no aggregate noise. */
  public static final ReleaseProtection NONE =
      new ReleaseProtection(Mechanism.NONE, null, null, null, Map.of());

  public ReleaseProtection {
    Objects.requireNonNull(mechanism, "mechanism");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    if ((mechanism == Mechanism.DP) != (epsilon != null && delta != null)) {
      throw new IllegalArgumentException("epsilon and delta belong to dp, and dp needs both");
    }
  }
}
