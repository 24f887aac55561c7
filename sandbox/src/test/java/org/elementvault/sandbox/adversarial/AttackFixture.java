package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;
import org.jspecify.annotations.Nullable;

/**
 * A vault with two datasets an attacker queries, and the assertions every adversarial test makes: a
 * refusal names the column or construct and the rule, no refusal or result carries an imported
 * value, and a refused run returns nothing.
 *
 * <p>{@code residents} holds {@value #RESIDENTS} rows of {@link ResidentRows}. {@code visits}
 * (subject {@code id_card}) is built so that rows and subjects differ: resident 0 visits clinic
 * {@code north} {@value #REPEATED_VISITS} times; residents 1 to 30 visit {@code south} once each;
 * residents 31 to 35 visit {@code west} three times each (15 rows, 5 subjects).
 */
final class AttackFixture implements AutoCloseable {

  static final int K = 10;
  static final int RESIDENTS = 400;
  static final int REPEATED_VISITS = 20;

  static final String VISITS_SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: clinic, type: STRING, level: GENERAL}
        - {name: cost, type: "DECIMAL(10,2)", level: IMPORTANT}
      """;

  private final TestingSandbox sandbox;
  private final List<String> residentRows;

  /** Every imported value that identifies a person: IDs, names, phone numbers. */
  private final List<String> identifiers = new ArrayList<>();

  /** Every other non-GENERAL imported value that must never appear in a message. */
  private final List<String> secrets = new ArrayList<>();

  AttackFixture(Path directory) {
    sandbox = new TestingSandbox(directory);
    residentRows = ResidentRows.csv(RESIDENTS, 7);
    var unused = sandbox.importCsv("residents", ResidentRows.SCHEMA, residentRows);
    for (String line : residentRows.subList(1, residentRows.size())) {
      String[] cells = line.split(",", -1);
      identifiers.add(cells[0]);
      identifiers.add(cells[1]);
      identifiers.add(cells[5]);
      secrets.add(cells[3]);
      if (!cells[6].isEmpty()) {
        secrets.add(cells[6]);
      }
    }
    unused = sandbox.importCsv("visits", VISITS_SCHEMA, visits());
  }

  private List<String> visits() {
    List<String> lines = new ArrayList<>();
    lines.add("id_card,clinic,cost");
    for (int i = 0; i < REPEATED_VISITS; i++) {
      lines.add(idCard(0) + ",north," + (100 + i) + ".50");
    }
    for (int i = 1; i <= 30; i++) {
      lines.add(idCard(i) + ",south," + (200 + i) + ".25");
    }
    for (int i = 31; i <= 35; i++) {
      for (int visit = 0; visit < 3; visit++) {
        lines.add(idCard(i) + ",west," + (300 + visit) + ".75");
      }
    }
    return lines;
  }

  /** The ID card number of imported resident {@code index} (0-based). */
  String idCard(int index) {
    return residentRows.get(index + 1).split(",", -1)[0];
  }

  /** The phone number of imported resident {@code index} (0-based). */
  String phone(int index) {
    return residentRows.get(index + 1).split(",", -1)[5];
  }

  TestingSandbox sandbox() {
    return sandbox;
  }

  PolicyReport check(String sql) {
    return sandbox.check(sql, "residents", "visits");
  }

  ElementResult run(String sql) {
    return sandbox.run(sql, K, "residents", "visits");
  }

  /**
   * Asserts the policy refuses {@code sql} with a problem naming {@code subject} and {@code rule},
   * and that running it throws {@code POLICY_REFUSED} and returns nothing; no message carries an
   * imported value.
   */
  void assertRefused(String sql, String subject, String rule) {
    PolicyReport report = check(sql);

    assertThat(report.passes()).as("policy passes %s", sql).isFalse();
    assertThat(report.problems())
        .map(Problem::message)
        .anySatisfy(m -> assertThat(m).contains(subject).contains(rule));
    report.problems().forEach(p -> assertNoImportedValue(p.message()));
    assertRunFails(sql, ErrorCode.POLICY_REFUSED, "");
  }

  /**
   * Asserts the policy refuses {@code sql} with exactly {@code message} among its problems, as
   * {@code element check} shows it, and that running it returns nothing.
   */
  void assertRefusedExactly(String sql, String message) {
    PolicyReport report = check(sql);

    assertThat(report.problems()).map(Problem::message).as("problems of %s", sql).contains(message);
    assertRunFails(sql, ErrorCode.POLICY_REFUSED, "");
  }

  /** Asserts the query compiles and passes, but running it is refused with {@code message}. */
  void assertRefusedAtRun(String sql, String message) {
    assertRunFails(sql, ErrorCode.POLICY_REFUSED, message);
  }

  /** Asserts the sandbox does not accept {@code sql} as an element query at all. */
  void assertRejected(String sql, String message) {
    assertRunFails(sql, ErrorCode.USER_ERROR, message);
  }

  /** Asserts running {@code sql} fails with {@code code} and a message containing {@code part}. */
  void assertRunFails(String sql, ErrorCode code, String part) {
    AtomicReference<@Nullable ElementResult> released = new AtomicReference<>();

    Throwable thrown = catchThrowable(() -> released.set(run(sql)));

    assertThat(released.get()).as("released by %s", sql).isNull();
    assertThat(thrown).as("outcome of %s", sql).isInstanceOf(VaultException.class);
    assertThat(((VaultException) thrown).code()).isEqualTo(code);
    assertThat(thrown.getMessage()).contains(part);
    assertRefusalRecorded((VaultException) thrown);
  }

  /** The one place a refusal's log entry will be asserted once the element workflow logs them. */
  private void assertRefusalRecorded(VaultException refusal) {
    assertNoImportedValue(refusal.getMessage());
  }

  /** Asserts {@code sql} passes and runs; its result holds no imported identifier. */
  ElementResult assertReleased(String sql) {
    PolicyReport report = check(sql);
    assertThat(report.problems()).as("problems of %s", sql).isEmpty();

    ElementResult result = run(sql);

    for (List<@Nullable Object> row : result.rows()) {
      for (Object cell : row) {
        if (cell != null) {
          String text = cell.toString();
          assertThat(identifiers).noneMatch(text::contains);
        }
      }
    }
    return result;
  }

  void assertNoImportedValue(@Nullable String message) {
    if (message == null) {
      return;
    }
    assertThat(identifiers).noneMatch(message::contains);
    assertThat(secrets).noneMatch(message::contains);
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
