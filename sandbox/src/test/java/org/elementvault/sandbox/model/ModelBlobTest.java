package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.junit.jupiter.api.Test;

/** A sealed model's prediction rule, and its refusal of bytes that do not hold a model. */
class ModelBlobTest {

  private static final List<String> AGE = List.of("age");
  private static final List<String> AGE_DEBT = List.of("age", "debt");
  private static final List<String> AGE_DEBT_INCOME = List.of("age", "debt", "income");

  /** age < 40 ? (debt < 2 ? 10 : 20) : 30, features (age, debt). */
  private static final double[] TREE = {0, 40, 1, 2, -1, 10, -1, 20, -1, 30};

  private static final String MALFORMED =
      "model scoring failed: the sealed model is not a well-formed model";

  private static byte[] layout(String format, String algorithm, int count, double... parameters)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(format);
      out.writeUTF(algorithm);
      out.writeInt(count);
      for (double parameter : parameters) {
        out.writeDouble(parameter);
      }
    }
    return bytes.toByteArray();
  }

  private static void assertMalformed(byte[] bytes, ModelAlgorithm algorithm, int features) {
    List<String> names = AGE_DEBT_INCOME.subList(0, features);
    assertThatThrownBy(() -> ModelBlob.decode(bytes, algorithm, names))
        .isInstanceOf(VaultException.class)
        .hasMessage(MALFORMED)
        .satisfies(e -> assertThat(((VaultException) e).code()).isEqualTo(ErrorCode.INTEGRITY));
  }

  @Test
  void score_linearRegression_isInterceptPlusTerms() {
    ModelBlob model =
        new ModelBlob(ModelAlgorithm.LINEAR_REGRESSION, AGE_DEBT, new double[] {2, 10, 1});

    assertThat(model.score(new double[][] {{30, 1.5}, {0, 0}}, () -> {})).containsExactly(76, 1);
  }

  @Test
  void score_logisticRegression_isTheProbabilityOfTrue() {
    ModelBlob model =
        new ModelBlob(ModelAlgorithm.LOGISTIC_REGRESSION, AGE_DEBT, new double[] {0.04, 0.5, -3});

    double[] scores = model.score(new double[][] {{50, 2}}, () -> {});

    assertThat(scores[0]).isEqualTo(1 / (1 + Math.exp(-(-3 + 0.04 * 50 + 0.5 * 2))));
  }

  @Test
  void score_decisionTree_isTheValueOfTheLeafReached() {
    ModelBlob model = new ModelBlob(ModelAlgorithm.DECISION_TREE, AGE_DEBT, TREE);

    double[] scores = model.score(new double[][] {{39, 1.99}, {39, 2}, {40, 0}}, () -> {});

    assertThat(scores).containsExactly(10, 20, 30);
  }

  @Test
  void decode_encodedTree_scoresAsTheOriginal() {
    ModelBlob original = new ModelBlob(ModelAlgorithm.DECISION_TREE, AGE_DEBT, TREE);
    double[][] rows = {{20, 1}, {20, 3}, {60, 1}};

    ModelBlob decoded = ModelBlob.decode(original.encode(), ModelAlgorithm.DECISION_TREE, AGE_DEBT);

    assertThat(decoded.score(rows, () -> {})).containsExactly(original.score(rows, () -> {}));
  }

  @Test
  void score_manyRows_checksTheLimitsOncePerBatch() {
    ModelBlob model = new ModelBlob(ModelAlgorithm.LINEAR_REGRESSION, AGE, new double[] {1, 0});
    double[][] rows = new double[2 * Scorer.BATCH_ROWS + 1][1];
    int[] checks = new int[1];

    var unused = model.score(rows, () -> checks[0]++);

    assertThat(checks[0]).isEqualTo(3);
  }

  @Test
  void close_wipesTheParameters() {
    ModelBlob model = new ModelBlob(ModelAlgorithm.LINEAR_REGRESSION, AGE, new double[] {2, 1});

    model.close();

    assertThat(model.score(new double[][] {{5}}, () -> {})).containsExactly(0);
  }

  @Test
  void toString_isRedacted() {
    ModelBlob model =
        new ModelBlob(ModelAlgorithm.LINEAR_REGRESSION, AGE, new double[] {1234.5, 1});

    assertThat(model.toString()).isEqualTo("ModelBlob[linear_regression, 2 parameters]");
  }

  @Test
  void decode_truncatedBytes_isRefused() throws IOException {
    byte[] bytes = layout(ModelBlob.FORMAT, "linear_regression", 3, 2, 10, 1);

    assertMalformed(Arrays.copyOf(bytes, bytes.length - 1), ModelAlgorithm.LINEAR_REGRESSION, 2);
  }

  @Test
  void decode_trailingBytes_isRefused() throws IOException {
    assertMalformed(
        layout(ModelBlob.FORMAT, "linear_regression", 3, 2, 10, 1, 7),
        ModelAlgorithm.LINEAR_REGRESSION,
        2);
  }

  @Test
  void decode_otherAlgorithmThanRecorded_isRefused() throws IOException {
    assertMalformed(
        layout(ModelBlob.FORMAT, "linear_regression", 3, 2, 10, 1),
        ModelAlgorithm.LOGISTIC_REGRESSION,
        2);
  }

  @Test
  void decode_otherFormat_isRefused() throws IOException {
    assertMalformed(
        layout("evault-model-0", "linear_regression", 3, 2, 10, 1),
        ModelAlgorithm.LINEAR_REGRESSION,
        2);
  }

  @Test
  void decode_coefficientCountOtherThanFeaturesAndIntercept_isRefused() throws IOException {
    assertMalformed(
        layout(ModelBlob.FORMAT, "linear_regression", 3, 2, 10, 1),
        ModelAlgorithm.LINEAR_REGRESSION,
        3);
  }

  @Test
  void decode_nonFiniteParameter_isRefused() throws IOException {
    assertMalformed(
        layout(ModelBlob.FORMAT, "linear_regression", 3, 2, Double.NaN, 1),
        ModelAlgorithm.LINEAR_REGRESSION,
        2);
  }

  @Test
  void decode_treeSplittingOnAFeatureBeyondTheModels_isRefused() throws IOException {
    assertMalformed(
        layout(ModelBlob.FORMAT, "decision_tree", 6, 2, 40, -1, 10, -1, 30),
        ModelAlgorithm.DECISION_TREE,
        2);
  }

  @Test
  void decode_treeWithAMissingLeaf_isRefused() throws IOException {
    assertMalformed(
        layout(ModelBlob.FORMAT, "decision_tree", 4, 0, 40, -1, 10),
        ModelAlgorithm.DECISION_TREE,
        2);
  }

  @Test
  void decode_treeDeeperThanTrainingGrows_isRefused() throws IOException {
    int splits = TreeTrainer.MAX_DEPTH + 1;
    double[] nodes = new double[2 * (2 * splits + 1)];
    for (int i = 0; i < splits; i++) {
      nodes[2 * i] = 0;
      nodes[2 * i + 1] = i;
    }
    for (int i = splits; i < 2 * splits + 1; i++) {
      nodes[2 * i] = -1;
    }

    assertMalformed(
        layout(ModelBlob.FORMAT, "decision_tree", nodes.length, nodes),
        ModelAlgorithm.DECISION_TREE,
        1);
  }
}
