package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.sandbox.element.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code protection: dp} run pays its ε from the dataset's budget before it reads data: a run
 * that would overspend is refused and reads nothing, a failed run is refunded, and sample runs on
 * synthetic data cost nothing.
 */
class DpBudgetTest {

  private static final String SCHEMA =
      """
      subject: person
      open_category: CONDITIONAL
      columns:
        - {name: person, type: BIGINT, level: SENSITIVE}
        - {name: region, type: STRING, level: GENERAL}
      """;

  private TestingSandbox testing;
  private Sandbox sandbox;

  @BeforeEach
  void importPeople(@TempDir Path directory) {
    testing = new TestingSandbox(directory);
    sandbox = new Sandbox(testing.vault());
    List<String> csv = new ArrayList<>();
    csv.add("person,region");
    for (int person = 0; person < 400; person++) {
      csv.add(person + "," + (person % 2 == 0 ? "east" : "west"));
    }
    var unused = testing.importCsv("people", SCHEMA, csv);
  }

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void run_withinBudget_chargesItsEpsilon() {
    testing.setBudget("people", "1", 30);

    var unused = sandbox.run(testing.dev(), approved("0.25").id(), false);

    assertThat(testing.budgetLeft("people")).isEqualByComparingTo("0.75");
  }

  @Test
  void run_beyondBudget_isRefusedAndReadsNothing() {
    testing.setBudget("people", "0.5", 30);
    Element element = approved("0.3");
    var unused = sandbox.run(testing.dev(), element.id(), false);
    int releases = releases();

    VaultException refused =
        catchThrowableOfType(
            () -> sandbox.run(testing.dev(), element.id(), false), VaultException.class);

    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused.getMessage())
        .isEqualTo(
            "dataset people: ε 0.3 exceeds what is left of its budget (0.2 of 0.5 per 30 days)");
    assertThat(releases()).isEqualTo(releases);
    assertThat(testing.budgetLeft("people")).isEqualByComparingTo("0.2");
  }

  @Test
  void run_withoutBudget_isRefused() {
    VaultException refused =
        catchThrowableOfType(
            () -> sandbox.run(testing.dev(), approved("0.1").id(), false), VaultException.class);

    assertThat(refused.getMessage()).contains("dataset people has no ε budget");
  }

  @Test
  void run_thatFails_isRefunded() {
    testing.setBudget("people", "1", 30);
    Quotas quotas = testing.vault().tenants().show(testing.vault().admin(), "acme").quotas();
    var unused =
        testing
            .vault()
            .tenants()
            .setQuotas(
                testing.vault().admin(),
                "acme",
                new Quotas(quotas.storageBytes(), quotas.maxJobs(), 10, quotas.minThreshold()));

    VaultException failed =
        catchThrowableOfType(
            () -> sandbox.run(testing.dev(), approved("0.25").id(), false), VaultException.class);

    assertThat(failed.code()).isEqualTo(ErrorCode.RESOURCE_LIMIT);
    assertThat(testing.budgetLeft("people")).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(testing.logRecords())
        .extracting(LogRecord::action)
        .containsSubsequence("budget.charge", "budget.refund");
  }

  @Test
  void sampleRun_costsNothing() {
    testing.setBudget("people", "1", 30);

    var unused = sandbox.run(testing.dev(), approved("0.5").id(), true);

    assertThat(testing.budgetLeft("people")).isEqualByComparingTo(BigDecimal.ONE);
  }

  private int releases() {
    return (int)
        testing.logRecords().stream().filter(r -> r.action().equals("result.release")).count();
  }

  private Element approved(String epsilon) {
    String yaml =
        "name: by-region\ntype: DATASET\nscenario: regional statistics\npurpose: planning\n"
            + "datasets: [people]\nthreshold: 10\nprotection: dp\nepsilon: "
            + epsilon
            + "\nquery: SELECT region, COUNT(*) AS n FROM people GROUP BY region\n";
    Element element = sandbox.submit(testing.dev(), yaml.getBytes(StandardCharsets.UTF_8));
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }
}
