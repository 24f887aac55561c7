package org.elementvault.sandbox.protection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * Pearson's chi-square test of integer samples against an exact probability mass function, and the
 * sample statistics the protection tests report.
 */
final class GoodnessOfFit {

  /** The smallest expected count of a bin (the usual rule for the chi-square approximation). */
  private static final double MIN_EXPECTED = 5;

  private GoodnessOfFit() {}

  /**
   * The p-value of the chi-square test of {@code samples} against {@code pmf}, whose mass lies in
   * [-support, support]: one bin per value, the bins at each end merged inwards until they and
   * their neighbours expect at least five samples (samples outside the support count in the end
   * bins).
   */
  static double pValue(long[] samples, LongToDoubleFunction pmf, long support) {
    List<double[]> bins = new ArrayList<>();
    for (long x = -support; x <= support; x++) {
      bins.add(new double[] {samples.length * pmf.applyAsDouble(x), 0});
    }
    for (long sample : samples) {
      long clamped = Math.max(-support, Math.min(support, sample));
      bins.get((int) (clamped + support))[1]++;
    }
    while (bins.size() > 2 && Math.min(bins.get(0)[0], bins.get(1)[0]) < MIN_EXPECTED) {
      merge(bins.remove(0), bins.get(0));
    }
    while (bins.size() > 2
        && Math.min(bins.get(bins.size() - 1)[0], bins.get(bins.size() - 2)[0]) < MIN_EXPECTED) {
      merge(bins.remove(bins.size() - 1), bins.get(bins.size() - 1));
    }
    double chiSquare = 0;
    for (double[] bin : bins) {
      if (bin[0] < MIN_EXPECTED) {
        throw new IllegalArgumentException("an inner bin expects fewer than five samples");
      }
      chiSquare += (bin[1] - bin[0]) * (bin[1] - bin[0]) / bin[0];
    }
    return chiSquarePValue(chiSquare, bins.size() - 1);
  }

  private static void merge(double[] from, double[] into) {
    into[0] += from[0];
    into[1] += from[1];
  }

  /** P(X >= chiSquare) for X chi-square distributed with {@code degrees} degrees of freedom. */
  static double chiSquarePValue(double chiSquare, int degrees) {
    return upperRegularizedGamma(degrees / 2.0, chiSquare / 2.0);
  }

  /** Q(a, x), by its series below a + 1 and its continued fraction above (Lentz's method). */
  private static double upperRegularizedGamma(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int k = 1; k < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; k++) {
        term *= x / (a + k);
        sum += term;
      }
      return 1 - sum * Math.exp(logPrefix);
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double fraction = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      fraction *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(logPrefix) * fraction;
  }

  /** ln Γ(z) for z > 0 (Lanczos, g = 7, nine coefficients). */
  private static double logGamma(double z) {
    double[] coefficients = {
      0.9999999999998099,
      676.5203681218851,
      -1259.1392167224028,
      771.3234287776531,
      -176.6150291621406,
      12.507343278686905,
      -0.13857109526572012,
      9.984369578019572e-6,
      1.5056327351493116e-7
    };
    double shifted = z - 1;
    double series = coefficients[0];
    for (int i = 1; i < coefficients.length; i++) {
      series += coefficients[i] / (shifted + i);
    }
    double t = shifted + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
  }

  static double mean(long[] values) {
    double sum = 0;
    for (long value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  /** The sample standard deviation. */
  static double standardDeviation(long[] values) {
    double mean = mean(values);
    double squares = 0;
    for (long value : values) {
      squares += (value - mean) * (value - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }

  /** Pearson's correlation of two equally long series. */
  static double correlation(long[] xs, long[] ys) {
    double meanX = mean(xs);
    double meanY = mean(ys);
    double products = 0;
    double squaresX = 0;
    double squaresY = 0;
    for (int i = 0; i < xs.length; i++) {
      products += (xs[i] - meanX) * (ys[i] - meanY);
      squaresX += (xs[i] - meanX) * (xs[i] - meanX);
      squaresY += (ys[i] - meanY) * (ys[i] - meanY);
    }
    return products / Math.sqrt(squaresX * squaresY);
  }
}
