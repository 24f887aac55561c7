package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/** Trains models inside the sandbox on a real vault with planted relationships. */
class ModelTrainingTest {

  private static final long SEED = 17;
  private static final int ROWS = 20_000;

  private static final String LINEAR =
      "{task: train, algorithm: linear_regression, target: income, features: [age, debt]}";
  private static final String INCOME_QUERY = "SELECT age, debt, income FROM borrowers";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;

  @BeforeEach
  void importBorrowers() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("borrowers", Borrowers.SCHEMA, Borrowers.csv(ROWS, SEED));
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private Sandbox.Job train(String name, String query, String model) {
    return train(name, query, model, "borrowers");
  }

  private Sandbox.Job train(String name, String query, String model, String dataset) {
    Element element = sandbox.submit(testing.dev(), Borrowers.spec(name, query, model, dataset));
    Element approved =
        sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
    return sandbox.run(testing.dev(), approved.id(), false);
  }

  private static Map<String, Double> released(Sandbox.Job job) {
    Map<String, Double> values = new HashMap<>();
    for (List<@Nullable Object> row : job.result().rows()) {
      values.put((String) row.get(0), (Double) row.get(1));
    }
    return values;
  }

  private String refusal(String query, String model) {
    Sandbox.CheckReport report =
        sandbox.check(testing.dev(), Borrowers.spec("refused", query, model));
    assertThat(report.passes()).isFalse();
    return report.problems().get(0).message();
  }

  @Test
  void linearRegression_plantedRelationship_coefficientsRecovered() {
    Map<String, Double> fit = released(train("income-model", INCOME_QUERY, LINEAR));

    assertThat(fit.get("age")).isCloseTo(Borrowers.PER_YEAR, within(30.0));
    assertThat(fit.get("debt")).isCloseTo(Borrowers.PER_DEBT, within(200.0));
    assertThat(fit.get("(intercept)")).isCloseTo(Borrowers.INTERCEPT, within(1_500.0));
    assertThat(fit.get("(r2)")).isBetween(0.85, 0.95);
  }

  @Test
  void linearRegression_result_isOneRowPerTermThenMetrics() {
    Sandbox.Job job = train("income-model", INCOME_QUERY, LINEAR);

    assertThat(job.result().columns())
        .extracting(c -> c.name())
        .containsExactly("feature", "coefficient");
    assertThat(job.result().rows())
        .extracting(r -> r.get(0))
        .containsExactly("(intercept)", "age", "debt", "(r2)");
  }

  @Test
  void submit_modelElement_assessmentListsTheReleasedColumnsNotTheTrainingRows() {
    Element element =
        sandbox.submit(testing.dev(), Borrowers.spec("income-model", INCOME_QUERY, LINEAR));

    assertThat(element.assessment().outputs())
        .containsExactly(
            new OutputColumn("feature", "VARCHAR"), new OutputColumn("coefficient", "DOUBLE"));
  }

  @Test
  void training_runTwice_releasesTheSameNumbers() {
    Sandbox.Job first = train("income-model", INCOME_QUERY, LINEAR);

    Sandbox.Job second = sandbox.run(testing.dev(), first.element().id(), false);

    assertThat(second.result().rows()).isEqualTo(first.result().rows());
  }

  @Test
  void logisticRegression_plantedEffects_directionsRecovered() {
    Map<String, Double> fit =
        released(
            train(
                "loan-model",
                "SELECT age, debt, has_loan FROM borrowers",
                "{task: train, algorithm: logistic_regression, target: has_loan,"
                    + " features: [age, debt]}"));

    assertThat(fit.get("age")).isCloseTo(0.04, within(0.01));
    assertThat(fit.get("debt")).isCloseTo(0.5, within(0.1));
    assertThat(fit.get("(auc)")).isBetween(0.6, 1.0);
    assertThat(fit.get("(accuracy)")).isBetween(0.5, 1.0);
    assertThat(fit.get("(log_loss)")).isBetween(0.3, 0.7);
  }

  @Test
  void check_minSubjectsBelowFloor_isRefusedWithRuleAndFix() {
    String message =
        refusal(
            INCOME_QUERY,
            "{task: train, algorithm: linear_regression, target: income, features: [age, debt],"
                + " min_subjects: 500}");

    assertThat(message)
        .isEqualTo(
            "model.min_subjects is 500, below the vault's floor of 1000 for 2 features (at least"
                + " 1000 distinct subjects and 50 per feature); raise min_subjects to at least"
                + " 1000");
  }

