package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.policy.Problem;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores rows with models trained inside the vault on the borrowers' planted relationships, and
 * releases only protected aggregates of the scores. The ground truth applies the sealed parameters,
 * read in the documented layout of {@link ModelBlob}, to the generated rows outside the sandbox.
 */
class TrainedModelScoringTest {

  private static final long SEED = 29;
  private static final int ROWS = 20_000;
  private static final String ROWS_QUERY = "SELECT customer_no, age, debt, has_loan FROM borrowers";
  private static final String BY_LOAN =
      "SELECT has_loan, AVG(score) AS s FROM scored GROUP BY has_loan";
  private static final String LOGISTIC =
      "{task: train, algorithm: logistic_regression, target: has_loan, features: [age, debt]}";
  private static final String TREE =
      "{task: train, algorithm: decision_tree, target: income, features: [age, debt]}";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;
  private List<String> csv;

  @BeforeEach
  void importBorrowers() {
    testing = new TestingSandbox(dir);
    csv = Borrowers.csv(ROWS, SEED);
    var unused = testing.importCsv("borrowers", Borrowers.SCHEMA, csv);
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private Sandbox.Job run(byte[] spec) {
    Element element = sandbox.submit(testing.dev(), spec);
    Element approved =
        sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
    return sandbox.run(testing.dev(), approved.id(), false);
  }

  private void train(String name, String query, String model) {
    var unused = run(Borrowers.spec(name, query, model));
  }

  private static String scoring(String model, String output) {
    return "{task: score, model: " + model + ", output: \"" + output + "\"}";
  }

  /** The sealed parameters of {@code model}, read in {@link ModelBlob}'s documented layout. */
  private double[] sealedParameters(String model) throws IOException {
    StoredModel stored = new Models(testing.vault()).find(testing.dev(), model);
    var tenant = testing.vault().tenants().show(testing.vault().admin(), "acme");
    byte[] bytes =
        testing.vault().tenantSealer().open(tenant, "model", stored.number(), stored.sealedModel());
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      assertThat(in.readUTF()).isEqualTo(ModelBlob.FORMAT);
      var algorithm = in.readUTF();
      assertThat(algorithm).isEqualTo(stored.info().algorithm().specName());
      double[] parameters = new double[in.readInt()];
      for (int i = 0; i < parameters.length; i++) {
        parameters[i] = in.readDouble();
      }
      return parameters;
    }
  }

  /** The exact average of {@code score} (of age and debt) per has_loan group of the rows. */
  private Map<Boolean, Double> averagePerLoanGroup(ToDoubleFunction<double[]> score) {
    Map<Boolean, double[]> sums = new HashMap<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",", -1);
      double[] row = {Integer.parseInt(f[1]), Double.parseDouble(f[2])};
      double[] sum = sums.computeIfAbsent(Boolean.parseBoolean(f[4]), b -> new double[2]);
      sum[0] += score.applyAsDouble(row);
      sum[1]++;
    }
    Map<Boolean, Double> averages = new HashMap<>();
    sums.forEach((group, sum) -> averages.put(group, sum[0] / sum[1]));
    return averages;
  }

  /** The value of the leaf {@code row} reaches, walking the pre-order nodes of a sealed tree. */
  private static double leafValue(double[] nodes, double[] row) {
    int at = 0;
    while (nodes[at] != -1) {
      boolean below = row[(int) nodes[at]] < nodes[at + 1];
      at = below ? at + 2 : skip(nodes, at + 2);
    }
    return nodes[at + 1];
  }

  /** The position after the subtree that starts at {@code at}. */
  private static int skip(double[] nodes, int at) {
    return nodes[at] == -1 ? at + 2 : skip(nodes, skip(nodes, at + 2));
  }

  private static Map<Boolean, Double> released(Sandbox.Job job) {
    Map<Boolean, Double> values = new HashMap<>();
    for (List<@Nullable Object> row : job.result().rows()) {
      values.put((Boolean) row.get(0), ((Number) row.get(1)).doubleValue());
    }
    return values;
  }

  @Test
  void run_logisticRegressionTrainedInside_averageProbabilityPerGroupMatchesTheSealedModel()
      throws IOException {
    train("loan-model", "SELECT age, debt, has_loan FROM borrowers", LOGISTIC);

    Sandbox.Job job = run(Borrowers.spec("loan-risk", ROWS_QUERY, scoring("loan-model", BY_LOAN)));

    double[] c = sealedParameters("loan-model");
    Map<Boolean, Double> truth =
        averagePerLoanGroup(x -> 1 / (1 + Math.exp(-(c[2] + c[0] * x[0] + c[1] * x[1]))));
    assertThat(released(job)).hasSize(2);
    released(job).forEach((group, s) -> assertThat(s).isCloseTo(truth.get(group), within(0.01)));
    // The planted effects raise the risk of those who have a loan.
    assertThat(released(job).get(true)).isGreaterThan(released(job).get(false) + 0.05);
  }

  @Test
  void run_decisionTreeTrainedInside_averageLeafValuePerGroupMatchesTheSealedTree()
      throws IOException {
    train("income-tree", "SELECT age, debt, income FROM borrowers", TREE);

    Sandbox.Job job =
        run(Borrowers.spec("income-by-loan", ROWS_QUERY, scoring("income-tree", BY_LOAN)));

    double[] nodes = sealedParameters("income-tree");
    Map<Boolean, Double> truth = averagePerLoanGroup(x -> leafValue(nodes, x));
    assertThat(released(job)).hasSize(2);
    released(job).forEach((group, s) -> assertThat(s).isCloseTo(truth.get(group), within(300.0)));
  }

  /** Checks a scoring element of a logistic model trained on age and debt. */
  private Sandbox.CheckReport checkScoring(String rowsQuery, String output) {
    train("loan-model", "SELECT age, debt, has_loan FROM borrowers", LOGISTIC);
    return sandbox.check(
        testing.dev(), Borrowers.spec("loan-risk", rowsQuery, scoring("loan-model", output)));
  }

  @Test
  void check_featureMissingFromTheQuery_isRefusedNamingIt() {
    Sandbox.CheckReport report =
        checkScoring("SELECT customer_no, age, has_loan FROM borrowers", BY_LOAN);

    assertThat(report.problems())
        .extracting(Problem::subject, Problem::rule)
        .containsExactly(tuple("model feature debt", "is not an output column of the query"));
  }

  /** Attack: singling out one person's score by a filter on the subject is refused. */
  @Test
  void check_averageScoreOfOneSubject_isRefused() {
    Sandbox.CheckReport report =
        checkScoring(ROWS_QUERY, "SELECT AVG(score) AS s FROM scored WHERE customer_no = 100007");

    assertThat(report.problems())
        .extracting(Problem::message)
        .containsExactly(
            "column scored.customer_no (SENSITIVE) may not be filtered on: it is the subject"
                + " column; remove the condition");
  }

  /** Per-person scores of a trained model are refused as an ONNX model's are. */
  @Test
  void check_perPersonScores_areRefused() {
    Sandbox.CheckReport report = checkScoring(ROWS_QUERY, "SELECT customer_no, score FROM scored");

    assertThat(report.problems())
        .filteredOn(p -> p.subject().equals("model.output"))
        .extracting(Problem::rule)
        .containsExactly(
            "must aggregate: scores leave only as aggregates over at least k distinct subjects,"
                + " never per person");
  }
}
