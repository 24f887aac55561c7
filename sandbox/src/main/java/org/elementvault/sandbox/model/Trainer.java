package org.elementvault.sandbox.model;

import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.ParameterAveraging;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Fits linear and logistic regressions with Tribuo's SGD trainers on standardized features (and,
 * for a regression, a standardized target), then states the coefficients in the data's units and
 * computes the fit metrics on the held-out rows: R² for a regression; AUC, accuracy and log-loss
 * for a classification.
 *
 * <p>Standard errors, which scale each coefficient's noise, are the textbook approximations that
 * take features as uncorrelated: {@code σ / (√n · sd_j)} for a regression (σ the residual standard
 * deviation) and {@code 1 / (√(n · mean p(1-p)) · sd_j)} for a logistic regression; the intercept's
 * adds the features' standardized means. They are noise scales, not inference.
 */
final class Trainer {

  /** Passes over the training rows. */
  static final int EPOCHS = 10;

  private static final String TARGET = "target";
  private static final String POSITIVE = "true";
  private static final String NEGATIVE = "false";

  private Trainer() {}

  /** Fits {@code algorithm} to {@code set}; the SGD's shuffling comes from {@code seed}. */
  static Fit fit(ModelAlgorithm algorithm, List<String> features, TrainingSet set, long seed) {
    return switch (algorithm) {
      case LINEAR_REGRESSION -> linear(features, set, seed);
      case LOGISTIC_REGRESSION -> logistic(features, set, seed);
      case DECISION_TREE, GRADIENT_BOOSTING ->
          throw new IllegalStateException("the training rules refuse " + algorithm);
    };
  }

