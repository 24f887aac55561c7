package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streaming flattening: {@link Contributors} fed subject by subject, in any order and batching,
 * flattens exactly as {@link Flattening#flatten(java.util.Collection)} and as a reference that
 * sorts each whole side.
 */
class ContributorsTest {

  private static final long SEED = 20_251_205L;

  private final NoiseKey key = TestingNoiseKeys.key(SEED);
  private final Flattening flattening = Flattening.create(key);

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> SEED + i);
  }

  /** Random groups with planted extremes, ties (also of different scales), zeros and negatives. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void flatten_streamedInAnyOrderAndBatching_equalsCollectionAndReference(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Contribution> rows = rows(random, seed);
    Map<SubjectHash, BigDecimal> totals = new LinkedHashMap<>();
    rows.forEach(row -> totals.merge(row.subject(), row.amount(), BigDecimal::add));
    List<SubjectHash> subjects = new ArrayList<>(totals.keySet());
    shuffle(subjects, random);
    Contributors streamed = new Contributors();
    List<Contributors> batches =
        List.of(new Contributors(), new Contributors(), new Contributors());
    SubjectSetDigest digest = SubjectSetDigest.EMPTY;
    for (SubjectHash subject : subjects) {
      streamed.add(subject, totals.get(subject));
      batches.get(random.nextInt(batches.size())).add(subject, totals.get(subject));
      digest = digest.plus(subject);
    }
    Contributors merged = new Contributors();
    batches.forEach(merged::merge);
    shuffle(rows, random);

    Optional<FlattenedSum> fromRows = flattening.flatten(rows);
    Optional<FlattenedSum> fromStream = flattening.flatten(streamed);
    Optional<FlattenedSum> fromBatches = flattening.flatten(merged);
    Optional<FlattenedSum> fromReference = reference(totals);

    assertThat(fromStream).isEqualTo(fromReference);
    assertThat(fromRows).isEqualTo(fromReference);
    assertThat(fromBatches).isEqualTo(fromReference);
    assertThat(streamed.subjects()).isEqualTo(digest);
    assertThat(merged.subjects()).isEqualTo(digest);
  }

  /**
   * Unscaled longs (as a vectorized executor adds them) flatten exactly as the same decimals: ties
   * at a full side's smallest share, zeros, both signs, Long.MIN_VALUE and totals that overflow a
   * long.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void flatten_unscaledLongs_equalsSameDecimals(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int scale = random.nextInt(4);
    long spread = random.nextBoolean() ? 5 : Long.MAX_VALUE / 4;
    Contributors asLongs = new Contributors(scale);
    Contributors asDecimals = new Contributors();
    int subjects = 1 + random.nextInt(60);
    for (int i = 0; i < subjects; i++) {
      SubjectHash subject = key.subject("resident-" + seed + "-" + i);
      long unscaled =
          switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            default -> random.nextLong(-spread, spread);
          };
      asLongs.add(subject, unscaled);
      asDecimals.add(subject, BigDecimal.valueOf(unscaled, scale));
    }
    Contributors mergedLongs = new Contributors();
    mergedLongs.merge(asLongs);

    assertThat(flattening.flatten(asLongs)).isEqualTo(flattening.flatten(asDecimals));
    assertThat(flattening.flatten(mergedLongs)).isEqualTo(flattening.flatten(asDecimals));
    assertThat(asLongs.subjects()).isEqualTo(asDecimals.subjects());
  }

  @Test
  void subjects_zeroContributions_countOnce() {
    Contributors contributors = new Contributors();

    for (int i = 0; i < 5; i++) {
      contributors.add(key.subject("resident-" + i), BigDecimal.ZERO);
    }

    assertThat(contributors.subjects()).isEqualTo(TestingNoiseKeys.subjects(key, "resident", 5));
    assertThat(flattening.flatten(contributors).orElseThrow().total()).isEqualByComparingTo("0");
  }

  @Test
  void merge_itself_isRejected() {
    Contributors contributors = new Contributors();

    assertThatThrownBy(() -> contributors.merge(contributors))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contributors cannot be merged with themselves");
  }

  @Test
  void toString_contributors_isRedacted() {
    Contributors contributors = new Contributors();

    contributors.add(key.subject("ann"), BigDecimal.valueOf(1_000_000));

    assertThat(contributors).hasToString("Contributors[subjects=1, contributions=redacted]");
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      list.set(i, list.set(random.nextInt(i + 1), list.get(i)));
    }
  }

  /** Rows of one random group: each subject's total split over one to three rows. */
  private List<Contribution> rows(SplittableRandom random, long seed) {
    int[] sizes = {0, 3, 4, 5, 6, 7, 12, 40, 400};
    int subjects = sizes[random.nextInt(sizes.length)];
    BigDecimal[] tiePool = {
      new BigDecimal("7"), new BigDecimal("7.0"), new BigDecimal("7.00"), new BigDecimal("-7"),
    };
    List<Contribution> rows = new ArrayList<>();
    for (int i = 0; i < subjects; i++) {
      SubjectHash subject = key.subject("seed-" + seed + "-subject-" + i);
      BigDecimal total =
          switch (random.nextInt(8)) {
            case 0 -> BigDecimal.ZERO.setScale(random.nextInt(3));
            case 1 -> tiePool[random.nextInt(tiePool.length)];
            case 2 ->
                BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L)).scaleByPowerOfTen(12);
            case 3 ->
                BigDecimal.valueOf(-random.nextLong(1, 1_000_000_000_000L)).scaleByPowerOfTen(9);
            case 4 -> BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), random.nextInt(5));
            default -> BigDecimal.valueOf(random.nextInt(-50, 200));
          };
      int parts = 1 + random.nextInt(3);
      BigDecimal rest = total;
      for (int part = 1; part < parts; part++) {
        BigDecimal piece = BigDecimal.valueOf(random.nextInt(-100, 100));
        rows.add(new Contribution(subject, piece));
        rest = rest.subtract(piece);
      }
      rows.add(new Contribution(subject, rest));
    }
    return rows;
  }

  /** Flattening as its Javadoc states it, sorting each whole side: the oracle of the fast path. */
  private Optional<FlattenedSum> reference(Map<SubjectHash, BigDecimal> totals) {
    List<Contributors.Share> positive = new ArrayList<>();
    List<Contributors.Share> negative = new ArrayList<>();
    totals.forEach(
        (subject, amount) -> {
          if (amount.signum() >= 0) {
            positive.add(new Contributors.Share(subject, amount));
          }
          if (amount.signum() <= 0) {
            negative.add(new Contributors.Share(subject, amount.negate()));
          }
        });
    Optional<BigDecimal[]> up = referenceSide(positive);
    Optional<BigDecimal[]> down = referenceSide(negative);
    if (up.isEmpty() && down.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal[] none = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    BigDecimal[] plus = up.orElse(none);
    BigDecimal[] minus = down.orElse(none);
    BigDecimal variance = plus[2].pow(2).add(minus[2].pow(2));
    BigDecimal sd =
        variance.signum() == 0
            ? BigDecimal.ZERO
            : variance
                .sqrt(new MathContext(16, RoundingMode.HALF_EVEN))
                .round(new MathContext(8, RoundingMode.CEILING));
    return Optional.of(
        new FlattenedSum(
            plus[0].subtract(minus[0], MathContext.DECIMAL128),
            sd,
            plus[1].add(minus[1], MathContext.DECIMAL128)));
  }

  /** One side's flattened total, flattening and noise scale, or empty if it is too small. */
  private Optional<BigDecimal[]> referenceSide(List<Contributors.Share> shares) {
    int count = shares.size();
    if (count < Flattening.MIN_SUBJECTS) {
      return Optional.empty();
    }
    int outlierMax = Flattening.OUTLIER_COUNT_MAX;
    int topMax = Flattening.TOP_COUNT_MAX;
    int shortfall = Flattening.OUTLIER_COUNT_MAX + Flattening.TOP_COUNT_MAX - count;
    if (shortfall > 0) {
      int outlierCut = Math.min(Flattening.OUTLIER_COUNT_MAX - 1, shortfall / 2);
      outlierMax -= outlierCut;
      topMax -= shortfall - outlierCut;
    }
    List<Contributors.Share> sorted = new ArrayList<>(shares);
    sorted.sort(
        Comparator.comparing(Contributors.Share::amount)
            .reversed()
            .thenComparing(Contributors.Share::subject));
    SubjectSetDigest topSubjects = SubjectSetDigest.EMPTY;
    for (Contributors.Share share : sorted.subList(0, outlierMax + topMax)) {
      topSubjects = topSubjects.plus(share.subject());
    }
    RandomBits bits = key.bits(topSubjects.addTo(SeedEncoder.of("flattening")));
    int outliers = 1 + (int) Bernoulli.uniformBelow(bits, outlierMax);
    int topCount = 3 + (int) Bernoulli.uniformBelow(bits, topMax - 2L);
    BigDecimal total = BigDecimal.ZERO;
    for (Contributors.Share share : sorted) {
      total = total.add(share.amount());
    }
    BigDecimal outlierTotal = BigDecimal.ZERO;
    for (Contributors.Share share : sorted.subList(0, outliers)) {
      outlierTotal = outlierTotal.add(share.amount());
    }
    BigDecimal topTotal = BigDecimal.ZERO;
    for (Contributors.Share share : sorted.subList(outliers, outliers + topCount)) {
      topTotal = topTotal.add(share.amount());
    }
    MathContext decimal = MathContext.DECIMAL128;
    BigDecimal topAverage = topTotal.divide(BigDecimal.valueOf(topCount), decimal);
    BigDecimal flattened =
        outlierTotal
            .subtract(topAverage.multiply(BigDecimal.valueOf(outliers)), decimal)
            .max(BigDecimal.ZERO);
    BigDecimal flatTotal = total.subtract(flattened, decimal);
    BigDecimal average = flatTotal.divide(BigDecimal.valueOf(count), decimal);
    BigDecimal scale =
        average.max(topAverage.divide(BigDecimal.valueOf(2), decimal)).max(BigDecimal.ZERO);
    return Optional.of(new BigDecimal[] {flatTotal, flattened, scale});
  }
}
