package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.Protection;
import org.elementvault.sandbox.protection.RandomBits;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The dp linear regression's arithmetic on rows built in memory, with seeded noise. */
class DpLinearFitTest {

  private static final long SEED = 31;
  private static final ModelSpec MODEL =
      new ModelSpec(ModelAlgorithm.LINEAR_REGRESSION, "y", List.of("a", "b"), 1_000);
  private static final Protection PROTECTION =
      Protection.dp(
          BigDecimal.TEN,
          Protection.DEFAULT_DELTA,
          Map.of(
              "a", bounds(0, 10),
              "b", bounds(-5, 5),
              "y", bounds(-100, 100)),
          1);

  private static Bounds bounds(long lower, long upper) {
    return new Bounds(BigDecimal.valueOf(lower), BigDecimal.valueOf(upper));
  }

  /** {@code count} rows of y = 3 + 2a - b, exactly, inside the bounds. */
  private static List<List<@Nullable Object>> rows(int count) {
    SplittableRandom data = new SplittableRandom(SEED);
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double a = data.nextDouble(0, 10);
      double b = data.nextDouble(-5, 5);
      rows.add(row(a, b, 3 + 2 * a - b));
    }
    return rows;
  }

  private static List<@Nullable Object> row(double a, double b, double y) {
    List<@Nullable Object> row = new ArrayList<>(3);
    row.add(y);
    row.add(a);
    row.add(b);
    return row;
  }

  /** Columns in another order than the spec's, as a query may select them. */
  private static ElementResult result(List<List<@Nullable Object>> rows) {
    return new ElementResult(
        List.of(
            new ElementResult.ResultColumn("y", ColumnType.DOUBLE),
            new ElementResult.ResultColumn("a", ColumnType.DOUBLE),
            new ElementResult.ResultColumn("b", ColumnType.DOUBLE)),
        rows);
  }

  private static RandomBits seeded() throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(SEED);
    return RandomBits.from(random);
  }

  @Test
  void fit_exactLinearData_recoversItsCoefficientsAndCount() throws NoSuchAlgorithmException {
    DpLinearFit.Noisy fit = DpLinearFit.fit(result(rows(5_000)), MODEL, PROTECTION, seeded());

    assertThat(fit.coefficients()[0]).isCloseTo(2, within(0.05));
    assertThat(fit.coefficients()[1]).isCloseTo(-1, within(0.05));
    assertThat(fit.coefficients()[2]).isCloseTo(3, within(0.3));
    assertThat(fit.noisyCount()).isCloseTo(5_000, within(20.0));
  }

  /** An outlier far beyond the bounds weighs no more than a row at the bounds: the sensitivity. */
  @Test
  void fit_rowFarBeyondTheBounds_weighsAsARowAtTheBounds() throws NoSuchAlgorithmException {
    List<List<@Nullable Object>> outlier = rows(2_000);
    outlier.add(row(1e12, -1e12, 1e15));
    List<List<@Nullable Object>> atBounds = rows(2_000);
    atBounds.add(row(10, -5, 100));

    DpLinearFit.Noisy far = DpLinearFit.fit(result(outlier), MODEL, PROTECTION, seeded());
    DpLinearFit.Noisy near = DpLinearFit.fit(result(atBounds), MODEL, PROTECTION, seeded());

    assertThat(far.coefficients()).containsExactly(near.coefficients());
  }

  @Test
  void ridgeSolve_indefiniteMatrix_returnsAFiniteSolution() {
    double[][] indefinite = {{1, 3}, {3, 1}};

    double[] solution = DpLinearFit.ridgeSolve(indefinite, new double[] {1, 1}, 0.01);

    assertThat(Arrays.stream(solution).allMatch(Double::isFinite)).isTrue();
  }
}
