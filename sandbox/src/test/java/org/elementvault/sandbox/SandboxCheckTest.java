package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.elementvault.sandbox.SandboxSpecs.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.element.Assessment;
import org.elementvault.sandbox.element.ColumnUse;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementState;
import org.elementvault.sandbox.element.Use;
import org.elementvault.sandbox.policy.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks and submissions through the sandbox on a real vault with imported residents. */
class SandboxCheckTest {

  private static final String PHONE_CONSTANT = "13912345678";

  /** Raw ID output, a raw phone filter and a CORE column: three problems at once. */
  private static final String BAD_QUERY =
      "SELECT id_card, secret_score FROM residents WHERE phone = '" + PHONE_CONSTANT + "'";

  private static final String GOOD_QUERY =
      "SELECT district, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income"
          + " FROM residents GROUP BY district";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;
  private List<String> csv;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    csv = ResidentRows.csv(300, 11);
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, csv);
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private LogRecord last(String action) {
    List<LogRecord> records = testing.logRecords();
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i).action().equals(action)) {
        return records.get(i);
      }
    }
    throw new AssertionError("no " + action + " entry");
  }

  /** The one problem whose subject names {@code column}. */
  private static Problem problem(Sandbox.CheckReport report, String column) {
    List<Problem> found =
        report.problems().stream().filter(p -> p.subject().contains(column)).toList();
    assertThat(found).as("problems of " + column).hasSize(1);
    return found.get(0);
  }

  /** Every raw value of the imported rows, and the constant of the bad query. */
  private List<String> dataValues() {
    List<String> values = new ArrayList<>();
    values.addAll(SandboxSpecs.values(csv, SandboxSpecs.ID_CARD));
    values.addAll(SandboxSpecs.values(csv, SandboxSpecs.PHONE));
    values.add(PHONE_CONSTANT);
    return values;
  }

  @Test
  void check_badSpec_listsEveryProblemWithColumnUseRuleAndFix() {
    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("bad", BAD_QUERY, 10));

    assertThat(report.passes()).isFalse();
    assertThat(report.assessment()).isNull();
    assertThat(report.problems()).hasSize(3);
    assertThat(problem(report, "residents.id_card"))
        .satisfies(
            p -> {
              assertThat(p.use()).isEqualTo("output");
              assertThat(p.rule()).contains("raw");
              assertThat(p.fix()).contains("mask_id_card()");
            });
    assertThat(problem(report, "residents.phone"))
        .satisfies(
            p -> {
              assertThat(p.use()).isEqualTo("filter");
              assertThat(p.rule()).isNotBlank();
              assertThat(p.fix()).isNotBlank();
            });
    assertThat(problem(report, "residents.secret_score"))
        .satisfies(
            p -> {
              assertThat(p.use()).isEqualTo("output");
              assertThat(p.rule()).contains("CORE");
              assertThat(p.fix()).isNotBlank();
            });
  }

  @Test
  void check_badSpec_problemsNeverHoldADataValue() {
    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("bad", BAD_QUERY, 10));

    assertThat(report.problems())
        .extracting(Problem::message)
        .noneMatch(m -> m.contains(PHONE_CONSTANT));
  }

  @Test
  void check_badSpec_storesNothing() {
    var unused = sandbox.check(testing.dev(), spec("bad", BAD_QUERY, 10));

    assertThat(sandbox.list(testing.dev(), null)).isEmpty();
  }

  @Test
  void check_badSpec_logsARefusalWithoutTheQueryOrAnyDataValue() {
    var unused = sandbox.check(testing.dev(), spec("bad", BAD_QUERY, 10));

    LogRecord refusal = last("element.check");
    assertThat(refusal.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refusal.actor()).isEqualTo("dev");
    assertThat(refusal.tenant()).isEqualTo("acme");
    assertThat(refusal.target()).isEqualTo("bad");
    assertThat(refusal.details()).doesNotContain(BAD_QUERY).doesNotContain("SELECT");
    assertThat(SandboxSpecs.mentionsAny(testing.logRecords(), dataValues())).isFalse();
  }

  @Test
  void check_goodSpec_listsColumnsWithLevelsAndUsesRulesAndThreshold() {
    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("good", GOOD_QUERY, 12));

    assertThat(report.passes()).isTrue();
    Assessment assessment = report.assessment();
    assertThat(assessment).isNotNull();
    assertThat(assessment.aggregate()).isTrue();
    assertThat(assessment.threshold()).isEqualTo(12);
    assertThat(assessment.columns())
        .extracting(ColumnUse::dataset, ColumnUse::column, ColumnUse::level, ColumnUse::pii)
        .containsExactly(
            tuple("residents", "district", Level.GENERAL, PiiType.NONE),
            tuple("residents", "id_card", Level.SENSITIVE, PiiType.ID_CARD),
            tuple("residents", "income", Level.IMPORTANT, PiiType.NONE));
    assertThat(assessment.columns().get(0).uses()).contains(Use.GROUP);
    assertThat(assessment.columns().get(1).uses()).contains(Use.AGGREGATE);
    assertThat(assessment.columns().get(2).uses()).contains(Use.AGGREGATE);
    assertThat(assessment.rules())
        .contains("reads only the 3 columns listed (least privilege)")
        .anyMatch(r -> r.contains("at least 12 distinct subjects"))
        .anyMatch(r -> r.contains("residents.id_card") && r.contains("never filtered on"));
  }

  @Test
  void check_goodSpec_isLoggedOkAndStoresNothing() {
    var unused = sandbox.check(testing.dev(), spec("good", GOOD_QUERY, 10));

    LogRecord entry = last("element.check");
    assertThat(entry.outcome()).isEqualTo(Outcome.OK);
    assertThat(entry.details()).doesNotContain("SELECT");
    assertThat(sandbox.list(testing.dev(), null)).isEmpty();
  }

  // --- the tenant's threshold floor (default 10) ---

  @Test
  void check_thresholdBelowTenantFloor_listsItWithTheFix() {
    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("coarse", GOOD_QUERY, 5));

    assertThat(report.passes()).isFalse();
    assertThat(report.problems())
        .containsExactly(
            new Problem(
                "threshold",
                null,
                "5 is below tenant acme's minimum threshold 10",
                "raise threshold to at least 10"));
  }

  @Test
  void check_thresholdBelowTenantFloor_isLoggedRefusedWithBothNumbers() {
    var unused = sandbox.check(testing.dev(), spec("coarse", GOOD_QUERY, 5));

    LogRecord refusal = last("element.check");
    assertThat(refusal.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refusal.details())
        .isEqualTo(
            "threshold 5 is below tenant acme's minimum threshold 10; raise threshold to at least"
                + " 10");
  }

  @Test
  void check_thresholdBelowTenantFloorAndBadQuery_listsEveryProblemFloorFirst() {
    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("bad", BAD_QUERY, 5));

    assertThat(report.problems()).hasSize(4);
    assertThat(report.problems().get(0).message())
        .isEqualTo(
            "threshold 5 is below tenant acme's minimum threshold 10; raise threshold to at least"
                + " 10");
    assertThat(last("element.check").details())
        .isEqualTo(
            "threshold 5 is below tenant acme's minimum threshold 10; raise threshold to at least"
                + " 10 (and 3 more: run element check to see them all)");
  }

  @Test
  void check_thresholdBelowTenantFloorAndQueryNotSql_listsBoth() {
    Sandbox.CheckReport report =
        sandbox.check(testing.dev(), spec("delete", "DELETE FROM residents", 5));

    assertThat(report.problems())
        .extracting(Problem::subject)
        .containsExactly("threshold", "query");
  }

  @Test
  void check_thresholdExactlyAtRaisedFloor_passes() {
    testing.setMinThreshold(12);

    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("coarse", GOOD_QUERY, 12));

    assertThat(report.passes()).isTrue();
    assertThat(report.assessment()).isNotNull();
  }

  @Test
  void check_thresholdBelowRaisedFloor_isRefused() {
    testing.setMinThreshold(12);

    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec("coarse", GOOD_QUERY, 11));

    assertThat(report.problems())
        .extracting(Problem::message)
        .containsExactly(
            "threshold 11 is below tenant acme's minimum threshold 12; raise threshold to at least"
                + " 12");
  }

  @Test
  void submit_thresholdBelowTenantFloor_isRefused() {
    VaultException refused =
        catchThrowableOfType(
            VaultException.class,
            () -> sandbox.submit(testing.dev(), spec("coarse", GOOD_QUERY, 5)));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused)
        .hasMessage(
            "threshold 5 is below tenant acme's minimum threshold 10; raise threshold to at least"
                + " 10");
    assertThat(sandbox.list(testing.dev(), null)).isEmpty();
  }

  @Test
  void submit_thresholdExactlyAtRaisedFloor_isAccepted() {
    testing.setMinThreshold(12);

    Element element = sandbox.submit(testing.dev(), spec("coarse", GOOD_QUERY, 12));

    assertThat(element.state()).isEqualTo(ElementState.SUBMITTED);
    assertThat(element.assessment().threshold()).isEqualTo(12);
  }

  @Test
  void submit_refusedSpec_namesColumnAndRuleAndStoresNothing() {
    String query = "SELECT id_card, district FROM residents";

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.submit(testing.dev(), spec("raw-ids", query, 10)));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused.getMessage()).contains("residents.id_card").contains("mask_id_card()");
    assertThat(sandbox.list(testing.dev(), null)).isEmpty();
  }

  @Test
  void submit_refusedSpec_isLoggedRefusedWithoutTheQuery() {
    String query = "SELECT id_card, district FROM residents";

    var unused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.submit(testing.dev(), spec("raw-ids", query, 10)));

    LogRecord refusal = last("element.submit");
    assertThat(refusal.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refusal.target()).isEqualTo("raw-ids");
    assertThat(refusal.details()).contains("residents.id_card").doesNotContain("SELECT");
    assertThat(SandboxSpecs.mentionsAny(testing.logRecords(), dataValues())).isFalse();
  }

  @Test
  void submit_passingSpec_storesItSubmittedWithItsAssessment() {
    Assessment checked = sandbox.check(testing.dev(), spec("good", GOOD_QUERY, 10)).assessment();

    Element element = sandbox.submit(testing.dev(), spec("good", GOOD_QUERY, 10));

    assertThat(element.state()).isEqualTo(ElementState.SUBMITTED);
    assertThat(element.developer()).isEqualTo("dev");
    assertThat(element.tenant()).isEqualTo("acme");
    assertThat(element.assessment()).isEqualTo(checked);
    assertThat(element.spec().query().strip()).isEqualTo(GOOD_QUERY);
    assertThat(sandbox.show(testing.dev(), element.id())).isEqualTo(element);
    assertThat(sandbox.list(testing.dev(), null)).containsExactly(element);
    assertThat(last("element.submit").outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void submit_passingSpec_columnsCarryEveryUse() {
    Element element =
        sandbox.submit(
            testing.dev(),
            spec(
                "filtered",
                "SELECT district, COUNT(*) AS n FROM residents WHERE income > 50000"
                    + " GROUP BY district",
                10));

    assertThat(element.assessment().columns())
        .filteredOn(c -> c.column().equals("income"))
        .singleElement()
        .satisfies(c -> assertThat(c.uses()).isEqualTo(Set.of(Use.FILTER)));
  }
}
