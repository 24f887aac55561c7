package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** Flattening of extreme contributors, after Diffix Elm. */
class FlatteningTest {

  private static final long SEED = 20_251_107L;

  private final NoiseKey key = TestingNoiseKeys.key(SEED);
  private final Flattening flattening = Flattening.create(key);

  private List<Contribution> contributions(String prefix, long... amounts) {
    List<Contribution> contributions = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      contributions.add(Contribution.of(key.subject(prefix + "-" + i), amounts[i]));
    }
    return contributions;
  }

  private FlattenedSum flatten(List<Contribution> contributions) {
    return flattening.flatten(contributions).orElseThrow();
  }

  /** A planted rich person must not dominate the total or its noise. */
  @Test
  void flatten_plantedRichPerson_removesDominance(TestReporter reporter) {
    SplittableRandom random = new SplittableRandom(SEED);
    long[] incomes = new long[50];
    long others = 0;
    for (int i = 0; i < incomes.length; i++) {
      incomes[i] = 1_000L + random.nextInt(1_001);
      others += incomes[i];
    }
    List<Contribution> withoutRich = contributions("resident", incomes);
    List<Contribution> withRich = new ArrayList<>(withoutRich);
    withRich.add(Contribution.of(key.subject("rich"), 1_000_000_000L));

    FlattenedSum flat = flatten(withRich);
    FlattenedSum flatWithout = flatten(withoutRich);

    reporter.publishEntry(
        "rich person, seed " + SEED,
        "raw="
            + (others + 1_000_000_000L)
            + " flattened="
            + flat.total()
            + " sd="
            + flat.noiseSd());
    assertThat(flat.total())
        .isBetween(BigDecimal.valueOf(others - 2_000), BigDecimal.valueOf(others + 2_000));
    assertThat(flat.total().subtract(flatWithout.total()).abs())
        .isLessThan(BigDecimal.valueOf(4_000));
    assertThat(flat.noiseSd()).isLessThan(BigDecimal.valueOf(2_000));
    assertThat(flat.flattening()).isGreaterThan(BigDecimal.valueOf(999_990_000L));
  }

  @Test
  void flatten_outlierAboveEqualTopGroup_isReplacedByTopValue() {
    List<Contribution> group = contributions("resident", 1_000_000, 10, 10, 10, 10, 10, 10);

    FlattenedSum flat = flatten(group);

    assertThat(flat.total()).isEqualByComparingTo("70");
    assertThat(flat.flattening()).isEqualByComparingTo("999990");
    assertThat(flat.noiseSd()).isEqualByComparingTo("10");
  }

  /**
   * Across top sets the outlier count takes both values of [1, 2] and the top count both of [3, 4]:
   * the four totals of one pattern of contributions all occur.
   */
  @Test
  void flatten_manyTopSets_drawBothOutlierAndTopCounts(TestReporter reporter) {
    Map<String, Integer> totals = new TreeMap<>();

    for (int i = 0; i < 400; i++) {
      List<Contribution> group = contributions("group-" + i, 1_000, 500, 40, 30, 20, 10);
      String total = flatten(group).total().stripTrailingZeros().toPlainString();
      totals.merge(total, 1, Integer::sum);
    }

    reporter.publishEntry("flattened totals over 400 top sets, seed " + SEED, totals.toString());
    // N_e = 2, N_t = 4 | 2, 3 | 1, 4 | 1, 3.
    assertThat(totals.keySet()).containsExactly("150", "160", "747.5", "790");
    assertThat(totals.values()).allMatch(count -> count >= 50);
  }

  @Test
  void flatten_shuffledAndSplitRows_giveSameResult() {
    List<Contribution> group = contributions("resident", 5_000, 700, 650, 600, 90, 80, 70, 60);
    List<Contribution> rows = new ArrayList<>(group.subList(1, group.size()));
    rows.add(Contribution.of(group.get(0).subject(), 3_000));
    rows.add(Contribution.of(group.get(0).subject(), 2_000));
    Collections.reverse(rows);
    Collections.rotate(rows, 3);

    assertThat(flatten(rows)).usingRecursiveComparison().isEqualTo(flatten(group));
  }

  @Test
  void flatten_negatedContributions_giveNegatedTotalAndSameSd() {
    List<Contribution> group = contributions("resident", 5_000, 700, 650, 600, 90, 80, 70, 60);
    List<Contribution> negated =
        contributions("resident", -5_000, -700, -650, -600, -90, -80, -70, -60);

    FlattenedSum flat = flatten(group);
    FlattenedSum flatNegated = flatten(negated);

    assertThat(flatNegated.total()).isEqualByComparingTo(flat.total().negate());
    assertThat(flatNegated.noiseSd()).isEqualByComparingTo(flat.noiseSd());
  }

  @Test
  void flatten_fewerThanFourSubjects_givesNothing() {
    Optional<FlattenedSum> flat = flattening.flatten(contributions("resident", 10, 20, 30));

    assertThat(flat).isEmpty();
  }

  @Test
  void flatten_twoNegativeSubjects_areLeftOut() {
    List<Contribution> group =
        contributions("resident", 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, -50, -50);

    FlattenedSum flat = flatten(group);

    assertThat(flat.total()).isEqualByComparingTo("1000");
    assertThat(flat.noiseSd()).isEqualByComparingTo("100");
  }
}
