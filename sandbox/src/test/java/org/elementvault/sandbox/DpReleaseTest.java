package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elements under {@code protection: dp} on a real vault: released numbers are near the truth on
 * large groups, fresh on every run, bounded per person, and small groups are not released.
 *
 * <p>{@code people} holds {@value #PEOPLE} persons: in regions {@code east} and {@code west}
 * (alternately) and five in {@code tiny}; in 100 groups {@code g00}…{@code g99} of 100 each (by
 * number); incomes 0 to 99,999. Person 0 (east, g00) has {@value #HEAVY_ROWS} rows of 90,000 each;
 * person 1 (east) alone is in cohort {@code b}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressForbidden // prints the seed and the measured errors
class DpReleaseTest {

  private static final int K = 10;
  private static final int PEOPLE = 10_000;
  private static final int HEAVY_ROWS = 40;
  private static final BigDecimal UPPER = new BigDecimal("100000");
  private static final long SEED = 20_240_601L;

  private static final String SCHEMA =
      """
      subject: person
      open_category: CONDITIONAL
      columns:
        - {name: person, type: BIGINT, level: SENSITIVE}
        - {name: region, type: STRING, level: GENERAL}
        - {name: grp, type: STRING, level: GENERAL}
        - {name: cohort, type: STRING, level: GENERAL}
        - {name: income, type: "DECIMAL(12,2)", level: IMPORTANT}
      """;

  private TestingSandbox testing;
  private Sandbox sandbox;
  private final Map<String, Long> subjectsByRegion = new HashMap<>();
  private final Map<String, BigDecimal> clampedIncomeByRegion = new HashMap<>();
  private final Map<String, Long> subjectsByGroup = new HashMap<>();
  private BigDecimal heavyExcess = BigDecimal.ZERO;
  private BigDecimal cohortB = BigDecimal.ZERO;
  private int elements;

  @BeforeAll
  void importPeople(@TempDir Path directory) throws NoSuchAlgorithmException {
    testing = new TestingSandbox(directory);
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(SEED);
    System.out.println("DpReleaseTest seed " + SEED);
    sandbox =
        new Sandbox(testing.vault(), new org.elementvault.sandbox.exec.CalciteExecutor(), random);
    java.util.SplittableRandom data = new java.util.SplittableRandom(SEED);
    List<String> csv = new ArrayList<>();
    csv.add("person,region,grp,cohort,income");
    for (int person = 0; person < PEOPLE; person++) {
      String region = person < 5 ? "tiny" : person % 2 == 0 ? "east" : "west";
      String group = String.format(java.util.Locale.ROOT, "g%02d", person % 100);
      String cohort = person == 1 ? "b" : "a";
      int rows = person == 0 ? HEAVY_ROWS : 1;
      BigDecimal income =
          person == 0
              ? new BigDecimal("90000.00")
              : BigDecimal.valueOf(data.nextLong(10_000_000), 2);
      for (int row = 0; row < rows; row++) {
        csv.add(person + "," + region + "," + group + "," + cohort + "," + income.toPlainString());
      }
      BigDecimal total = income.multiply(BigDecimal.valueOf(rows));
      subjectsByRegion.merge(region, 1L, Long::sum);
      subjectsByGroup.merge(group, 1L, Long::sum);
      clampedIncomeByRegion.merge(region, total.min(UPPER), BigDecimal::add);
      if (person == 0) {
        heavyExcess = total.subtract(total.min(UPPER));
      }
      if (person == 1) {
        cohortB = income;
      }
    }
    var unused = testing.importCsv("people", SCHEMA, csv);
    testing.setBudget("people", "100", 1);
  }

  @AfterAll
  void close() {
    testing.close();
  }

  private static final String INCOME_BOUNDS = "bounds: {income: [0, 100000]}\n";

  private static final String BY_REGION =
      "SELECT region, COUNT(*) AS n, SUM(income) AS s FROM people GROUP BY region";

  @Test
  void release_largeGroups_areWithinFiveExpectedErrorsOfTheTruth() {
    ElementResult result = run(BY_REGION, "3", INCOME_BOUNDS);

    double countSd = sd(result, "n");
    double sumSd = sd(result, "s");
    for (String region : List.of("east", "west")) {
      List<@Nullable Object> row = row(result, region);
      assertThat((double) (Long) row.get(1) - subjectsByRegion.get(region))
          .isBetween(-5 * countSd, 5 * countSd);
      assertThat(
              ((BigDecimal) row.get(2)).subtract(clampedIncomeByRegion.get(region)).doubleValue())
          .isBetween(-5 * sumSd, 5 * sumSd);
    }
  }

  @Test
  void rerun_sameElement_drawsFreshNoise() {
    Element element = approved(BY_REGION, "3", INCOME_BOUNDS);

    ElementResult first = sandbox.run(testing.dev(), element.id(), false).result();
    ElementResult second = sandbox.run(testing.dev(), element.id(), false).result();

    assertThat(second.rows()).isNotEqualTo(first.rows());
  }

  /**
   * Person 0 has 40 rows of 90,000: counted per row they would add 39 to east's count and 3.5
   * million to its sum. Combined and clamped, they count once and add at most 100,000.
   */
  @Test
  void heavyPerson_countsOnceAndIsClamped() {
    ElementResult result = run(BY_REGION, "3", INCOME_BOUNDS);

    List<@Nullable Object> east = row(result, "east");
    long count = (Long) east.get(1);
    BigDecimal sum = (BigDecimal) east.get(2);
    BigDecimal clamped = clampedIncomeByRegion.get("east");
    BigDecimal unclamped = clamped.add(heavyExcess);
    System.out.printf(
        java.util.Locale.ROOT,
        "heavy person: released sum %s, truth clamped %s, unclamped %s, SD %.0f%n",
        sum,
        clamped,
        unclamped,
        sd(result, "s"));
    assertThat(Math.abs(count - subjectsByRegion.get("east")))
        .isLessThan(Math.abs(count - (subjectsByRegion.get("east") + HEAVY_ROWS - 1)));
    assertThat(sum.subtract(clamped).abs()).isLessThan(sum.subtract(unclamped).abs());
  }

  @Test
  void partitionSelection_dropsTheGroupOfFive() {
    for (int i = 0; i < 5; i++) {
      ElementResult result = run(BY_REGION, "3", INCOME_BOUNDS);

      assertThat(result.rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrder("east", "west");
    }
  }

  /**
   * Differencing: east's income minus east's income without cohort b was exactly person 1's income.
   * Under dp the difference is off by noise of the order of the expected error.
   */
  @Test
  void differencing_twoElementsDifferingByOnePerson_missesByTheNoise() {
    String all =
        "SELECT region, SUM(income) AS s FROM people WHERE region = 'east' GROUP BY region";
    String allButOne =
        "SELECT region, SUM(income) AS s FROM people WHERE region = 'east' AND cohort = 'a'"
            + " GROUP BY region";
    List<Double> errors = new ArrayList<>();
    double sumSd = 0;
    for (int i = 0; i < 10; i++) {
      ElementResult a = run(all, "1", INCOME_BOUNDS);
      ElementResult b = run(allButOne, "1", INCOME_BOUNDS);
      sumSd = sd(a, "s");
      BigDecimal estimate =
          ((BigDecimal) a.rows().get(0).get(1)).subtract((BigDecimal) b.rows().get(0).get(1));
      errors.add(estimate.subtract(cohortB).abs().doubleValue());
    }

    errors.sort(null);
    System.out.printf(
        java.util.Locale.ROOT,
        "differencing: median error %.0f, SD of one release %.0f, person's income %s%n",
        errors.get(5),
        sumSd,
        cohortB);
    assertThat(errors.get(5)).isGreaterThan(0.2 * sumSd);
  }

  /** The released noise of a count is discrete Laplace of the computed scale (chi-square). */
  @Test
  void countNoise_fitsDiscreteLaplaceOfTheComputedScale() {
    String query = "SELECT grp, COUNT(*) AS n FROM people GROUP BY grp";
    List<Long> noise = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ElementResult result = run(query, "1", "");
      assertThat(result.rows()).hasSize(100);
      for (List<@Nullable Object> row : result.rows()) {
        noise.add((Long) row.get(1) - subjectsByGroup.get((String) row.get(0)));
      }
    }
    // ε = 1 in two shares (selection, count); sensitivity 1: scale 2.
    double q = Math.exp(-1.0 / 2);

    double p =
        org.elementvault.sandbox.protection.GoodnessOfFitAccess.pValue(
            noise.stream().mapToLong(Long::longValue).toArray(),
            x -> (1 - q) / (1 + q) * Math.pow(q, Math.abs(x)),
            30);

    System.out.println("count noise chi-square p-value " + p);
    assertThat(p).isGreaterThan(0.001);
  }

  @Test
  void check_dpElement_showsCostThresholdAndExpectedErrors() {
    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec(BY_REGION, "3", INCOME_BOUNDS));

    ReleaseProtection protection =
        java.util.Objects.requireNonNull(report.assessment()).protection();
    assertThat(protection.epsilon()).isEqualByComparingTo("3");
    assertThat(protection.delta()).isEqualByComparingTo("0.000001");
    // ε/3 = 1 per share: τ = 1 + ⌈ln(10^6)⌉ = 15, plus k - 1; count SD sqrt(2/e)/(1 - 1/e).
    assertThat(protection.releaseThreshold()).isEqualTo(java.math.BigInteger.valueOf(24));
    assertThat(protection.columns().get("n").noiseSd()).isEqualByComparingTo("1.36");
    assertThat(protection.columns().get("s").noiseSd()).isEqualByComparingTo("141000");
  }

  @Test
  void check_dpRefusals_nameTheRuleAndTheFix() {
    Sandbox.CheckReport variance =
        sandbox.check(
            testing.dev(),
            spec("SELECT region, VAR_POP(income) AS v FROM people GROUP BY region", "1", ""));
    Sandbox.CheckReport unbounded =
        sandbox.check(
            testing.dev(),
            spec("SELECT region, AVG(income) AS a FROM people GROUP BY region", "1", ""));
    Sandbox.CheckReport rows =
        sandbox.check(testing.dev(), spec("SELECT region, grp FROM people", "1", ""));

    assertThat(variance.problems())
        .map(org.elementvault.sandbox.policy.Problem::message)
        .containsExactly(
            "VAR_POP is not available under protection: dp, which bounds what one subject adds and"
                + " supports COUNT, COUNT(DISTINCT subject), SUM and AVG; use COUNT, SUM or AVG,"
                + " or protection: noise");
    assertThat(unbounded.problems())
        .map(org.elementvault.sandbox.policy.Problem::message)
        .containsExactly(
            "column income is summed under protection: dp without clamping bounds; declare"
                + " bounds: {income: [lower, upper]} in the spec");
    assertThat(rows.problems())
        .map(org.elementvault.sandbox.policy.Problem::message)
        .containsExactly(
            "protection: dp applies only to aggregate queries, and this query releases rows;"
                + " aggregate with GROUP BY and COUNT, SUM or AVG, or use protection: noise");
  }

  private ElementResult run(String query, String epsilon, String extra) {
    return sandbox.run(testing.dev(), approved(query, epsilon, extra).id(), false).result();
  }

  private byte[] spec(String query, String epsilon, String extra) {
    String yaml =
        "name: dp-"
            + ++elements
            + "\ntype: DATASET\nscenario: regional statistics\npurpose: credit risk pricing\n"
            + "datasets: [people]\nthreshold: "
            + K
            + "\nprotection: dp\nepsilon: "
            + epsilon
            + "\n"
            + extra
            + "query: |\n  "
            + query
            + "\n";
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  private Element approved(String query, String epsilon, String extra) {
    Element element = sandbox.submit(testing.dev(), spec(query, epsilon, extra));
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }

  private static List<@Nullable Object> row(ElementResult result, String key) {
    return result.rows().stream().filter(r -> key.equals(r.get(0))).findFirst().orElseThrow();
  }

  private static double sd(ElementResult result, String column) {
    ReleaseProtection.ColumnNoise noise = result.protection().columns().get(column);
    return java.util.Objects.requireNonNull(noise.noiseSd()).doubleValue();
  }
}
