package org.elementvault.sandbox.compile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.exec.ReleaseProtection.ColumnNoise;

/**
 * What a {@code protection: noise} release tells its reader about its noise. A distinct count's
 * noise SD follows from the number of noise layers alone (√2 per layer: a static and a dynamic
 * sample of SD 1). Every other aggregate's SD is scaled to the group's top contributions after
 * flattening, so it is described in words: printing it would reveal those contributions.
 */
final class NoiseDescription {

  private static final MathContext SHOWN = new MathContext(3, RoundingMode.HALF_UP);

  private NoiseDescription() {}

  /** The description of the noise release of {@code plan}, an aggregate plan. */
  static ReleaseProtection of(RelNode plan) {
    Aggregate aggregate = NoisyRelease.find(plan);
    if (aggregate == null) {
      throw new IllegalArgumentException("not an aggregate plan");
    }
    TreeSet<String> datasets = new TreeSet<>();
    TreeSet<String> conditions = new TreeSet<>();
    NoisyRelease.collect(aggregate.getInput(), datasets, conditions);
    int layers = Math.max(1, conditions.size() + aggregate.getGroupCount());
    BigDecimal countSd = BigDecimal.valueOf(2L * layers).sqrt(SHOWN);
    Map<String, ColumnNoise> columns = new LinkedHashMap<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      SqlKind kind = call.getAggregation().getKind();
      String name = call.getName() == null ? call.getAggregation().getName() : call.getName();
      ColumnNoise noise;
      if (kind == SqlKind.COUNT && call.isDistinct()) {
        noise = new ColumnNoise(countSd, null);
      } else if (kind == SqlKind.COUNT) {
        noise =
            new ColumnNoise(
                null,
                "SD "
                    + countSd.toPlainString()
                    + " times the flattened number of rows per subject (1 when each subject has"
                    + " one row)");
      } else {
        noise =
            new ColumnNoise(null, "proportional to the group's top contributions after flattening");
      }
      columns.put(name, noise);
    }
    return new ReleaseProtection(ReleaseProtection.Mechanism.NOISE, null, null, null, columns);
  }
}
