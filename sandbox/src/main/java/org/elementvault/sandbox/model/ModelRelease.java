package org.elementvault.sandbox.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.NoiseLayers;
import org.elementvault.sandbox.protection.StickyNoise;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * What a training run releases: a table with one row per term, columns {@code feature} and {@code
 * coefficient} (the intercept as {@code (intercept)}), followed by one row per fit metric on the
 * held-out rows, named in parentheses: {@code (r2)} for a regression; {@code (auc)}, {@code
 * (accuracy)}, {@code (log_loss)} for a classification. Every number carries sticky noise ({@link
 * StickyNoise}) under the dataset's noise key, with one layer per term or metric and the digest of
 * the training rows behind the dynamic sample — so the same training set always gets the same
 * answer, and two training sets that differ by one person get independent noise.
 *
 * <p>A coefficient's noise has SD about 0.7 of its standard error (two samples of half of it); a
 * metric's about 0.7 / √(held-out rows). Both are far above what one subject of the at least 1,000
 * can move, and within the fit's own sampling error. Not differential privacy.
 */
final class ModelRelease {

  static final String FEATURE = "feature";
  static final String COEFFICIENT = "coefficient";

  /** The released table's columns, by name and SQL type, as an assessment lists them. */
  static final List<OutputColumn> COLUMNS =
      List.of(
          new OutputColumn(FEATURE, SqlTypeName.VARCHAR.getName()),
          new OutputColumn(COEFFICIENT, SqlTypeName.DOUBLE.getName()));

  /** How far below its noise's SD a released number is rounded. */
  private static final int GUARD_DIGITS = 2;

  private ModelRelease() {}

  /** The released table of {@code fit}. */
  static ElementResult of(
      ModelSpec model, Fit fit, NoiseKey noiseKey, SubjectSetDigest trainingRows) {
    StickyNoise noise = StickyNoise.create(noiseKey);
    String layer = "model " + model.algorithm().specName() + " of " + model.target() + " ";
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (Fit.Term term : fit.terms()) {
      double sd = Math.max(term.standardError() / 2, Math.abs(term.coefficient()) * 1e-9);
      rows.add(
          row(
              term.feature(),
              noised(
                  noise, layer + "term " + term.feature(), trainingRows, term.coefficient(), sd)));
    }
    double metricSd = 0.5 / Math.sqrt(Math.max(1, fit.testRows()));
    for (Map.Entry<String, Double> metric : fit.metrics().entrySet()) {
      double value =
          noised(
              noise,
              layer + "metric " + metric.getKey(),
              trainingRows,
              metric.getValue(),
              metricSd);
      rows.add(row(metric.getKey(), bounded(metric.getKey(), value)));
    }
    return new ElementResult(
        List.of(
            new ElementResult.ResultColumn(FEATURE, ColumnType.STRING),
            new ElementResult.ResultColumn(COEFFICIENT, ColumnType.DOUBLE)),
        rows,
        new ReleaseProtection(
            ReleaseProtection.Mechanism.NOISE,
            null,
            null,
            null,
            Map.of(
                COEFFICIENT,
                new ReleaseProtection.ColumnNoise(
                    null,
                    "sticky noise: SD about 0.7 standard errors per coefficient, about 0.7 / √(held-out"
                        + " rows) per metric"))),
        Optional.empty());
  }

  private static List<@Nullable Object> row(String feature, double value) {
    List<@Nullable Object> row = new ArrayList<>(2);
    row.add(feature);
    row.add(value);
    return row;
  }

  /** {@code value} plus sticky noise of SD {@code sd}·√2, rounded well below the noise. */
  static double noised(
      StickyNoise noise, String layer, SubjectSetDigest rows, double value, double sd) {
    BigDecimal layerSd = new BigDecimal(sd, new MathContext(2, RoundingMode.UP));
    int scale =
        Math.max(
            0,
            Math.min(
                StickyNoise.MAX_SCALE, GUARD_DIGITS - (layerSd.precision() - layerSd.scale() - 1)));
    BigDecimal exact = new BigDecimal(value).setScale(scale, RoundingMode.HALF_EVEN);
    return exact.add(noise.noise(NoiseLayers.of(layer), rows, layerSd, scale)).doubleValue();
  }

  /** Metrics stay in their ranges: noise must not release an impossible value. */
  static double bounded(String metric, double value) {
    return switch (metric) {
      case "(auc)", "(accuracy)" -> Math.min(1, Math.max(0, value));
      case "(r2)" -> Math.min(1, value);
      case "(log_loss)" -> Math.max(0, value);
      default -> value;
    };
  }
}