  private static Fit linear(List<String> features, TrainingSet set, long seed) {
    Scale scale = Scale.of(set.trainFeatures());
    double[] y = set.trainTargets();
    double yMean = mean(y);
    double ySd = deviation(y, yMean);
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = dataset(factory);
    String[] names = features.toArray(String[]::new);
    for (int i = 0; i < y.length; i++) {
      data.add(
          new ArrayExample<>(
              new Regressor(TARGET, (y[i] - yMean) / ySd),
              names,
              scale.apply(set.trainFeatures()[i])));
    }
    var trainer =
        new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
            new SquaredLoss(), optimiser(0.1), EPOCHS, Integer.MAX_VALUE, 1, seed);
    var model = trainer.train(data);
    double[] standardized = weights(model, names, 0);
    double[] coefficients = scale.unscale(standardized, yMean, ySd);
    ModelBlob fitted = new ModelBlob(ModelAlgorithm.LINEAR_REGRESSION, features, coefficients);
    double[] predicted = fitted.score(set.trainFeatures(), () -> {});
    double residuals = 0;
    for (int i = 0; i < y.length; i++) {
      double error = y[i] - predicted[i];
      residuals += error * error;
    }
    double sigma = Math.sqrt(residuals / Math.max(1, y.length - names.length - 1));
    return new Fit(
        terms(names, coefficients, scale, sigma / Math.sqrt(y.length)),
        FitMetrics.regression(fitted.score(set.testFeatures(), () -> {}), set.testTargets()),
        set.testTargets().length,
        fitted);
  }

  private static Fit logistic(List<String> features, TrainingSet set, long seed) {
    Scale scale = Scale.of(set.trainFeatures());
    double[] y = set.trainTargets();
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = dataset(factory);
    String[] names = features.toArray(String[]::new);
    for (int i = 0; i < y.length; i++) {
      data.add(
          new ArrayExample<>(
              new Label(y[i] == 1 ? POSITIVE : NEGATIVE),
              names,
              scale.apply(set.trainFeatures()[i])));
    }
    var trainer =
        new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
            new LogMulticlass(), optimiser(0.5), EPOCHS, Integer.MAX_VALUE, 1, seed);
    var model = trainer.train(data);
    var outputs = model.getOutputIDInfo();
    int positive = outputs.getID(new Label(POSITIVE));
    int negative = outputs.getID(new Label(NEGATIVE));
    double[] standardized = new double[names.length + 1];
    if (positive >= 0 && negative >= 0) {
      // Two-class softmax: the log-odds are the difference of the two classes' scores.
      double[] pos = weights(model, names, positive);
      double[] neg = weights(model, names, negative);
      for (int j = 0; j < standardized.length; j++) {
        standardized[j] = pos[j] - neg[j];
      }
    }
    double[] coefficients = scale.unscale(standardized, 0, 1);
    ModelBlob fitted = new ModelBlob(ModelAlgorithm.LOGISTIC_REGRESSION, features, coefficients);
    double variance = 0;
    for (double p : fitted.score(set.trainFeatures(), () -> {})) {
      variance += p * (1 - p);
    }
    double information = Math.max(variance, 1);
    return new Fit(
        terms(names, coefficients, scale, 1 / Math.sqrt(information)),
        FitMetrics.classification(fitted.score(set.testFeatures(), () -> {}), set.testTargets()),
        set.testTargets().length,
        fitted);
  }

  /**
   * AdaGrad with Polyak averaging of the iterates: the average settles much closer to the optimum
   * than SGD's last step, which still moves with the last examples seen.
   */
  private static StochasticGradientOptimiser optimiser(double learningRate) {
    return new ParameterAveraging(new AdaGrad(learningRate, 1e-6));
  }

  private static <T extends Output<T>> MutableDataset<T> dataset(OutputFactory<T> factory) {
    return new MutableDataset<>(
        new SimpleDataSourceProvenance("element training rows", factory), factory);
  }

  /** Row {@code output} of a linear model's weights: one per feature, then the bias. */
  private static double[] weights(AbstractLinearSGDModel<?> model, String[] names, int output) {
    DenseMatrix weights = model.getWeightsCopy();
    ImmutableFeatureMap ids = model.getFeatureIDMap();
    double[] row = new double[names.length + 1];
    for (int j = 0; j < names.length; j++) {
      int id = ids.getID(names[j]);
      row[j] = id < 0 ? 0 : weights.get(output, id);
    }
    row[names.length] = weights.get(output, weights.getDimension2Size() - 1);
    return row;
  }

  /** Intercept first, then the features, with their standard errors given {@code unit}. */
  private static List<Fit.Term> terms(
      String[] names, double[] coefficients, Scale scale, double unit) {
    List<Fit.Term> terms = new ArrayList<>();
    double interceptSpread = 1;
    for (int j = 0; j < names.length; j++) {
      double z = scale.means[j] / scale.deviations[j];
      interceptSpread += z * z;
    }
    terms.add(
        new Fit.Term(Fit.INTERCEPT, coefficients[names.length], unit * Math.sqrt(interceptSpread)));
    for (int j = 0; j < names.length; j++) {
      terms.add(new Fit.Term(names[j], coefficients[j], unit / scale.deviations[j]));
    }
    return terms;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }

  /** The standard deviation, or 1 where it is zero (a constant column stays at 0 once centred). */
  private static double deviation(double[] values, double mean) {
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    double sd = values.length == 0 ? 0 : Math.sqrt(sum / values.length);
    return sd > 0 ? sd : 1;
  }

  /** Each feature's mean and standard deviation over the training rows. */
  private record Scale(double[] means, double[] deviations) {

    static Scale of(double[][] rows) {
      int width = rows.length == 0 ? 0 : rows[0].length;
      double[] means = new double[width];
      double[] deviations = new double[width];
      double[] column = new double[rows.length];
      for (int j = 0; j < width; j++) {
        for (int i = 0; i < rows.length; i++) {
          column[i] = rows[i][j];
        }
        means[j] = mean(column);
        deviations[j] = deviation(column, means[j]);
      }
      return new Scale(means, deviations);
    }

    double[] apply(double[] row) {
      double[] scaled = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        scaled[j] = (row[j] - means[j]) / deviations[j];
      }
      return scaled;
    }

    /**
     * Coefficients in the data's units from weights on standardized features (bias last), for a
     * target standardized by {@code targetMean} and {@code targetSd}.
     */
    double[] unscale(double[] weights, double targetMean, double targetSd) {
      int width = means.length;
      double[] coefficients = new double[width + 1];
      double intercept = weights[width];
      for (int j = 0; j < width; j++) {
        coefficients[j] = targetSd * weights[j] / deviations[j];
        intercept -= weights[j] * means[j] / deviations[j];
      }
      coefficients[width] = targetMean + targetSd * intercept;
      return coefficients;
    }
  }
}
