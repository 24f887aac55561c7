package org.elementvault.sandbox.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * <p>Holds plaintext values in memory only, for the length of one job; never stored or logged.
 */
final class TrainingSet {

  /** One row in {@value #HELD_OUT_SHARE} is held out for the fit metrics. */
  static final int HELD_OUT_SHARE = 5;

  private final double[][] trainFeatures;
  private final double[] trainTargets;
  private final double[][] testFeatures;
  private final double[] testTargets;
  private final SubjectSetDigest subjects;

  private TrainingSet(List<Row> train, List<Row> test, SubjectSetDigest subjects) {
    this.trainFeatures = train.stream().map(Row::features).toArray(double[][]::new);
    this.trainTargets = train.stream().mapToDouble(Row::target).toArray();
    this.testFeatures = test.stream().map(Row::features).toArray(double[][]::new);
    this.testTargets = test.stream().mapToDouble(Row::target).toArray();
    this.subjects = subjects;
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
      double[] features = new double[featureAt.length];
      boolean complete = true;
      for (int i = 0; i < featureAt.length && complete; i++) {
        Double value = number(values.get(featureAt[i]));
        complete = value != null;
        features[i] = complete ? value : 0;
      }
      Double target = number(values.get(targetAt));
      if (!complete || target == null) {
        continue;
      }
      Row row = new Row(features, target);
      byte[] bytes = row.canonicalBytes();
      keyed.add(new Keyed(splitKey.subject(bytes), row));
      digest.add(noiseKey.subject(bytes));
    }
    keyed.sort(Comparator.comparing(Keyed::hash));
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    for (Keyed row : keyed) {
      (Long.remainderUnsigned(row.hash().low(), HELD_OUT_SHARE) == 0 ? test : train).add(row.row());
    }
    return new TrainingSet(train, test, digest.digest());
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

  /** How many rows, hence distinct subjects, the set holds. */
  int subjects() {
    return trainTargets.length + testTargets.length;
  }

  /** The digest of every row's keyed hash: what seeds the release's dynamic noise. */
  SubjectSetDigest digest() {
    return subjects;
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

  private record Row(double[] features, double target) {
    byte[] canonicalBytes() {
      ByteBuffer buffer = ByteBuffer.allocate(Double.BYTES * (features.length + 1));
      for (double feature : features) {
        buffer.putDouble(feature);
      }
      return buffer.putDouble(target).array();
    }
  }

  private record Keyed(SubjectHash hash, Row row) {}
}
