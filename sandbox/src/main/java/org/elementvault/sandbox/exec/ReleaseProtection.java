package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** The prefix of the Arrow schema metadata keys that carry a stored result's protection. */
  private static final String KEY = "elementvault.protection.";

  /**
   * This protection as Arrow schema metadata, so a stored or written result carries it: {@code
   * elementvault.protection.mechanism}, the dp parameters, and per column {@code
   * elementvault.protection.column.<name>.noise_sd} or {@code ….note}.
   */
  public Map<String, String> toMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(KEY + "mechanism", mechanism.name());
    if (epsilon != null && delta != null) {
      metadata.put(KEY + "epsilon", epsilon.toPlainString());
      metadata.put(KEY + "delta", delta.toPlainString());
    }
    if (releaseThreshold != null) {
      metadata.put(KEY + "release_threshold", releaseThreshold.toString());
    }
    columns.forEach(
        (name, noise) -> {
          if (noise.noiseSd() != null) {
            metadata.put(KEY + "column." + name + ".noise_sd", noise.noiseSd().toPlainString());
          }
          if (noise.note() != null) {
            metadata.put(KEY + "column." + name + ".note", noise.note());
          }
        });
    return metadata;
  }

  /**
   * The protection {@link #toMetadata()} wrote for the result columns {@code names}; {@link #NONE}
   * if the metadata carries none.
   *
   * @throws IllegalArgumentException if the metadata is malformed
   */
  public static ReleaseProtection fromMetadata(Map<String, String> metadata, List<String> names) {
    String mechanism = metadata.get(KEY + "mechanism");
    if (mechanism == null) {
      return NONE;
    }
    Map<String, ColumnNoise> columns = new LinkedHashMap<>();
    for (String name : names) {
      String sd = metadata.get(KEY + "column." + name + ".noise_sd");
      String note = metadata.get(KEY + "column." + name + ".note");
      if (sd != null || note != null) {
        columns.put(name, new ColumnNoise(sd == null ? null : new BigDecimal(sd), note));
      }
    }
    String epsilon = metadata.get(KEY + "epsilon");
    String delta = metadata.get(KEY + "delta");
    String threshold = metadata.get(KEY + "release_threshold");
    return new ReleaseProtection(
        Mechanism.valueOf(mechanism),
        epsilon == null ? null : new BigDecimal(epsilon),
        delta == null ? null : new BigDecimal(delta),
        threshold == null ? null : new BigInteger(threshold),
        columns);
  }

  public ReleaseProtection {
    Objects.requireNonNull(mechanism, "mechanism");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    if ((mechanism == Mechanism.DP) != (epsilon != null && delta != null)) {
      throw new IllegalArgumentException("epsilon and delta belong to dp, and dp needs both");
    }
  }
}
