package org.elementvault.sandbox.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.DiscreteLaplace;
import org.elementvault.sandbox.protection.DpCalibration;
import org.elementvault.sandbox.protection.Protection;
import org.elementvault.sandbox.protection.RandomBits;
import org.elementvault.sandbox.protection.Ratio;
import org.jspecify.annotations.Nullable;

/**
 * A linear regression under {@code protection: dp}: sufficient-statistics perturbation (Wang,
 * "Revisiting differentially private linear regression", 2018). Each row is one subject (the
 * training rules admit only queries of one row per subject). Each feature and the target are
 * clamped into their declared bounds and mapped onto [-1, 1] by those bounds (data-independent),
 * then rounded to a grid of 10<sup>-{@value #GRID_DIGITS}</sup>; so every product of two of them,
 * and of one with the intercept's 1, is an integer of at most 10<sup>{@value #PRODUCT_DIGITS}</sup>
 * grid units. The exact sums XᵀX (its upper triangle, the count of rows included) and Xᵀy get
 * discrete Laplace noise sampled exactly, ε/2 each: one subject moves the m entries of a statistic
 * by at most m in all (L1), so each entry's scale is m / (ε/2) in units of the mapped data.
 *
 * <p>Everything after the noise is post-processing: the solve adds a ridge term to the noisy XᵀX,
 * doubled until its Cholesky factorisation succeeds, and maps the coefficients back to the data's
 * units. No fit metric is released: each would cost ε of its own. Unlike sticky noise, every run
 * draws fresh noise, which is why a run is charged to the budget.
 *
 * <p>Holds plaintext sums in memory only, for the length of one job; never stored or logged.
 */
final class DpLinearFit {

  /** The grid the mapped values are rounded to: multiples of 10^-4 in [-1, 1]. */
  static final int GRID_DIGITS = 4;

  /** A product of two mapped values is at most 10^8 grid units in magnitude. */
  static final int PRODUCT_DIGITS = 2 * GRID_DIGITS;

  private static final long GRID = 10_000;

  private static final double PRODUCT_UNIT = 1e8;

  /** Ridge doublings before giving up: far beyond any noise the scales can draw. */
  private static final int MAX_RIDGE_DOUBLINGS = 200;

  /** How {@code note} describes the released coefficients' noise. */
  static final String NOISE_NOTE =
      "dp sufficient statistics: discrete Laplace noise on XᵀX and Xᵀy of the clamped data (ε/2"
          + " each), ridge solve; no fit metrics";

  /**
   * The noised fit.
   *
   * @param coefficients one per feature in the spec's order, then the intercept, in the data's
   *     units ({@link ModelBlob}'s layout)
   * @param noisyCount the noisy number of training rows (one per subject): XᵀX's first entry
   */
  record Noisy(double[] coefficients, double noisyCount) {
    Noisy {
      coefficients = coefficients.clone();
    }
  }

  private DpLinearFit() {}

  /**
   * Fits {@code model} to {@code rows} under {@code protection}, with noise from {@code bits}.
   *
   * @throws IllegalStateException if a feature or the target has no bounds (the training rules
   *     refuse such a spec)
   */
  static Noisy fit(ElementResult rows, ModelSpec model, Protection protection, RandomBits bits) {
    List<String> columns = new ArrayList<>(model.features());
    columns.add(model.target());
    Mapping[] mappings =
        columns.stream()
            .map(c -> Mapping.of(requireBounds(protection.bounds(), c)))
            .toArray(Mapping[]::new);
    List<String> names = rows.columns().stream().map(ElementResult.ResultColumn::name).toList();
    int[] at = columns.stream().mapToInt(names::indexOf).toArray();
    int width = model.features().size() + 1;
    long[][] gram = new long[width][width];
    long[] moments = new long[width];
    long[] mapped = new long[width + 1];
    for (List<@Nullable Object> row : rows.rows()) {
      if (!map(row, at, mappings, mapped)) {
        continue;
      }
      long y = mapped[width];
      for (int j = 0; j < width; j++) {
        for (int k = j; k < width; k++) {
          gram[j][k] = Math.addExact(gram[j][k], mapped[j] * mapped[k]);
        }
        moments[j] = Math.addExact(moments[j], mapped[j] * y);
      }
    }
    Ratio half = DpCalibration.share(Objects.requireNonNull(protection.epsilon()), 2);
    int gramEntries = width * (width + 1) / 2;
    Ratio gramScale = DpCalibration.scale(sensitivity(gramEntries), half);
    Ratio momentScale = DpCalibration.scale(sensitivity(width), half);
    double[][] noisyGram = new double[width][width];
    double[] noisyMoments = new double[width];
    DiscreteLaplace gramNoise = DiscreteLaplace.of(gramScale);
    DiscreteLaplace momentNoise = DiscreteLaplace.of(momentScale);
    for (int j = 0; j < width; j++) {
      for (int k = j; k < width; k++) {
        noisyGram[j][k] = noised(gram[j][k], gramNoise, bits);
        noisyGram[k][j] = noisyGram[j][k];
      }
      noisyMoments[j] = noised(moments[j], momentNoise, bits);
    }
    double ridge = gramEntries / decimal(half);
    double[] weights = ridgeSolve(noisyGram, noisyMoments, ridge);
    return new Noisy(unmap(weights, mappings), noisyGram[0][0]);
  }

