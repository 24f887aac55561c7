package org.elementvault.bench.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.sample.SyntheticResidents;

/**
 * The vault every trial starts from, prepared once per run with the command line itself: a working
 * tenant with one dataset version and an approved element, and a second tenant that has already
 * exited (its data must stay unreadable whatever a trial does). Trials copy {@link #vault()}.
 *
 * @param evault the command line on the template vault
 * @param schema the residents' schema
 * @param secondVersion the file a trial's import adds as version 2
 * @param tenantToken the tenant admin's token
 * @param developerToken the developer's token
 * @param exitedToken the exited tenant's admin's token, revoked by its exit
 * @param elementId the approved element
 * @param startupMillis how long a read-only command ({@code tenant list}) took on the template: the
 *     JVM's start and the vault's open, before any operation's own work
 */
record VaultTemplate(
    Evault evault,
    Path schema,
    Path secondVersion,
    Path tenantToken,
    Path developerToken,
    Path exitedToken,
    String elementId,
    long startupMillis) {

  static final String TENANT = "acme";
  static final String DATASET = "residents";
  static final String EXITED_TENANT = "gone";
  static final String EXITED_DATASET = "ledger";
  static final long FIRST_ROWS = 20_000;
  static final long SECOND_ROWS = 30_000;
  private static final long EXITED_ROWS = 1_000;

  VaultTemplate {
    Objects.requireNonNull(evault, "evault");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(secondVersion, "secondVersion");
    Objects.requireNonNull(tenantToken, "tenantToken");
    Objects.requireNonNull(developerToken, "developerToken");
    Objects.requireNonNull(exitedToken, "exitedToken");
    Objects.requireNonNull(elementId, "elementId");
  }

  Path vault() {
    return evault.vault();
  }

  /** Prepares the template under {@code work} with the command line on {@code classPath}. */
  static VaultTemplate prepare(Path work, String classPath, SecureRandom random)
      throws IOException, InterruptedException {
    Path keyFile = work.resolve("master.key");
    byte[] key = new byte[32];
    random.nextBytes(key);
    Files.write(keyFile, key);
    Path schema = work.resolve("residents.yaml");
    SyntheticResidents.writeSchema(schema);
    Path first = residents(work, "residents-1.csv", FIRST_ROWS, 1);
    Path second = residents(work, "residents-2.csv", SECOND_ROWS, 2);
    Path ledger = residents(work, "ledger.csv", EXITED_ROWS, 3);
    Path spec = work.resolve("element.yaml");
    Files.writeString(spec, elementSpec(), StandardCharsets.UTF_8);
    Path tenantToken = work.resolve("alice.token");
    Path developerToken = work.resolve("dev.token");
    Path exitedToken = work.resolve("gone.token");

    Evault evault = Evault.of(classPath, work.resolve("template"), keyFile, work);
    evault.run(work, "init", "--suite", "INTL");
    tenantWithAdmin(evault, work, TENANT, tenantToken);
    evault.run(
        work,
        "user",
        "add",
        "--tenant",
        TENANT,
        "--name",
        "dev",
        "--role",
        "developer",
        "--token-out",
        developerToken.toString());
    importAs(evault, work, tenantToken, DATASET, first, schema);
    String submitted =
        evault.run(
            work,
            "--token-file",
            developerToken.toString(),
            "element",
            "submit",
            "--spec",
            spec.toString());
    List<String> lines = submitted.strip().lines().toList();
    String elementId = lines.get(lines.size() - 1).strip();
    evault.run(work, "element", "review", elementId, "--approve", "--reason", "crash harness");
    tenantWithAdmin(evault, work, EXITED_TENANT, exitedToken);
    importAs(evault, work, exitedToken, EXITED_DATASET, ledger, schema);
    evault.run(work, "tenant", "exit", EXITED_TENANT, "--confirm", EXITED_TENANT);
    long started = System.nanoTime();
    evault.run(work, "tenant", "list");
    long startupMillis = (System.nanoTime() - started) / 1_000_000;
    return new VaultTemplate(
        evault, schema, second, tenantToken, developerToken, exitedToken, elementId, startupMillis);
  }

  private static void tenantWithAdmin(Evault evault, Path work, String tenant, Path token)
      throws IOException, InterruptedException {
    evault.run(work, "tenant", "apply", "--name", tenant, "--contact", "ops");
    evault.run(work, "tenant", "review", tenant, "--approve", "--reason", "crash harness");
    evault.run(
        work,
        "user",
        "add",
        "--tenant",
        tenant,
        "--name",
        tenant + "-admin",
        "--role",
        "tenant-admin",
        "--token-out",
        token.toString());
  }

  private static void importAs(
      Evault evault, Path work, Path token, String dataset, Path file, Path schema)
      throws IOException, InterruptedException {
    evault.run(
        work,
        "--token-file",
        token.toString(),
        "dataset",
        "import",
        "--name",
        dataset,
        "--file",
        file.toString(),
        "--schema",
        schema.toString());
  }

  private static Path residents(Path work, String name, long rows, long seed) throws IOException {
    Path file = work.resolve(name);
    var unused = SyntheticResidents.write(file, rows, seed);
    return file;
  }

  private static String elementSpec() {
    return """
        name: crash-q1
        type: DATASET
        scenario: crash harness
        purpose: durability testing
        datasets: [residents]
        threshold: 10
        query: |
          SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM residents GROUP BY district
        """;
  }
}