  @Test
  void check_subjectColumnAsFeature_isRefused() {
    String message =
        refusal(
            "SELECT customer_no, debt, income FROM borrowers",
            "{task: train, algorithm: linear_regression, target: income,"
                + " features: [customer_no, debt]}");

    assertThat(message)
        .isEqualTo(
            "column borrowers.customer_no (SENSITIVE) may not be a model feature or target: it"
                + " identifies the subject; remove it; use GENERAL or IMPORTANT columns");
  }

  @Test
  void check_sensitiveColumnAsFeature_isRefused() {
    String message =
        refusal(
            "SELECT credit_score, debt, income FROM borrowers",
            "{task: train, algorithm: linear_regression, target: income,"
                + " features: [credit_score, debt]}");

    assertThat(message)
        .isEqualTo(
            "column borrowers.credit_score (SENSITIVE) may not be a model feature or target:"
                + " identifiers and SENSITIVE data stay out of models; remove it; use GENERAL or"
                + " IMPORTANT columns");
  }

  @Test
  void check_gradientBoosting_isRefusedNamingTheRule() {
    String message =
        refusal(
            INCOME_QUERY,
            "{task: train, algorithm: gradient_boosting, target: income, features: [age, debt]}");

    assertThat(message)
        .isEqualTo(
            "model.algorithm is gradient_boosting, which this vault does not train: Tribuo's"
                + " gradient boosting is XGBoost, native code that would run on decrypted rows"
                + " outside the job's limits and bounds its leaves by Hessian weight, not by k"
                + " distinct subjects; use decision_tree, linear_regression or"
                + " logistic_regression");
  }

  @Test
  void check_aggregateTrainingQuery_isRefused() {
    String message =
        refusal(
            "SELECT age, AVG(debt) AS debt, AVG(income) AS income FROM borrowers GROUP BY age",
            LINEAR);

    assertThat(message)
        .isEqualTo(
            "query of a model element must select rows, one per subject, not groups; remove"
                + " GROUP BY and aggregates");
  }

  @Test
  void run_filterLeavesAHandfulOfSubjects_isRefused() {
    Element element =
        sandbox.submit(
            testing.dev(),
            Borrowers.spec(
                "handful",
                INCOME_QUERY + " WHERE age = 20",
                "{task: train, algorithm: linear_regression, target: income, features: [age,"
                    + " debt], min_subjects: 5000}"));
    Element approved = sandbox.review(testing.vault().admin(), element.id(), true, "ok");

    assertThatThrownBy(() -> sandbox.run(testing.dev(), approved.id(), false))
        .isInstanceOf(VaultException.class)
        .hasMessage(ModelMessages.TOO_FEW_SUBJECTS)
        .satisfies(
            e -> assertThat(((VaultException) e).code()).isEqualTo(ErrorCode.POLICY_REFUSED));
  }

  @Test
  void run_trainedModel_isRegisteredSealedUnderTheTenantKey() {
    Sandbox.Job job = train("income-model", INCOME_QUERY, LINEAR);
    Models models = new Models(testing.vault());

    StoredModel stored = models.find(testing.dev(), "income-model");
    var tenant = testing.vault().tenants().show(testing.vault().admin(), "acme");
    byte[] opened =
        testing.vault().tenantSealer().open(tenant, "model", stored.number(), stored.sealedModel());

    assertThat(job.model()).extracting(ModelInfo::id).isEqualTo("m1");
    assertThat(new String(opened, 2, 14, StandardCharsets.UTF_8)).isEqualTo(ModelBlob.FORMAT);
    // The plaintext's format tag and last coefficient (the intercept) appear nowhere in the sealed.
    assertThat(new String(stored.sealedModel(), StandardCharsets.ISO_8859_1))
        .doesNotContain(ModelBlob.FORMAT)
        .doesNotContain(
            new String(
                Arrays.copyOfRange(opened, opened.length - Double.BYTES, opened.length),
                StandardCharsets.ISO_8859_1));
    assertThatThrownBy(
            () ->
                testing
                    .vault()
                    .tenantSealer()
                    .open(tenant, "model", stored.number() + 1, stored.sealedModel()))
        .isInstanceOf(VaultException.class)
        .hasMessage("sealed model 2 fails its integrity check");
  }

