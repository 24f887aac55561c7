package org.elementvault.sandbox.model;

import java.util.List;

/**
 * Scores the rows of a scoring element inside its job: a registered ONNX model ({@link OnnxModel})
 * or a model trained inside the vault ({@link ModelBlob}), opened from its sealed bytes by {@link
 * Models#openScorer}. Holds the model in clear in memory: the caller closes it, which frees or
 * wipes it. Not thread-safe.
 */
interface Scorer extends AutoCloseable {

  /** The rows scored between two checks of the job's limits (and in one call of ONNX Runtime). */
  int BATCH_ROWS = 4096;

  /** The features the model scores, by column name, in the order {@link #score} takes them. */
  List<String> features();

  /**
   * The scores of {@code rows} ({@code rows[i][j]} the value of feature j, in the model's feature
   * order, in row i); {@code NaN} where the model gives no finite score.
   *
   * @param onBatch called before each batch of rows, to let the job's limits stop it
   */
  double[] score(double[][] rows, Runnable onBatch);

  @Override
  void close();
}
