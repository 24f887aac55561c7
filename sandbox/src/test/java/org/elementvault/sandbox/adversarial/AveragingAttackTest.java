package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.elementvault.sandbox.ResidentRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Averaging: the same question asked through many syntactically different but equivalent element
 * queries. Rewrites that keep the question's meaning must get the same answer; where they get fresh
 * noise, the average of their answers must not close in on the exact count faster than the noise
 * allows. Counts of the ten (district, gender) groups, about 40 each, are the targets; {@code
 * -Dredteam.rewrites=N} asks each N ways (default {@value #DEFAULT_REWRITES}).
 */
class AveragingAttackTest extends AttackTestSupport {

  private static final int DEFAULT_REWRITES = 20;
  private static final String COUNT = "SELECT COUNT(*) AS n FROM residents WHERE ";
  private static final String BASE = "district = '金水区' AND age BETWEEN 30 AND 39";

  private final int rewrites = Integer.getInteger("redteam.rewrites", DEFAULT_REWRITES);

  private Object answer(String condition) {
    return vault.run(COUNT + condition).rows();
  }

  @Test
  void reorderedConditions_giveTheSameAnswer() {
    assertThat(answer("age BETWEEN 30 AND 39 AND district = '金水区'")).isEqualTo(answer(BASE));
  }

  @Test
  void betweenAndTwoComparisons_giveTheSameAnswer() {
    assertThat(answer("district = '金水区' AND age >= 30 AND age <= 39")).isEqualTo(answer(BASE));
  }

  @Test
  void inListAndOrChain_giveTheSameAnswer() {
    assertThat(answer("district IN ('金水区', '中原区') AND age BETWEEN 30 AND 39"))
        .isEqualTo(answer("(district = '金水区' OR district = '中原区') AND age BETWEEN 30 AND 39"));
  }

  @Test
  void repeatedCondition_givesTheSameAnswer() {
    assertThat(answer(BASE + " AND district = '金水区'")).isEqualTo(answer(BASE));
  }

  @Test
  void duplicatedOutputColumns_giveTheSameAnswer() {
    Object twice =
        vault.run("SELECT COUNT(*) AS a, COUNT(*) AS b FROM residents WHERE " + BASE).rows();

    assertThat(twice).isEqualTo(List.of(List.of(first(BASE), first(BASE))));
  }

  @Test
  void alwaysTrueCondition_givesTheSameAnswer() {
    assertThat(answer(BASE + " AND 1 = 1")).isEqualTo(answer(BASE));
  }

  /**
   * Each rewrite adds an ineffective condition ({@code age <> 1000 + i}): a fresh layer each time,
   * but the question's own layers stay, so the average keeps their noise.
   */
  @Test
  void ineffectiveConditions_averageKeepsTheSharedLayersNoise(TestReporter reporter) {
    double median =
        averagingError(
            reporter,
            "ineffective-condition averaging",
            i -> " AND age <> " + (1000 + i),
            (district, gender) -> "district = '" + district + "' AND gender = '" + gender + "'");

    assertThat(median).isGreaterThan(0.5);
  }

  /**
   * Each rewrite adds a phantom value (one no resident has) to every condition: {@code district IN
   * ('金水区', 'phantom-i')}. The meaning and the subjects stay, every layer's text changes.
   */
  @Test
  void phantomValuesInEveryCondition_averageDoesNotConvergeToTheCount(TestReporter reporter) {
    double median =
        averagingError(
            reporter,
            "phantom-value averaging",
            i -> "",
            (district, gender) ->
                "district IN ('"
                    + district
                    + "', 'phantom-%d') AND gender IN ('"
                    + gender
                    + "', 'phantom-%d')");

    assertThat(median).isGreaterThan(0.5);
  }

  /**
   * The noisy low-count filter sees no spelling: a phantom value changes only the conditions' text
   * layer, which the filter leaves out, so no spelling releases a group near k that another
   * suppresses (or, over many spellings, shows how near k it is).
   */
  @Test
  void phantomSpellings_neverChangeWhichGroupsAreReleased() {
    java.util.Map<String, Long> byCell =
        GroundTruth.RESIDENTS.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r -> r.district() + r.gender() + r.age() / 10,
                    java.util.stream.Collectors.counting()));
    assertThat(
            byCell.values().stream().filter(n -> n >= AttackFixture.K && n < AttackFixture.K + 5))
        .as("groups near k, where the filter's noise decides")
        .hasSizeGreaterThanOrEqualTo(3);
    java.util.Set<Object> first = null;
    for (int i = 0; i < rewrites; i++) {
      java.util.Set<Object> released = new java.util.HashSet<>();
      vault
          .run(
              "SELECT district, gender, bucket(age, 10) AS decade, COUNT(*) AS n FROM residents"
                  + " WHERE gender IN ('男', '女', 'phantom-"
                  + i
                  + "') GROUP BY district, gender, bucket(age, 10)")
          .rows()
          .forEach(row -> released.add(row.subList(0, 3)));
      if (first == null) {
        first = released;
      }
      assertThat(released).as("spelling %d", i).isEqualTo(first);
    }
  }

  /** Asks every (district, gender) count {@link #rewrites} ways; the median |average − truth|. */
  private double averagingError(
      TestReporter reporter,
      String attack,
      IntFunction<String> extra,
      java.util.function.BiFunction<String, String, String> group) {
    List<Double> errors = new ArrayList<>();
    for (String district : ResidentRows.DISTRICTS) {
      for (String gender : List.of("男", "女")) {
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < rewrites; i++) {
          String condition = group.apply(district, gender).replace("%d", Integer.toString(i));
          total = total.add(GroundTruth.first(vault.run(COUNT + condition + extra.apply(i))));
        }
        long truth =
            GroundTruth.count(r -> r.district().equals(district) && r.gender().equals(gender));
        BigDecimal average = total.divide(BigDecimal.valueOf(rewrites), MathContext.DECIMAL64);
        errors.add(average.subtract(BigDecimal.valueOf(truth)).abs().doubleValue());
      }
    }
    GroundTruth.report(reporter, attack + " of " + rewrites, GroundTruth.summary(errors, 0.5));
    return GroundTruth.median(errors);
  }

  private Object first(String condition) {
    return vault.run(COUNT + condition).rows().get(0).get(0);
  }
}
