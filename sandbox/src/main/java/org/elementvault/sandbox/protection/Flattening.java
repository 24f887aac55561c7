package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Flattening of extreme contributors, as Open Diffix Elm does it (pg_diffix's count and sum
 * aggregators), so that no single subject dominates a released total or its noise.
 *
 * <p>Contributions are first combined per subject. Subjects with a total of at least zero form the
 * positive side, those of at most zero the negative side (zeros belong to both, as in pg_diffix),
 * each flattened on magnitudes:
 *
 * <ol>
 *   <li>Rank the side's subjects by contribution, largest first (ties by subject hash).
 *   <li>Pick the outlier count N<sub>e</sub> in [{@value #OUTLIER_COUNT_MIN}, {@value
 *       #OUTLIER_COUNT_MAX}] and the top count N<sub>t</sub> in [{@value #TOP_COUNT_MIN}, {@value
 *       #TOP_COUNT_MAX}], uniformly from keyed bits seeded by the digest of the side's top {@code
 *       N_e,max + N_t,max} subjects: the choice is sticky for a given set of top contributors, and
 *       an attacker cannot know where the cut falls. With fewer than {@value #OUTLIER_COUNT_MAX} +
 *       {@value #TOP_COUNT_MAX} subjects both upper bounds shrink (outlier bound first by half the
 *       shortfall at most) as pg_diffix's "compact flattening intervals" do.
 *   <li>The top group is the next N<sub>t</sub> subjects; each outlier's contribution is replaced
 *       by the top group's average. The flattening is what that removes.
 *   <li>The side's noise scale is max(flattened total / subjects, top group average / 2).
 * </ol>
 *
 * The flattened total is positive side minus negative side; the noise SD combines the two sides'
 * scales as independent noises do (square root of the sum of squares).
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>One subject moves the flattened total by about the top group's average at most, however
 *       extreme its own contribution, and the noise scale does not reveal an outlier's value.
 *   <li>A side with fewer than {@value #MIN_SUBJECTS} subjects cannot be flattened; it is left out
 *       of the total (its few subjects would otherwise be exposed), and if both sides are too small
 *       there is no result at all. The caller releases nothing for such a group.
 *   <li>Deterministic: the same contributions, in any order and batching, give the same result.
 *   <li>Linear time and constant memory per group: {@link Contributors} keeps each side's count,
 *       total and {@value #OUTLIER_COUNT_MAX} + {@value #TOP_COUNT_MAX} largest contributions as
 *       subjects stream past; {@link #flatten(Collection)} first combines rows per subject.
 *   <li>Decimal arithmetic to 34 significant digits; no floating point.
 *   <li>Immutable and thread-safe while the key is not destroyed.
 * </ul>
 */
public final class Flattening {

  /** Fewest outliers flattened (Diffix Elm's default). */
  public static final int OUTLIER_COUNT_MIN = 1;

  /** Most outliers flattened (Diffix Elm's default). */
  public static final int OUTLIER_COUNT_MAX = 2;

  /** Fewest subjects in the top group (Diffix Elm's default). */
  public static final int TOP_COUNT_MIN = 3;

  /** Most subjects in the top group (Diffix Elm's default). */
  public static final int TOP_COUNT_MAX = 4;

  /** Fewest subjects on one side that can be flattened. */
  public static final int MIN_SUBJECTS = OUTLIER_COUNT_MIN + TOP_COUNT_MIN;

  private static final MathContext DECIMAL = MathContext.DECIMAL128;

  /** Digits of the noise SD's square root, rounded half-even before the SD is rounded up. */
  static final int SQUARE_ROOT_DIGITS = 16;

  private static final MathContext NOISE_SD = new MathContext(8, RoundingMode.CEILING);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private final NoiseKey key;

  private Flattening(NoiseKey key) {
    this.key = key;
  }

  /** Flattening whose choices are drawn under {@code key}. */
  public static Flattening create(NoiseKey key) {
    return new Flattening(Objects.requireNonNull(key, "key"));
  }

  /**
   * The flattened total of one group and its noise SD, or empty if neither side has {@value
   * #MIN_SUBJECTS} subjects. Contributions of one subject are combined first; the result is that of
   * {@link #flatten(Contributors)} on the combined totals.
   */
  public Optional<FlattenedSum> flatten(Collection<Contribution> contributions) {
    Objects.requireNonNull(contributions, "contributions");
    Map<SubjectHash, BigDecimal> totals = new HashMap<>();
    for (Contribution contribution : contributions) {
      totals.merge(contribution.subject(), contribution.amount(), BigDecimal::add);
    }
    Contributors contributors = new Contributors();
    totals.forEach(contributors::add);
    return flatten(contributors);
  }

  /**
   * The flattened total of a group accumulated subject by subject, and its noise SD, or empty if
   * neither side has {@value #MIN_SUBJECTS} subjects. Reads {@code contributors} without changing
   * it.
   */
  public Optional<FlattenedSum> flatten(Contributors contributors) {
    Objects.requireNonNull(contributors, "contributors");
    Optional<FlatSide> up = side(contributors.positive());
    Optional<FlatSide> down = side(contributors.negative());
    if (up.isEmpty() && down.isEmpty()) {
      return Optional.empty();
    }
    FlatSide plus = up.orElse(FlatSide.NONE);
    FlatSide minus = down.orElse(FlatSide.NONE);
    BigDecimal variance = plus.scale().pow(2).add(minus.scale().pow(2));
    BigDecimal sd =
        variance.signum() == 0
            ? BigDecimal.ZERO
            : SquareRoot.halfEven(variance, SQUARE_ROOT_DIGITS).round(NOISE_SD);
    return Optional.of(
        new FlattenedSum(
            plus.flattened().subtract(minus.flattened(), DECIMAL),
            sd,
            plus.flattening().add(minus.flattening(), DECIMAL)));
  }

  private Optional<FlatSide> side(Contributors.Side side) {
    long count = side.count();
    if (count < MIN_SUBJECTS) {
      return Optional.empty();
    }
    int outlierMax = OUTLIER_COUNT_MAX;
    int topMax = TOP_COUNT_MAX;
    if (count < Contributors.TOP) {
      int shortfall = Contributors.TOP - (int) count;
      int outlierCut = Math.min(OUTLIER_COUNT_MAX - OUTLIER_COUNT_MIN, shortfall / 2);
      outlierMax -= outlierCut;
      topMax -= shortfall - outlierCut;
    }
    List<Contributors.Share> top = side.largest(outlierMax + topMax);
    SubjectSetDigest topSubjects = SubjectSetDigest.EMPTY;
    for (Contributors.Share share : top) {
      topSubjects = topSubjects.plus(share.subject());
    }
    // Seeded by the top contributors alone, not by the side, as pg_diffix does: a side and its
    // mirror image are flattened alike.
    RandomBits bits = key.bits(topSubjects.addTo(SeedEncoder.of("flattening")));
    int outliers =
        OUTLIER_COUNT_MIN + (int) Bernoulli.uniformBelow(bits, outlierMax - OUTLIER_COUNT_MIN + 1L);
    int topCount = TOP_COUNT_MIN + (int) Bernoulli.uniformBelow(bits, topMax - TOP_COUNT_MIN + 1L);

    BigDecimal outlierTotal = BigDecimal.ZERO;
    BigDecimal topTotal = BigDecimal.ZERO;
    for (int i = 0; i < outliers + topCount; i++) {
      if (i < outliers) {
        outlierTotal = outlierTotal.add(top.get(i).amount());
      } else {
        topTotal = topTotal.add(top.get(i).amount());
      }
    }
    BigDecimal topAverage = topTotal.divide(BigDecimal.valueOf(topCount), DECIMAL);
    BigDecimal flattening =
        outlierTotal
            .subtract(topAverage.multiply(BigDecimal.valueOf(outliers)), DECIMAL)
            .max(BigDecimal.ZERO);
    BigDecimal flattened = side.total().subtract(flattening, DECIMAL);
    BigDecimal average = flattened.divide(BigDecimal.valueOf(count), DECIMAL);
    BigDecimal scale = average.max(topAverage.divide(TWO, DECIMAL)).max(BigDecimal.ZERO);
    return Optional.of(new FlatSide(flattened, flattening, scale));
  }

  /** One side's flattened total, flattening and noise scale. */
  private record FlatSide(BigDecimal flattened, BigDecimal flattening, BigDecimal scale) {
    static final FlatSide NONE = new FlatSide(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
  }
}
