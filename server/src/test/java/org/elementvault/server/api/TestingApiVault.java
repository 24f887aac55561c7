package org.elementvault.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.sandbox.Sandbox;

/**
 * A real vault with an active tenant {@code acme} (tenant admin {@code alice}, developer {@code
 * dev}) whose dataset {@code residents} holds 60 people in three districts, and an {@link
 * EmbeddedApi} for each principal.
 */
final class TestingApiVault implements AutoCloseable {

  static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: district, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: income, type: BIGINT, level: IMPORTANT}
      """;

  static final String AGGREGATE_SPEC =
      """
      name: people-by-district
      type: DATASET
      scenario: regional statistics
      purpose: testing
      datasets: [residents]
      query: |
        SELECT district, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income
        FROM residents GROUP BY district
      threshold: 10
      """;

  static final String REFUSED_SPEC =
      """
      name: raw-ids
      type: DATASET
      scenario: an attempt to list identities
      purpose: testing
      datasets: [residents]
      query: |
        SELECT id_card, income FROM residents
      """;

  static final int ROWS = 60;

  private final Path directory;
  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private final Vault vault;
  private final Sandbox sandbox;
  private final Principal alice;
  private final Principal dev;

  TestingApiVault(Path directory) {
    this.directory = directory;
    this.vault = TestingVaults.create(directory.resolve("vault"), CipherSuite.INTL, clock);
    this.sandbox = new Sandbox(vault);
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    unused = vault.tenants().activate(admin, "acme");
    alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    var unusedVersion =
        alice()
            .importDataset(
                null,
                "residents",
                write("residents.csv", csv()),
                SCHEMA.getBytes(StandardCharsets.UTF_8),
                Datasets.Progress.NONE);
  }

  private static String csv() {
    StringBuilder csv = new StringBuilder("id_card,district,income\n");
    String[] districts = {"east", "west", "north"};
    for (int i = 0; i < ROWS; i++) {
      csv.append("P")
          .append(1000 + i)
          .append(',')
          .append(districts[i % districts.length])
          .append(',')
          .append(30_000 + 1_000 * i)
          .append('\n');
    }
    return csv.toString();
  }

  /** Writes {@code text} to a new file in the test's directory. */
  Path write(String name, String text) {
    try {
      return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path in the test's directory, not yet created. */
  Path file(String name) {
    return directory.resolve(name);
  }

  Vault vault() {
    return vault;
  }

  TestingClock clock() {
    return clock;
  }

  EmbeddedApi admin() {
    return new EmbeddedApi(vault, sandbox, vault.admin());
  }

  EmbeddedApi alice() {
    return new EmbeddedApi(vault, sandbox, alice);
  }

  EmbeddedApi dev() {
    return new EmbeddedApi(vault, sandbox, dev);
  }

  /** Submits {@link #AGGREGATE_SPEC} as {@code dev} and approves it; returns its id. */
  String approvedElement() {
    String id = dev().submitElement(AGGREGATE_SPEC.getBytes(StandardCharsets.UTF_8)).id();
    return admin().reviewElement(id, true, "fit for purpose").id();
  }

  @Override
  public void close() {
    vault.close();
  }
}
