package org.elementvault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Principals;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.CatalogEntry;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementSpecParser;
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.element.ReleaseReport;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.model.ModelInfo;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.product.Product;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.ProductView;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.elementvault.server.api.DatasetInfo;
import org.elementvault.server.api.EmbeddedApi;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.api.VersionInfo;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evault demo}: the embedded end-to-end walk-through on synthetic data. Every step prints
 * what it did, so the output alone explains the product. Leaves nothing behind unless {@code --dir}
 * names where to keep the vault.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Walk through ElementVault end to end on synthetic data, in a fresh vault.")
final class DemoCommand implements Runnable {

  /** Rows of synthetic residents the demo imports. */
  static final int ROWS = 100_000;

  private static final String AGGREGATE_SPEC =
      """
      name: income-by-district
      type: DATASET
      scenario: regional income statistics for a credit product
      purpose: credit risk pricing
      datasets: [residents]
      query: |
        SELECT district, gender, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income
        FROM residents WHERE income > 50000 GROUP BY district, gender
      threshold: 10
      valid_days: 90
      """;

  private static final String MASKED_SPEC =
      """
      name: senior-contacts
      type: DATASET
      scenario: outreach list for a senior-care service
      purpose: service outreach with masked identities
      datasets: [residents]
      query: |
        SELECT mask_name(name) AS name, mask_id_card(id_card) AS id_card,
               mask_phone(phone) AS phone, district
        FROM residents WHERE age >= 80
      threshold: 10
      """;

  private static final String MODEL_SPEC =
      """
      name: income-model
      type: FEATURE
      scenario: income estimate for credit pricing
      purpose: a model trained inside the vault; only noised coefficients leave
      datasets: [residents]
      query: SELECT age, income FROM residents
      model: {task: train, algorithm: linear_regression, target: income, features: [age]}
      """;

  private static final String SCORING_SPEC =
      """
      name: income-estimate-by-district
      type: FEATURE
      scenario: income estimate for credit pricing
      purpose: the trained model's average estimate per district; no one's own score leaves
      datasets: [residents]
      query: SELECT id_card, age, district FROM residents
      model:
        task: score
        model: income-model
        output: "SELECT district, AVG(score) AS estimate FROM scored GROUP BY district"
      """;

