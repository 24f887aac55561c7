package org.elementvault.sandbox.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.protection.LowCountFilter;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.NoiseLayers;
import org.elementvault.sandbox.protection.StickyNoise;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * What a decision tree's training run releases: a table with columns {@code term}, {@code value}
 * and {@code subjects}, holding
 *
 * <ul>
 *   <li>one row per leaf, left before right: its path ({@code age >= 32 AND age < 39 AND debt <
 *       1.8}, or {@code (all)} for a tree without splits), its value (the mean target of its
 *       training rows; for a boolean target the share of true) and its distinct subjects;
 *   <li>one row per feature, {@code (importance) age}: its share of the tree's impurity decrease;
 *   <li>one row per fit metric on the held-out rows, as a regression's table has them.
 * </ul>
 *
 * {@code subjects} is null outside the leaves. The structure leaves only if every leaf passes the
 * noisy low-count filter at the element's threshold k on its distinct subjects; otherwise nothing
 * is released. Every number carries sticky noise under the dataset's noise key, a leaf's seeded by
 * its path and its own subjects, so two trees whose leaves differ by one person get independent
 * noise there: a value's SD about 0.7 of the larger of its standard error and one subject's reach
 * (the target's range over the leaf's subjects), a count's about 1.4 (as a released count's), an
 * importance's about 0.7 / √(training rows), a metric's about 0.7 / √(held-out rows). Not
 * differential privacy.
 */
final class TreeRelease {

  static final String TERM = "term";
  static final String VALUE = "value";
  static final String SUBJECTS = "subjects";

  /** The prefix of an importance row's term. */
  static final String IMPORTANCE = "(importance) ";

  /** The released table's columns, by name and SQL type, as an assessment lists them. */
  static final List<OutputColumn> COLUMNS =
      List.of(
          new OutputColumn(TERM, SqlTypeName.VARCHAR.getName()),
          new OutputColumn(VALUE, SqlTypeName.DOUBLE.getName()),
          new OutputColumn(SUBJECTS, SqlTypeName.BIGINT.getName()));

  private TreeRelease() {}

  /**
   * The released table of {@code fit}, for an element of threshold {@code k}.
   *
   * @throws VaultException {@code POLICY_REFUSED} if a leaf holds too few distinct subjects
   */
  static ElementResult of(
      ModelSpec model,
      TreeFit fit,
      int threshold,
      boolean booleanTarget,
      NoiseKey noiseKey,
      SubjectSetDigest trainingRows) {
    String layer = "model " + model.algorithm().specName() + " of " + model.target() + " ";
    LowCountFilter filter = LowCountFilter.create(noiseKey, threshold);
    for (TreeFit.Leaf leaf : fit.leaves()) {
      if (!filter.passes(NoiseLayers.of(layer + "leaf " + leaf.path()), leaf.subjects())) {
        throw new VaultException(ErrorCode.POLICY_REFUSED, ModelMessages.SMALL_LEAF);
      }
    }
    StickyNoise noise = StickyNoise.create(noiseKey);
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (TreeFit.Leaf leaf : fit.leaves()) {
      NoiseLayers leafLayer = NoiseLayers.of(layer + "leaf " + leaf.path());
      double value =
          ModelRelease.noised(
              noise,
              layer + "leaf value " + leaf.path(),
              leaf.subjects(),
              leaf.value(),
              leaf.noiseScale() / 2);
      long subjects = leaf.subjects().count() + noise.countNoise(leafLayer, leaf.subjects());
      rows.add(
          row(
              leaf.path(),
              booleanTarget ? Math.min(1, Math.max(0, value)) : value,
              Math.max(threshold, subjects)));
    }
    for (TreeFit.Importance importance : fit.importances()) {
      double value =
          ModelRelease.noised(
              noise,
              layer + "importance " + importance.feature(),
              trainingRows,
              importance.share(),
              fit.importanceScale() / 2);
      rows.add(row(IMPORTANCE + importance.feature(), Math.min(1, Math.max(0, value)), null));
    }
    double metricSd = 0.5 / Math.sqrt(Math.max(1, fit.testRows()));
    for (Map.Entry<String, Double> metric : fit.metrics().entrySet()) {
      double value =
          ModelRelease.noised(
              noise,
              layer + "metric " + metric.getKey(),
              trainingRows,
              metric.getValue(),
              metricSd);
      rows.add(row(metric.getKey(), ModelRelease.bounded(metric.getKey(), value), null));
    }
    return new ElementResult(
        List.of(
            new ElementResult.ResultColumn(TERM, ColumnType.STRING),
            new ElementResult.ResultColumn(VALUE, ColumnType.DOUBLE),
            new ElementResult.ResultColumn(SUBJECTS, ColumnType.BIGINT)),
        rows,
        new ReleaseProtection(
            ReleaseProtection.Mechanism.NOISE,
            null,
            null,
            null,
            Map.of(
                VALUE,
                new ReleaseProtection.ColumnNoise(
                    null,
                    "sticky noise: SD about 0.7 × the larger of a leaf value's standard error and one"
                        + " subject's reach; about 0.7 / √(rows) per importance and metric"),
                SUBJECTS,
                new ReleaseProtection.ColumnNoise(null, "sticky count noise: SD about 1.4"))),
        Optional.empty());
  }

  private static List<@Nullable Object> row(String term, double value, @Nullable Long subjects) {
    List<@Nullable Object> row = new ArrayList<>(3);
    row.add(term);
    row.add(value);
    row.add(subjects);
    return row;
  }
}
