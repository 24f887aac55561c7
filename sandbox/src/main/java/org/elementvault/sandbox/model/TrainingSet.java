package org.elementvault.sandbox.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.SubjectHash;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * The rows a model is fitted and evaluated on, as numbers (booleans as 1 and 0), in a keyed order
 * with a keyed held-out split: every row goes to the held-out fifth or not by a keyed hash of its
 * values under the split key (the vault secret and the element), so the split is the same in every
 * run of the element and unpredictable without the vault secret, and it does not depend on the
 * order the executor returns rows in. Rows with a missing value are left out.
 *
 * <p><b>Flattening.</b> A fit's coefficients move with every row; one person far out in a column
 * (an income a hundred times the others) would move them far enough to stand out between two
 * trainings that differ by that person, beyond the noise. So each column that is not a 0/1 flag has
 * its values beyond its {@value #TAIL} and 1 − {@value #TAIL} quantiles pulled in to them before
 * the fit, as the release protection flattens the top contributors of a sum: no one weighs more
 * than the people at the edge of the bulk.
 *
 * <p>Holds plaintext values in memory only, for the length of one job; never stored or logged.
 */
final class TrainingSet {

  /** One row in {@value #HELD_OUT_SHARE} is held out for the fit metrics. */
  static final int HELD_OUT_SHARE = 5;

  /** The share of rows at each end of a column that flattening pulls in. */
  static final double TAIL = 0.005;

  private final double[][] trainFeatures;
  private final double[] trainTargets;
  private final double[][] testFeatures;
  private final double[] testTargets;
  private final SubjectHash[] trainSubjects;
  private final SubjectSetDigest subjects;
  private final boolean booleanTarget;

  private TrainingSet(
      List<Keyed> train, List<Keyed> test, SubjectSetDigest subjects, boolean booleanTarget) {
    this.trainFeatures = train.stream().map(k -> k.row().features()).toArray(double[][]::new);
    this.trainTargets = train.stream().mapToDouble(k -> k.row().target()).toArray();
    this.testFeatures = test.stream().map(k -> k.row().features()).toArray(double[][]::new);
    this.testTargets = test.stream().mapToDouble(k -> k.row().target()).toArray();
    this.trainSubjects = train.stream().map(Keyed::subject).toArray(SubjectHash[]::new);
    this.subjects = subjects;
    this.booleanTarget = booleanTarget;
  }

  /**
   * The training set of {@code model} from the query's {@code rows}, split under {@code splitKey},
   * with the digest of its rows under {@code noiseKey} (one row per subject, so the rows stand for
   * their subjects in the sticky noise's dynamic layer).
   */
  static TrainingSet of(ElementResult rows, ModelSpec model, NoiseKey splitKey, NoiseKey noiseKey) {
    List<String> names = rows.columns().stream().map(ElementResult.ResultColumn::name).toList();
    int[] featureAt = model.features().stream().mapToInt(names::indexOf).toArray();
    int targetAt = names.indexOf(model.target());
    List<Keyed> keyed = new ArrayList<>(rows.rows().size());
    SubjectSetDigest.Accumulator digest = SubjectSetDigest.accumulator();
    for (List<@Nullable Object> values : rows.rows()) {
      double[] numbers = new double[featureAt.length + 1];
      boolean complete = true;
      for (int i = 0; i <= featureAt.length && complete; i++) {
        Double value = number(values.get(i < featureAt.length ? featureAt[i] : targetAt));
        complete = value != null;
        numbers[i] = complete ? value : 0;
      }
      if (!complete) {
        continue;
      }
      Row row = new Row(numbers);
      byte[] bytes = row.canonicalBytes();
      SubjectHash subject = noiseKey.subject(bytes);
      keyed.add(new Keyed(splitKey.subject(bytes), subject, row));
      digest.add(subject);
    }
    flatten(keyed.stream().map(Keyed::row).toList());
    keyed.sort(Comparator.comparing(Keyed::hash));
    List<Keyed> train = new ArrayList<>();
    List<Keyed> test = new ArrayList<>();
    for (Keyed row : keyed) {
      (Long.remainderUnsigned(row.hash().low(), HELD_OUT_SHARE) == 0 ? test : train).add(row);
    }
    boolean booleanTarget = rows.columns().get(targetAt).type().kind() == ColumnType.Kind.BOOLEAN;
    return new TrainingSet(train, test, digest.digest(), booleanTarget);
  }

  /** Pulls each non-flag column's tails in to its {@link #TAIL} quantiles, in place. */
  private static void flatten(List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int width = rows.get(0).values().length;
    double[] column = new double[rows.size()];
    for (int c = 0; c < width; c++) {
      boolean flag = true;
      for (int i = 0; i < column.length; i++) {
        column[i] = rows.get(i).values()[c];
        flag &= column[i] == 0 || column[i] == 1;
      }
      if (flag) {
        continue;
      }
      Arrays.sort(column);
      double low = column[(int) Math.floor(TAIL * (column.length - 1))];
      double high = column[(int) Math.ceil((1 - TAIL) * (column.length - 1))];
      for (Row row : rows) {
        row.values()[c] = Math.min(high, Math.max(low, row.values()[c]));
      }
    }
  }

  private static @Nullable Double number(@Nullable Object value) {
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    return null;
  }

  /**
   * The digest of every row's keyed hash, and their count (one row per subject, so the count of
   * distinct subjects): what the low-count filter and the release's dynamic noise are seeded by.
   */
  SubjectSetDigest digest() {
    return subjects;
  }

  /**
   * Each training row's keyed hash under the noise key, in the order of {@link #trainFeatures}:
   * what a subset of the rows (a tree's leaf) is counted and seeded by.
   */
  SubjectHash[] trainSubjects() {
    return trainSubjects;
  }

  /** Whether the target is a boolean (1 for true), so predictions are probabilities. */
  boolean hasBooleanTarget() {
    return booleanTarget;
  }

  double[][] trainFeatures() {
    return trainFeatures;
  }

  double[] trainTargets() {
    return trainTargets;
  }

  double[][] testFeatures() {
    return testFeatures;
  }

  double[] testTargets() {
    return testTargets;
  }

  /** One row's values: the features in the spec's order, then the target. */
  private record Row(double[] values) {
    double[] features() {
      return Arrays.copyOf(values, values.length - 1);
    }

    double target() {
      return values[values.length - 1];
    }

    byte[] canonicalBytes() {
      ByteBuffer buffer = ByteBuffer.allocate(Double.BYTES * values.length);
      for (double value : values) {
        buffer.putDouble(value);
      }
      return buffer.array();
    }
  }

  private record Keyed(SubjectHash hash, SubjectHash subject, Row row) {}
}
