package org.elementvault.sandbox.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.jspecify.annotations.Nullable;

/**
 * A trained model as it is sealed: its algorithm and its parameters in the data's units, which is
 * all scoring needs: exact while the training evaluates it, then those its training released
 * ({@link #released}) when it is sealed. A linear or logistic model's are its coefficients, one per
 * feature, then the intercept; a decision tree's are its nodes in pre-order, two numbers each: a
 * split as its feature's index and its edge (rows below the edge go left), a leaf as −1 and its
 * value. Exists in clear only in memory; the registry seals its bytes under the tenant's key.
 *
 * <p>Its {@link #score} is the model's one prediction rule: the training computes its held-out
 * metrics with it and a scoring element scores rows with it, so a score is exactly what the
 * training evaluated. A linear model's score is its linear predictor, a logistic model's the
 * probability of true, a tree's the value of the leaf a row reaches.
 *
 * <p>Layout: {@code "evault-model-1"} (modified UTF-8 with its 2-byte length), the algorithm's spec
 * name (the same), the parameter count (int), the parameters (doubles).
 *
 * <h2>Hostile input</h2>
 *
 * {@link #decode} reads bytes the tenant's key has authenticated, so only this class wrote them; it
 * still checks the whole layout (format, algorithm, count, finite numbers, a tree's every feature
 * index and its depth) so that a defect can only refuse a job, never misroute a row.
 */
final class ModelBlob implements Scorer {

  static final String FORMAT = "evault-model-1";

  /** The sealed form's feature index of a leaf. */
  static final double LEAF = -1;

  private final ModelAlgorithm algorithm;
  private final List<String> features;
  private final double[] parameters;

  /** A tree's node after each split's lower subtree (its upper child); unused otherwise. */
  private final int[] upper;

