package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.policy.Problem;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores rows with a registered ONNX model and releases only protected aggregates of scores. */
class ModelScoringTest {

  private static final long SEED = 23;
  private static final int ROWS = 20_000;
  private static final String ROWS_QUERY = "SELECT customer_no, age, debt, has_loan FROM borrowers";
  private static final String BY_LOAN =
      "SELECT has_loan, AVG(score) AS s FROM scored GROUP BY has_loan";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;
  private List<String> csv;

  @BeforeEach
  void importBorrowersAndRegisterAModel() {
    testing = new TestingSandbox(dir);
    csv = Borrowers.csv(ROWS, SEED);
    var unused = testing.importCsv("borrowers", Borrowers.SCHEMA, csv);
    sandbox = new Sandbox(testing.vault());
    // score = 2·age + 10·debt + 1
    var unusedModel =
        new Models(testing.vault())
            .registerOnnx(
                testing.alice(),
                "risk",
                TestingOnnx.linear(List.of("age", "debt"), new double[] {2, 10}, 1),
                List.of("age", "debt"));
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private static String scoring(String output) {
    return "{task: score, model: risk, output: \"" + output + "\"}";
  }

  private Sandbox.Job score(String query, String output) {
    Element element =
        sandbox.submit(testing.dev(), Borrowers.spec("risk-by-loan", query, scoring(output)));
    Element approved =
        sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
    return sandbox.run(testing.dev(), approved.id(), false);
  }

  private List<Problem> problems(String query, String output) {
    Sandbox.CheckReport report =
        sandbox.check(testing.dev(), Borrowers.spec("refused", query, scoring(output)));
    assertThat(report.passes()).isFalse();
    return report.problems();
  }

  /** The exact average score per has_loan group, from the generated rows. */
  private Map<Boolean, Double> groundTruth() {
    Map<Boolean, double[]> sums = new HashMap<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",", -1);
      double score = 2 * Integer.parseInt(f[1]) + 10 * Double.parseDouble(f[2]) + 1;
      double[] sum = sums.computeIfAbsent(Boolean.parseBoolean(f[4]), b -> new double[2]);
      sum[0] += score;
      sum[1]++;
    }
    Map<Boolean, Double> averages = new HashMap<>();
    sums.forEach((group, sum) -> averages.put(group, sum[0] / sum[1]));
    return averages;
  }

  @Test
  void run_averageScorePerGroup_matchesGroundTruthWithinNoise() {
    Sandbox.Job job = score(ROWS_QUERY, BY_LOAN);

    Map<Boolean, Double> truth = groundTruth();
    assertThat(job.result().rows()).hasSize(2);
    for (List<@Nullable Object> row : job.result().rows()) {
      assertThat(((Number) row.get(1)).doubleValue())
          .isCloseTo(truth.get((Boolean) row.get(0)), within(1.0));
    }
  }

  @Test
  void submit_scoringElement_assessmentListsTheOutputColumns() {
    Element element =
        sandbox.submit(testing.dev(), Borrowers.spec("risk-by-loan", ROWS_QUERY, scoring(BY_LOAN)));

    assertThat(element.assessment().outputs())
        .containsExactly(new OutputColumn("has_loan", "BOOLEAN"), new OutputColumn("s", "DOUBLE"));
  }

  /** Per-person scores with the identifier are refused like a raw column. */
  @Test
  void check_perPersonScores_areRefused() {
    List<Problem> problems = problems(ROWS_QUERY, "SELECT customer_no, score FROM scored");

    assertThat(problems)
        .filteredOn(p -> p.subject().equals("model.output"))
        .extracting(Problem::rule)
        .containsExactly(
            "must aggregate: scores leave only as aggregates over at least k distinct subjects,"
                + " never per person");
    assertThat(problems).extracting(Problem::subject).anyMatch(s -> s.contains("customer_no"));
  }

  @Test
  void check_unregisteredModel_isRefused() {
    Sandbox.CheckReport report =
        sandbox.check(
            testing.dev(),
            Borrowers.spec(
                "refused",
                ROWS_QUERY,
                "{task: score, model: nosuch, output: \"" + BY_LOAN + "\"}"));

    assertThat(report.problems())
        .extracting(Problem::message)
        .containsExactly(
            "model.model names no model of this tenant, neither one trained inside the vault nor"
                + " a registered ONNX model; train it with a task: train element, or register an"
                + " ONNX model with model register");
  }

  @Test
  void check_queryWithoutTheSubject_isRefused() {
    List<Problem> problems = problems("SELECT age, debt, has_loan FROM borrowers", BY_LOAN);

    assertThat(problems)
        .extracting(Problem::rule)
        .containsExactly(
            "of a scoring element must select the subject column customer_no, so the release"
                + " counts each subject once");
  }

  @Test
  void check_computedColumnInTheQuery_isRefused() {
    List<Problem> problems =
        problems("SELECT customer_no, age, debt, income * 2 AS has_loan FROM borrowers", BY_LOAN);

    assertThat(problems)
        .extracting(Problem::rule)
        .contains(
            "of a scoring element must select bare columns under their own names, so each keeps"
                + " its classification in scored");
  }
}