  /** The released table: the intercept, then one row per feature, under dp. */
  static ElementResult release(ModelSpec model, Noisy fit, Protection protection) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    int count = model.features().size();
    rows.add(row(Fit.INTERCEPT, fit.coefficients()[count]));
    for (int f = 0; f < count; f++) {
      rows.add(row(model.features().get(f), fit.coefficients()[f]));
    }
    return new ElementResult(
        List.of(
            new ElementResult.ResultColumn(ModelRelease.FEATURE, ColumnType.STRING),
            new ElementResult.ResultColumn(ModelRelease.COEFFICIENT, ColumnType.DOUBLE)),
        rows,
        protection(protection),
        Optional.empty());
  }

  /** What a release under {@code protection} says of itself: ε per run, pure ε-dp (δ 0). */
  static ReleaseProtection protection(Protection protection) {
    return new ReleaseProtection(
        ReleaseProtection.Mechanism.DP,
        protection.epsilon(),
        BigDecimal.ZERO,
        null,
        Map.of(ModelRelease.COEFFICIENT, new ReleaseProtection.ColumnNoise(null, NOISE_NOTE)));
  }

  private static Bounds requireBounds(Map<String, Bounds> bounds, String column) {
    Bounds declared = bounds.get(column);
    if (declared == null) {
      throw new IllegalStateException("the training rules require bounds for every model column");
    }
    return declared;
  }

  /**
   * The intercept's 1, then each feature and the target of {@code row} mapped onto the grid, into
   * {@code mapped}; false if a value is missing (the row is left out, as in every training).
   */
  private static boolean map(
      List<@Nullable Object> row, int[] at, Mapping[] mappings, long[] mapped) {
    mapped[0] = GRID;
    for (int c = 0; c < at.length; c++) {
      Object value = row.get(at[c]);
      double number;
      if (value instanceof Boolean b) {
        number = b ? 1 : 0;
      } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
        number = n.doubleValue();
      } else {
        return false;
      }
      mapped[c + 1] = mappings[c].toGrid(number);
    }
    return true;
  }

  private static BigInteger sensitivity(int entries) {
    return BigInteger.valueOf(entries).multiply(BigInteger.TEN.pow(PRODUCT_DIGITS));
  }

  private static double noised(long exact, DiscreteLaplace noise, RandomBits bits) {
    return new BigDecimal(BigInteger.valueOf(exact).add(noise.sample(bits))).doubleValue()
        / PRODUCT_UNIT;
  }

  private static double decimal(Ratio ratio) {
    return new BigDecimal(ratio.numerator()).doubleValue()
        / new BigDecimal(ratio.denominator()).doubleValue();
  }

  /** (A + λI)⁻¹b, λ doubled from {@code ridge} until A + λI is positive definite. */
  static double[] ridgeSolve(double[][] a, double[] b, double ridge) {
    double lambda = ridge;
    for (int attempt = 0; attempt < MAX_RIDGE_DOUBLINGS; attempt++) {
      Optional<double[][]> factor = cholesky(a, lambda);
      if (factor.isPresent()) {
        return solve(factor.get(), b);
      }
      lambda *= 2;
    }
    throw new IllegalStateException("no ridge makes the noisy Gram matrix positive definite");
  }

  /** The lower factor L of A + λI = LLᵀ, if A + λI is positive definite. */
  private static Optional<double[][]> cholesky(double[][] a, double lambda) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j] + (i == j ? lambda : 0);
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            return Optional.empty();
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return Optional.of(l);
  }

  private static double[] solve(double[][] l, double[] b) {
    int n = b.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i][k] * z[k];
      }
      z[i] = sum / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = z[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * x[k];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }

  /**
   * The coefficients in the data's units (features, then the intercept) from weights on the mapped
   * data (intercept first, then the features), the target mapped by the last mapping.
   */
  private static double[] unmap(double[] weights, Mapping[] mappings) {
    int features = weights.length - 1;
    Mapping target = mappings[features];
    double[] coefficients = new double[features + 1];
    double intercept = weights[0];
    for (int j = 0; j < features; j++) {
      coefficients[j] = target.halfWidth() * weights[j + 1] * mappings[j].slope();
      intercept += weights[j + 1] * mappings[j].offset();
    }
    coefficients[features] = target.middle() + target.halfWidth() * intercept;
    return coefficients;
  }

  private static List<@Nullable Object> row(String feature, double value) {
    List<@Nullable Object> row = new ArrayList<>(2);
    row.add(feature);
    row.add(value);
    return row;
  }

  /**
   * A column's map from its bounds [lower, upper] onto [-1, 1]: z = slope·x + offset.
   *
   * @param middle (lower + upper) / 2
   * @param halfWidth (upper - lower) / 2, above 0
   */
  private record Mapping(double middle, double halfWidth) {
    static Mapping of(Bounds bounds) {
      double lower = bounds.lower().doubleValue();
      double upper = bounds.upper().doubleValue();
      return new Mapping((lower + upper) / 2, (upper - lower) / 2);
    }

    double slope() {
      return 1 / halfWidth;
    }

    double offset() {
      return -middle / halfWidth;
    }

    /** {@code x} clamped into the bounds, mapped, and rounded to the grid: within ±GRID. */
    long toGrid(double x) {
      double z = (x - middle) / halfWidth;
      return Math.max(-GRID, Math.min(GRID, Math.round(z * GRID)));
    }
  }
}
