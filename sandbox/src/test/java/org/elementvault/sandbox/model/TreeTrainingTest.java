package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.OutputColumn;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains decision trees inside the sandbox on a real vault with the borrowers' planted
 * relationships, where age moves income more than three times as much as debt does.
 */
class TreeTrainingTest {

  private static final long SEED = 17;
  private static final int ROWS = 20_000;

  private static final String TREE =
      "{task: train, algorithm: decision_tree, target: income, features: [age, debt]}";
  private static final String INCOME_QUERY = "SELECT age, debt, income FROM borrowers";

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

  private Element approved(byte[] spec) {
    Element element = sandbox.submit(testing.dev(), spec);
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }

  private Sandbox.Job train(String query, String model) {
    return sandbox.run(
        testing.dev(), approved(Borrowers.spec("tree-model", query, model)).id(), false);
  }

  private static List<List<@Nullable Object>> leaves(Sandbox.Job job) {
    return job.result().rows().stream().filter(r -> r.get(2) != null).toList();
  }

  private static double value(Sandbox.Job job, String term) {
    return job.result().rows().stream()
        .filter(r -> term.equals(r.get(0)))
        .map(r -> (Double) Objects.requireNonNull(r.get(1)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void decisionTree_result_isLeavesThenImportancesThenMetrics() {
    Sandbox.Job job = train(INCOME_QUERY, TREE);

    assertThat(job.result().columns())
        .extracting(c -> c.name())
        .containsExactly("term", "value", "subjects");
    List<Object> terms = job.result().rows().stream().map(r -> r.get(0)).toList();
    assertThat(terms.subList(terms.size() - 3, terms.size()))
        .containsExactly("(importance) age", "(importance) debt", "(r2)");
    assertThat(leaves(job)).hasSize(terms.size() - 3);
  }

  @Test
  void decisionTree_plantedRelationship_splitsOnAgeFirst() {
    Sandbox.Job job = train(INCOME_QUERY, TREE);

    assertThat(leaves(job)).hasSizeGreaterThan(1);
    assertThat(leaves(job)).allSatisfy(leaf -> assertThat((String) leaf.get(0)).startsWith("age "));
  }

  @Test
  void decisionTree_plantedRelationship_ranksAgeFirstAndFits() {
    Sandbox.Job job = train(INCOME_QUERY, TREE);

    assertThat(value(job, "(importance) age")).isGreaterThan(value(job, "(importance) debt"));
    assertThat(value(job, "(importance) age")).isGreaterThan(0.7);
    assertThat(value(job, "(r2)")).isBetween(0.75, 0.95);
  }

  @Test
  void decisionTree_everyLeaf_holdsFarMoreThanKSubjects() {
    Sandbox.Job job = train(INCOME_QUERY, TREE);

    // At least 2k and one training row in a hundred (16,000 training rows): 160 subjects.
    assertThat(leaves(job))
        .allSatisfy(leaf -> assertThat((Long) leaf.get(2)).isGreaterThanOrEqualTo(150L));
  }

  @Test
  void decisionTree_releasedLeaves_differFromTheirExactMeansByNoiseAndSamplingOnly() {
    Sandbox.Job job = train(INCOME_QUERY, TREE);

    for (List<@Nullable Object> leaf : leaves(job)) {
      List<Double> incomes = incomesOnPath((String) Objects.requireNonNull(leaf.get(0)));
      double mean = incomes.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double sd =
          Math.sqrt(
              incomes.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / incomes.size());
      // The leaf's training rows are about four in five of the rows on its path.
      double standardError = sd / Math.sqrt(incomes.size());
      assertThat((Double) leaf.get(1))
          .as("leaf %s", leaf.get(0))
          .isCloseTo(mean, within(6 * standardError + 500));
      double trainingShare = 0.8 * incomes.size();
      assertThat(((Long) Objects.requireNonNull(leaf.get(2))).doubleValue())
          .as("leaf %s", leaf.get(0))
          .isCloseTo(trainingShare, within(6 * Math.sqrt(0.16 * incomes.size()) + 5));
    }
  }

  @Test
  void decisionTree_runTwice_releasesTheSameTable() {
    Sandbox.Job first = train(INCOME_QUERY, TREE);

    Sandbox.Job second = sandbox.run(testing.dev(), first.element().id(), false);

    assertThat(second.result().rows()).isEqualTo(first.result().rows());
  }

  @Test
  void decisionTree_booleanTarget_releasesSharesAndClassificationMetrics() {
    Sandbox.Job job =
        train(
            "SELECT age, debt, has_loan FROM borrowers",
            "{task: train, algorithm: decision_tree, target: has_loan, features: [age, debt]}");

    assertThat(leaves(job))
        .allSatisfy(leaf -> assertThat((Double) leaf.get(1)).isBetween(0.0, 1.0));
    assertThat(value(job, "(auc)")).isBetween(0.6, 1.0);
    assertThat(value(job, "(accuracy)")).isBetween(0.5, 1.0);
  }

  @Test
  void show_trainedTree_hasItsLeavesWithTheirSubjects() {
    Sandbox.Job job = train(INCOME_QUERY, TREE);

    ModelInfo info = new Models(testing.vault()).show(testing.dev(), "tree-model");

    assertThat(info.released())
        .extracting(ModelInfo.ReleasedValue::subjects)
        .containsExactlyElementsOf(job.result().rows().stream().map(r -> (Long) r.get(2)).toList());
  }

  /** A threshold above the training rows: not even one leaf may hold k subjects. */
  @Test
  void run_leavesBelowTheThreshold_isRefusedAndReleasesNothing() {
    String spec =
        new String(Borrowers.spec("tree-model", INCOME_QUERY, TREE), StandardCharsets.UTF_8)
            + "threshold: 20000\n";
    Element approved = approved(spec.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> sandbox.run(testing.dev(), approved.id(), false))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "model training refused: a leaf of the decision tree holds fewer distinct subjects"
                + " than the element's threshold k")
        .satisfies(
            e -> assertThat(((VaultException) e).code()).isEqualTo(ErrorCode.POLICY_REFUSED));
  }

  @Test
  void submit_decisionTree_assessmentListsTheTreeTableAndTheLeafRule() {
    Element element =
        sandbox.submit(testing.dev(), Borrowers.spec("tree-model", INCOME_QUERY, TREE));

    assertThat(element.assessment().outputs())
        .containsExactly(
            new OutputColumn("term", "VARCHAR"),
            new OutputColumn("value", "DOUBLE"),
            new OutputColumn("subjects", "BIGINT"));
    assertThat(element.assessment().rules())
        .anySatisfy(
            rule ->
                assertThat(rule)
                    .contains("only if every leaf passes the noisy low-count filter at k = 10"));
  }

  @Test
  void check_decisionTreeOnAText_isRefusedNamingTheTarget() {
    Sandbox.CheckReport report =
        sandbox.check(
            testing.dev(),
            Borrowers.spec(
                "tree-model",
                "SELECT age, debt, CAST(age AS VARCHAR(3)) AS label FROM borrowers",
                "{task: train, algorithm: decision_tree, target: label, features: [age, debt]}"));

    assertThat(report.problems())
        .extracting(p -> p.message())
        .contains(
            "model target label must be a number or a boolean for decision_tree; select a target"
                + " of that type");
  }

  /** The incomes of the rows a released path selects, read from the imported CSV. */
  private List<Double> incomesOnPath(String path) {
    List<Double> incomes = new ArrayList<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] fields = line.split(",");
      double age = Double.parseDouble(fields[1]);
      double debt = Double.parseDouble(fields[2]);
      boolean on = true;
      for (String condition : path.split(" AND ")) {
        String[] parts = condition.split(" ");
        double value = parts[0].equals("age") ? age : debt;
        double edge = Double.parseDouble(parts[2]);
        on &= parts[1].equals("<") ? value < edge : value >= edge;
      }
      if (on) {
        incomes.add(Double.parseDouble(fields[3]));
      }
    }
    return incomes;
  }
}
