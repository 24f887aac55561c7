package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.element.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template elements through the sandbox on a real vault with 1,000 imported residents: parameters
 * are checked against their domains before anything runs, assessed with every value of their
 * domain, and bound as literals, so a bound run is the literal query's run.
 */
class TemplateParameterTest {

  private static final int K = 10;

  private static final String BY_GENDER =
      "SELECT gender, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income"
          + " FROM residents WHERE district = CONDITION GROUP BY gender";

  private static final String DISTRICT_PARAMETER =
      "parameters:\n  - {name: district, type: STRING, values: [金水区, 二七区]}\n";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(1000, 41));
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private static byte[] template(String name, String query, String parameters) {
    String yaml = new String(SandboxSpecs.spec(name, query, K), StandardCharsets.UTF_8);
    return (yaml + parameters).getBytes(StandardCharsets.UTF_8);
  }

  private Element approved(byte[] spec) {
    Element element = sandbox.submit(testing.dev(), spec);
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }

  private Element byDistrict() {
    return approved(
        template("by-gender-in", BY_GENDER.replace("CONDITION", ":district"), DISTRICT_PARAMETER));
  }

  private LogRecord lastRecord() {
    List<LogRecord> records = testing.logRecords();
    return records.get(records.size() - 1);
  }

  @Test
  void run_boundParameter_releasesWhatTheLiteralQueryReleases() {
    Element template = byDistrict();
    Element literal =
        approved(
            SandboxSpecs.spec("by-gender-jinshui", BY_GENDER.replace("CONDITION", "'金水区'"), K));

    Sandbox.Job bound = sandbox.run(testing.dev(), template.id(), false, Map.of("district", "金水区"));
    Sandbox.Job written = sandbox.run(testing.dev(), literal.id(), false);

    assertThat(bound.result().rows()).isNotEmpty().isEqualTo(written.result().rows());
  }

  @Test
  void run_valueOutsideTheDomain_isRefusedBeforeAJobExists() {
    Element template = byDistrict();

    assertVaultException(
        () -> sandbox.run(testing.dev(), template.id(), false, Map.of("district", "中原区")),
        ErrorCode.USER_ERROR,
        "parameter district: value not in its declared domain");
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.run",
                template.id(),
                Outcome.REFUSED,
                "parameter district: value not in its declared domain"));
    assertThat(testing.logRecords()).noneMatch(r -> r.action().equals("result.release"));
  }

  @Test
  void run_missingParameter_isRefused() {
    Element template = byDistrict();

    assertVaultException(
        () -> sandbox.run(testing.dev(), template.id(), false, Map.of()),
        ErrorCode.USER_ERROR,
        "parameter district: missing; the element declares it, give --param district=…");
  }

  @Test
  void run_undeclaredParameter_isRefused() {
    Element template = byDistrict();

    assertVaultException(
        () ->
            sandbox.run(
                testing.dev(), template.id(), false, Map.of("district", "金水区", "gender", "男")),
        ErrorCode.USER_ERROR,
        "parameter gender: the element declares no such parameter");
  }

  @Test
  void run_valueThatWouldSpliceSql_isRefusedAsOutsideTheDomain() {
    Element template = byDistrict();

    assertVaultException(
        () ->
            sandbox.run(testing.dev(), template.id(), false, Map.of("district", "金水区' OR '1'='1")),
        ErrorCode.USER_ERROR,
        "parameter district: value not in its declared domain");
  }

  @Test
  void check_rangeOffTheGridAgainstAnImportantNumber_isRefusedAsTheLiteralWouldBe() {
    String query =
        "SELECT district, COUNT(DISTINCT id_card) AS people FROM residents"
            + " WHERE income > CONDITION GROUP BY district";
    byte[] spec =
        template(
            "rich-by-district",
            query.replace("CONDITION", ":min_income"),
            "parameters:\n  - {name: min_income, type: INT, range: [20000, 60000], step: 10000}\n");

    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec);

    Sandbox.CheckReport literal =
        sandbox.check(
            testing.dev(), SandboxSpecs.spec("rich", query.replace("CONDITION", "30000"), K));
    assertThat(literal.problems()).isNotEmpty();
    assertThat(report.problems()).containsExactlyElementsOf(literal.problems());
  }

  @Test
  void check_gridValuesAgainstAnImportantNumber_pass() {
    byte[] spec =
        template(
            "rich-by-district",
            "SELECT district, COUNT(DISTINCT id_card) AS people FROM residents"
                + " WHERE income > :min_income GROUP BY district",
            "parameters:\n  - {name: min_income, type: INT, values: [20000, 50000, 100000]}\n");

    Sandbox.CheckReport report = sandbox.check(testing.dev(), spec);

    assertThat(report.problems()).isEmpty();
  }

  @Test
  void check_placeholderNotDeclared_isRefused() {
    Sandbox.CheckReport report =
        sandbox.check(
            testing.dev(),
            SandboxSpecs.spec("by-gender-in", BY_GENDER.replace("CONDITION", ":district"), K));

    assertThat(report.problems())
        .extracting(p -> p.rule())
        .containsExactly("query: :district is not a declared parameter; declare it in parameters");
  }

  @Test
  void check_declaredParameterNotInTheQuery_isRefused() {
    Sandbox.CheckReport report =
        sandbox.check(
            testing.dev(),
            template("by-gender-in", BY_GENDER.replace("CONDITION", "'金水区'"), DISTRICT_PARAMETER));

    assertThat(report.problems())
        .extracting(p -> p.rule())
        .containsExactly(
            "query: parameter district is declared but the query never names :district");
  }

  @Test
  void check_placeholderInsideAStringLiteral_isNotAParameter() {
    Sandbox.CheckReport report =
        sandbox.check(
            testing.dev(),
            template(
                "by-gender-in",
                BY_GENDER.replace("CONDITION", ":district AND gender <> ':district'"),
                DISTRICT_PARAMETER));

    assertThat(report.problems()).isEmpty();
  }
}