  private static final String REFUSED_SPEC =
      """
      name: rich-people
      type: DATASET
      scenario: an attempt to list individuals
      purpose: shows what the policy refuses
      datasets: [residents]
      query: |
        SELECT name, id_card, income FROM residents
        WHERE income BETWEEN 123000 AND 124000 ORDER BY income DESC
      """;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Create the demo vault in DIR (which must not exist or be empty) and keep it, with its"
              + " key file and alice's and dev's tokens (owner-only files) to go on with it.")
  @Nullable Path dir;

  @Spec CommandSpec spec;

  private PrintWriter out;
  private int step;

  @Override
  public void run() {
    out = spec.commandLine().getOut();
    Path work = dir == null ? temporaryDirectory() : dir;
    try {
      walk(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir == null) {
        deleteTree(work);
      }
    }
  }

  private void walk(Path work) throws IOException {
    long started = System.nanoTime();
    out.println(
        "ElementVault demo: raw data never leaves the vault; only desensitized results do.");
    out.println();

    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    if (dir != null) {
      Files.createDirectories(work);
      try (Stream<Path> files = Files.list(work)) {
        if (files.findAny().isPresent()) {
          throw new CliException("demo directory " + work + " is not empty: name a new one");
        }
      }
      Files.write(
          Files.createFile(
              work.resolve(KEY_FILE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          key);
    }
    Path vaultDir = work.resolve("vault");
    try (Vault vault =
        Vault.init(vaultDir, CipherSuite.INTL, Unlock.keyFile(key), VaultOptions.defaults())) {
      step(
          "created an encrypted vault (AES-256-GCM, RocksDB) in "
              + (dir == null ? "a temporary directory" : vaultDir.toAbsolutePath()));

      // The walk-through calls the same operations as the commands, as three principals sharing
      // one sandbox; only init and the principals themselves come from the vault directly.
      Sandbox sandbox = new Sandbox(vault);
      Principal admin = vault.admin();
      VaultApi asAdmin = new EmbeddedApi(vault, sandbox, admin);
      var unused = asAdmin.applyTenant("acme", "data office of Acme Credit", null);
      unused = asAdmin.reviewTenant("acme", true, "documents complete");
      unused = asAdmin.activateTenant("acme");
      step("tenant acme applied, was approved for a trial and activated (vault admin)");

      Principal alice = kept(work, vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null));
      Principal dev = kept(work, vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null));
      VaultApi asAlice = new EmbeddedApi(vault, sandbox, alice);
      VaultApi asDev = new EmbeddedApi(vault, sandbox, dev);
      step("users: alice (acme's tenant admin) and dev (an element developer); tokens issued");

      Path csv = work.resolve("residents.csv");
      var bytes = SyntheticResidents.write(csv, ROWS, SyntheticResidents.DEFAULT_SEED);
      VersionInfo version =
          asAlice.importDataset(
              null,
              "residents",
              csv,
              SyntheticResidents.schemaYaml().getBytes(StandardCharsets.UTF_8),
              Datasets.Progress.NONE);
      Files.delete(csv);
      step(
          String.format(
              java.util.Locale.ROOT,
              "alice imported %,d synthetic residents (%.1f MB of CSV with Chinese names, valid ID"
                  + " numbers, phones, incomes): sealed in %,d column chunks, the CSV deleted",
              version.rows(),
              bytes / 1e6,
              version.batches() * 8));
      DatasetInfo residents = asAlice.describeDataset(null, "residents");
      for (Column column : residents.schema().columns()) {
        out.printf(
            java.util.Locale.ROOT,
            "      %-11s %-14s %-10s %s%s%n",
            column.name(),
            column.type(),
            column.level(),
            column.pii() == org.elementvault.engine.dataset.PiiType.NONE ? "" : column.pii(),
            residents.schema().isSubject(column) ? " (subject)" : "");
      }

      step("dev checks an element that tries to list individuals: the policy refuses it");
      printQuery(ElementSpecParser.parse(REFUSED_SPEC.getBytes(StandardCharsets.UTF_8)).query());
      Sandbox.CheckReport refused =
          asDev.checkElement(REFUSED_SPEC.getBytes(StandardCharsets.UTF_8));
      for (Problem problem : refused.problems()) {
        out.println("      ✗ " + problem.message());
      }

      Element aggregate = asDev.submitElement(AGGREGATE_SPEC.getBytes(StandardCharsets.UTF_8));
      Element masked = asDev.submitElement(MASKED_SPEC.getBytes(StandardCharsets.UTF_8));
      step(
          "dev submitted two elements; each passed the automatic risk assessment: "
              + aggregate.id()
              + " (aggregate) and "
              + masked.id()
              + " (masked field set)");
      for (Element element : List.of(aggregate, masked)) {
        printQuery(element.spec().query());
        element.assessment().rules().forEach(rule -> out.println("      rule: " + rule));
      }

      for (Element element : List.of(aggregate, masked)) {
        Element approved = asAdmin.reviewElement(element.id(), true, "fits its purpose");
        step(
            "the vault admin approved "
                + approved.id()
                + " ("
                + approved.state()
                + " until "
                + approved.validUntil()
                + "); the policy still runs again at every run");
      }

      Sandbox.Job first = asDev.runElement(aggregate.id(), false, Map.of());
      step(
          "dev ran "
              + aggregate.id()
              + " on the real data: groups under 10 distinct people are dropped; result job "
              + first.jobId()
              + " sealed, its hash logged");
      printResult(first.result(), 40);

      Sandbox.Job second = asDev.runElement(masked.id(), false, Map.of());
      step(
          "dev ran "
              + masked.id()
              + ": "
              + second.result().rows().size()
              + " masked rows (first 8 shown)");
      printResult(second.result(), 8);

      Element inReview = asDev.releaseElement(aggregate.id());
      ReleaseReport released = asAdmin.elementReleaseReport(aggregate.id());
      step(
          "dev asked for the release of "
              + inReview.id()
              + " ("
              + inReview.state()
              + "); the reviewer sees "
              + released.realRuns()
              + " real run, "
              + released.releases().size()
              + " release in the ledger, no value and no query");
      Element published = asAdmin.reviewElement(aggregate.id(), true, "fit for other tenants");
      List<CatalogEntry> catalog = asDev.elementCatalog();
      step(
          "the vault admin published "
              + published.id()
              + ": the catalog every tenant sees lists "
              + catalog.size()
              + " element, its outputs "
              + catalog.get(0).outputs().stream().map(OutputColumn::name).toList()
              + ", never its query");
      productWalk(vault, sandbox, asAdmin, published.id());
      ElementUsage usage = asAlice.elementUsage(aggregate.id());
      step(
          "alice (the owner) sees the usage of "
              + usage.element()
              + " from the log: "
              + usage.months().stream()
                  .map(
                      m ->
                          m.month()
                              + " "
                              + m.runs()
                              + " runs, "
                              + m.releasedRows()
                              + " rows, tenants "
                              + m.tenants()
                              + ", products "
                              + m.products())
                  .toList());

      Element model = asDev.submitElement(MODEL_SPEC.getBytes(StandardCharsets.UTF_8));
      var approvedModel = asAdmin.reviewElement(model.id(), true, "fits its purpose");
      Sandbox.Job training = asDev.runElement(approvedModel.id(), false, Map.of());
      ModelInfo trained = Objects.requireNonNull(training.model(), "model");
      step(
          "dev trained "
              + model.id()
              + " (linear regression of income on age) inside the sandbox: only noised"
              + " coefficients and the held-out R² leave; model "
              + trained.id()
              + " stays sealed in the vault (evault model show "
              + trained.id()
              + ")");
      printResult(training.result(), 10);

      Element scoring = asDev.submitElement(SCORING_SPEC.getBytes(StandardCharsets.UTF_8));
      var approvedScoring = asAdmin.reviewElement(scoring.id(), true, "aggregates only");
      Sandbox.Job scored = asDev.runElement(approvedScoring.id(), false, Map.of());
      step(
          "dev scored every resident with "
              + trained.id()
              + " through "
              + scoring.id()
              + ": the scores stay in the sandbox; only their noised average per district leaves");
      printResult(scored.result(), 4);

      VerifyReport report = asAdmin.verifyLog(null);
      step("log verify: " + report.summary());
      out.printf(
          java.util.Locale.ROOT,
          "%nDone in %.1f s. Try it yourself: ./evault --help%n",
          (System.nanoTime() - started) / 1e9);
      if (dir != null) {
        out.printf(
            java.util.Locale.ROOT,
            "Go on with the vault kept in %1$s, as dev: ./evault --vault %2$s --key-file %3$s"
                + " --token-file %4$s element list%n",
            work.toAbsolutePath(),
            vaultDir.toAbsolutePath(),
            work.resolve(KEY_FILE).toAbsolutePath(),
            work.resolve("dev.token").toAbsolutePath());
      }
    } catch (VaultException e) {
      throw new CliException("demo failed: " + e.getMessage());
    }
  }

  /** The user's principal; with {@code --dir}, its token kept in NAME.token beside the vault. */
  private Principal kept(Path work, Principals.Issued issued) {
    if (dir != null) {
      issued.token().writeTo(work.resolve(issued.principal().name() + ".token"));
    }
    issued.token().destroy();
    return issued.principal();
  }

  private static final String KEY_FILE = "master.key";

  /**
   * A second tenant builds a data product on the published element: registers it, the vault admin
   * reviews it (its dataset is CONDITIONAL, so the approval says so) and issues the certificate,
   * and the second tenant's developer runs it.
   */
  private void productWalk(Vault vault, Sandbox sandbox, VaultApi asAdmin, String elementId) {
    Principal admin = vault.admin();
    var unused = asAdmin.applyTenant("beta", "data office of Beta Bank", null);
    unused = asAdmin.reviewTenant("beta", true, "documents complete");
    unused = asAdmin.activateTenant("beta");
    Principal bob = vault.addUser(admin, "bob", Role.TENANT_ADMIN, "beta", null).principal();
    Principal bdev = vault.addUser(admin, "bdev", Role.DEVELOPER, "beta", null).principal();
    VaultApi asBob = new EmbeddedApi(vault, sandbox, bob);
    VaultApi asBdev = new EmbeddedApi(vault, sandbox, bdev);
    LocalDate today = vault.tenants().businessDate();
    Product registered =
        asBob.registerProduct(
            new ProductApplication(
                "loan-pricing",
                List.of(elementId),
                "credit risk pricing of small loans",
                "Beta Bank's loan desk",
                today.toString(),
                today.plusDays(60).toString()));
    step(
        "a second tenant, beta, registered product "
            + registered.name()
            + " on acme's published "
            + elementId
            + " for "
            + today
            + " to "
            + today.plusDays(60)
            + " (bob, beta's tenant admin): "
            + registered.state());
    ProductView view = asAdmin.showProduct("beta", registered.name());
    Product approved =
        asAdmin.reviewProduct(
            "beta",
            registered.name(),
            ProductDecision.APPROVE_CONDITIONAL,
            "purpose fits the conditionally open dataset");
    step(
        "the vault admin reviewed it: the datasets behind it are "
            + view.datasets().stream().map(d -> d.qualifiedName() + " " + d.category()).toList()
            + ", so the approval is --approve-conditional; "
            + approved.state()
            + ", its certificate signed with the log key and bound to log entry "
            + Objects.requireNonNull(approved.certificate()).certificate().logSequence());
    ProductRun run = asBdev.runProduct(registered.name(), elementId, Map.of());
    step(
        "bdev (beta's developer) ran "
            + elementId
            + " through "
            + registered.name()
            + ": the same protected result, "
            + run.releasedRows()
            + " rows, logged against the product and the element");
  }

  private void step(String what) {
    out.printf(java.util.Locale.ROOT, "%2d. %s%n", ++step, what);
    out.flush();
  }

  private void printQuery(String query) {
    out.println("      SQL: " + query.strip().replaceAll("\\s+", " "));
  }

  private void printResult(ElementResult result, int limit) {
    ElementResult shown =
        new ElementResult(
            result.columns(), result.rows().subList(0, Math.min(limit, result.rows().size())));
    java.io.StringWriter text = new java.io.StringWriter();
    PrintWriter writer = new PrintWriter(text);
    ResultOutput.print(writer, OutputFormat.TABLE, shown);
    writer.flush();
    text.toString().lines().forEach(line -> out.println("      " + line));
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("evault-demo-");
    } catch (IOException e) {
      throw new CliException("cannot create a temporary directory for the demo");
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Best effort: the temporary directory holds only sealed data.
    }
  }
}