  /**
   * A model of {@code algorithm} over {@code features}, in the spec's order.
   *
   * @throws IllegalArgumentException if {@code parameters} do not follow the layout above
   */
  ModelBlob(ModelAlgorithm algorithm, List<String> features, double[] parameters) {
    this.algorithm = algorithm;
    this.features = List.copyOf(features);
    this.parameters = parameters.clone();
    this.upper =
        layout(algorithm, this.features.size(), this.parameters)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "parameters of no " + algorithm.specName() + " model"));
  }

  /**
   * The model sealed as {@code bytes}, which the registry recorded as {@code algorithm} over {@code
   * features}.
   *
   * @throws VaultException {@code INTEGRITY} if the bytes do not hold such a model
   */
  static ModelBlob decode(byte[] bytes, ModelAlgorithm algorithm, List<String> features) {
    double[] parameters;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!FORMAT.equals(in.readUTF()) || !algorithm.specName().equals(in.readUTF())) {
        throw ModelMessages.sealedModelMalformed();
      }
      int count = in.readInt();
      if (count < 0 || (long) count * Double.BYTES != in.available()) {
        throw ModelMessages.sealedModelMalformed();
      }
      parameters = new double[count];
      for (int i = 0; i < count; i++) {
        parameters[i] = in.readDouble();
      }
    } catch (IOException e) {
      throw ModelMessages.sealedModelMalformed();
    }
    try {
      if (layout(algorithm, features.size(), parameters).isEmpty()) {
        throw ModelMessages.sealedModelMalformed();
      }
      return new ModelBlob(algorithm, features, parameters);
    } finally {
      Arrays.fill(parameters, 0);
    }
  }

  /**
   * This model with the numbers its training released in place of its exact ones: the noised
   * coefficients and intercept, or the noised leaf values (the splits leave as they are). Scoring
   * with it reveals nothing beyond that release: with the exact numbers, many aggregates of scores
   * could read them more closely than the release's noise allows, and two trainings that differ by
   * one person would then tell that person's values apart.
   *
   * @param rows the released table: a linear or logistic model's intercept then one row per
   *     feature, a tree's one row per leaf in pre-order, each with its name first and number second
   */
  ModelBlob released(List<List<@Nullable Object>> rows) {
    double[] released = parameters.clone();
    switch (algorithm) {
      case LINEAR_REGRESSION, LOGISTIC_REGRESSION -> {
        int count = features.size();
        released[count] = number(rows.get(0), Fit.INTERCEPT);
        for (int f = 0; f < count; f++) {
          released[f] = number(rows.get(f + 1), features.get(f));
        }
      }
      case DECISION_TREE -> {
        int leaf = 0;
        for (int node = 0; node < released.length; node += 2) {
          if (released[node] == LEAF) {
            released[node + 1] = number(rows.get(leaf++), null);
          }
        }
      }
      case GRADIENT_BOOSTING ->
          throw new IllegalStateException("the layout admits no gradient_boosting model");
    }
    return new ModelBlob(algorithm, features, released);
  }

  /** The number of a released row, whose name must be {@code name} unless null. */
  private static double number(List<@Nullable Object> row, @Nullable String name) {
    if (name != null && !name.equals(row.get(0)) || !(row.get(1) instanceof Number number)) {
      throw new IllegalStateException("the released table does not follow the model's layout");
    }
    return number.doubleValue();
  }

  /** The bytes to seal. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(FORMAT);
      out.writeUTF(algorithm.specName());
      out.writeInt(parameters.length);
      for (double parameter : parameters) {
        out.writeDouble(parameter);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public List<String> features() {
    return features;
  }

  /** The model's prediction for one row of features in the model's order. */
  double score(double[] row) {
    return switch (algorithm) {
      case LINEAR_REGRESSION -> linear(row);
      case LOGISTIC_REGRESSION -> 1 / (1 + Math.exp(-linear(row)));
      case DECISION_TREE -> leaf(row);
      case GRADIENT_BOOSTING ->
          throw new IllegalStateException("the layout admits no gradient_boosting model");
    };
  }

  @Override
  public double[] score(double[][] rows, Runnable onBatch) {
    double[] scores = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      if (i % BATCH_ROWS == 0) {
        onBatch.run();
      }
      double score = score(rows[i]);
      scores[i] = Double.isFinite(score) ? score : Double.NaN;
    }
    return scores;
  }

  /** Wipes the parameters: once sealed, or once a job has scored its rows. */
  @Override
  public void close() {
    Arrays.fill(parameters, 0);
  }

  /** Redacted: holds model weights. */
  @Override
  public String toString() {
    return "ModelBlob[" + algorithm.specName() + ", " + parameters.length + " parameters]";
  }

  /** The linear predictor: the intercept, then each feature's term in order. */
  private double linear(double[] row) {
    double sum = parameters[row.length];
    for (int j = 0; j < row.length; j++) {
      sum += parameters[j] * row[j];
    }
    return sum;
  }

  private double leaf(double[] row) {
    int node = 0;
    while (parameters[2 * node] != LEAF) {
      int feature = (int) parameters[2 * node];
      node = row[feature] < parameters[2 * node + 1] ? node + 1 : upper[node];
    }
    return parameters[2 * node + 1];
  }

  /**
   * A tree's upper children (an empty array for a linear model) if {@code parameters} follow the
   * layout for {@code algorithm} over {@code features} features; empty if not.
   */
  private static Optional<int[]> layout(
      ModelAlgorithm algorithm, int features, double[] parameters) {
    if (features < 1 || !Arrays.stream(parameters).allMatch(Double::isFinite)) {
      return Optional.empty();
    }
    return switch (algorithm) {
      case LINEAR_REGRESSION, LOGISTIC_REGRESSION ->
          parameters.length == features + 1 ? Optional.of(new int[0]) : Optional.empty();
      case DECISION_TREE -> {
        if (parameters.length < 2 || parameters.length % 2 != 0) {
          yield Optional.empty();
        }
        int[] upper = new int[parameters.length / 2];
        yield subtree(parameters, features, 0, 0, upper) == upper.length
            ? Optional.of(upper)
            : Optional.empty();
      }
      case GRADIENT_BOOSTING -> Optional.empty();
    };
  }

  /**
   * The node after the subtree at {@code node}, at {@code depth}, recording each split's upper
   * child in {@code upper}; −1 if the subtree is malformed or deeper than a trained tree grows.
   */
  private static int subtree(double[] parameters, int features, int node, int depth, int[] upper) {
    if (depth > TreeTrainer.MAX_DEPTH || node >= upper.length) {
      return -1;
    }
    double kind = parameters[2 * node];
    if (kind == LEAF) {
      return node + 1;
    }
    if (kind != Math.rint(kind) || kind < 0 || kind >= features) {
      return -1;
    }
    int above = subtree(parameters, features, node + 1, depth + 1, upper);
    if (above < 0) {
      return -1;
    }
    upper[node] = above;
    return subtree(parameters, features, above, depth + 1, upper);
  }
}