  @Test
  void show_registeredModel_hasReleasedNumbersAndLineageOnly() {
    Sandbox.Job job = train("income-model", INCOME_QUERY, LINEAR);

    ModelInfo info = sandbox.model(testing.vault().admin(), "m1");

    assertThat(info.name()).isEqualTo("income-model");
    assertThat(info.released())
        .extracting(ModelInfo.ReleasedValue::value)
        .containsExactlyElementsOf(
            job.result().rows().stream().map(r -> (Double) r.get(1)).toList());
    assertThat(info.lineage().element()).isEqualTo(job.element().id());
    assertThat(info.lineage().job()).isEqualTo(job.jobId());
    assertThat(info.lineage().resultHash()).isEqualTo(job.release().hash());
    assertThat(info.lineage().datasets()).containsExactly("borrowers@1");
  }

  /**
   * Attack: two trainings that differ by one extreme person (an income of a billion at age 99)
   * would give that person's value away through the difference of their slopes; flattening pulls
   * the person in to the bulk, so the slopes differ by far less than the noise could hide.
   */
  @Test
  void training_withAndWithoutAnExtremePerson_slopesBarelyDiffer() {
    List<String> csv = new java.util.ArrayList<>(Borrowers.csv(5_000, SEED + 1));
    csv.add("999999,99,1.00,1000000000.00,true,500,1");
    var unused = testing.importCsv("outliers", Borrowers.SCHEMA, csv);
    String model =
        "{task: train, algorithm: linear_regression, target: income, features: [age, debt]}";

    double with =
        released(train("with", "SELECT age, debt, income FROM outliers", model, "outliers"))
            .get("age");
    double without =
        released(
                train(
                    "without",
                    "SELECT age, debt, income FROM outliers WHERE age < 90",
                    model,
                    "outliers"))
            .get("age");

    assertThat(Math.abs(with - without)).isLessThan(50.0);
  }

  @Test
  void check_datasetWithSeveralRowsPerSubject_isRefused() {
    List<String> csv = new java.util.ArrayList<>(Borrowers.csv(2_000, SEED));
    csv.add(csv.get(1));
    var unused = testing.importCsv("repeated", Borrowers.SCHEMA, csv);

    Sandbox.CheckReport report =
        sandbox.check(
            testing.dev(),
            Borrowers.spec(
                "repeated-model", "SELECT age, debt, income FROM repeated", LINEAR, "repeated"));

    assertThat(report.problems())
        .extracting(p -> p.message())
        .containsExactly(
            "dataset repeated does not hold one row per subject (or its import could not tell): a"
                + " model is trained on one row per subject, so no person weighs more than"
                + " another; import a dataset with one row per subject");
  }

  @Test
  void check_outputThatIsNeitherFeatureNorTarget_isRefused() {
    String message = refusal("SELECT age, debt, has_loan, income FROM borrowers", LINEAR);

    assertThat(message)
        .isEqualTo(
            "output column has_loan is neither a feature nor the target of the model; remove it"
                + " from the SELECT list (least privilege)");
  }

  @Test
  void run_onSampleData_releasesTheTableAndRegistersNothing() {
    Element element =
        sandbox.submit(testing.dev(), Borrowers.spec("income-model", INCOME_QUERY, LINEAR));

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), true);

    assertThat(job.result().rows())
        .extracting(r -> r.get(0))
        .containsExactly("(intercept)", "age", "debt", "(r2)");
    assertThat(job.model()).isNull();
    assertThat(sandbox.models(testing.dev())).isEmpty();
  }

  /** Isolation: another tenant's developer cannot learn that a model exists. */
  @Test
  void show_anotherTenantsModel_isNotFound() {
    var admin = testing.vault().admin();
    Sandbox.Job job = train("income-model", INCOME_QUERY, LINEAR);
    var unused = testing.vault().tenants().apply(admin, "rival", "ops", null);
    unused = testing.vault().tenants().review(admin, "rival", true, "ok");
    var rival =
        testing
            .vault()
            .addUser(admin, "rival-dev", org.elementvault.engine.auth.Role.DEVELOPER, "rival", null)
            .principal();

    assertThat(sandbox.models(rival)).isEmpty();
    assertThatThrownBy(() -> sandbox.model(rival, Objects.requireNonNull(job.model()).id()))
        .isInstanceOf(VaultException.class)
        .hasMessage("model m1 not found")
        .satisfies(e -> assertThat(((VaultException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
  }
}
