package org.elementvault.sandbox.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * The fit metrics every trained model releases, computed on the held-out rows from its predictions:
 * {@code (r2)} for a numeric target; {@code (auc)}, {@code (accuracy)} and {@code (log_loss)} for a
 * boolean one, whose predictions are probabilities of {@code true}.
 */
final class FitMetrics {

  /** Keeps a log-loss finite when a prediction is certain and wrong. */
  private static final double CLAMP = 1e-15;

  private FitMetrics() {}

  /** R² of {@code predictions} against {@code targets}. */
  static Map<String, Double> regression(double[] predictions, double[] targets) {
    double mean = 0;
    for (double target : targets) {
      mean += target / targets.length;
    }
    double residual = 0;
    double total = 0;
    for (int i = 0; i < targets.length; i++) {
      double error = targets[i] - predictions[i];
      residual += error * error;
      total += (targets[i] - mean) * (targets[i] - mean);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("(r2)", total == 0 ? 0 : 1 - residual / total);
    return metrics;
  }

  /**
   * AUC (when both classes are held out), accuracy and log-loss of probabilities {@code scores}.
   */
  static Map<String, Double> classification(double[] scores, double[] targets) {
    boolean[] truth = new boolean[targets.length];
    double correct = 0;
    double loss = 0;
    boolean positive = false;
    boolean negative = false;
    for (int i = 0; i < targets.length; i++) {
      truth[i] = targets[i] == 1;
      positive |= truth[i];
      negative |= !truth[i];
      correct += (scores[i] >= 0.5) == truth[i] ? 1 : 0;
      double p = Math.min(1 - CLAMP, Math.max(CLAMP, truth[i] ? scores[i] : 1 - scores[i]));
      loss -= Math.log(p);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    // AUC needs both classes among the held-out rows; without them it is left out.
    if (positive && negative) {
      metrics.put("(auc)", LabelEvaluationUtil.binaryAUCROC(truth, scores));
    }
    metrics.put("(accuracy)", targets.length == 0 ? 0 : correct / targets.length);
    metrics.put("(log_loss)", targets.length == 0 ? 0 : loss / targets.length);
    return metrics;
  }
}
