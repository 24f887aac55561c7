package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.OpenCategory;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.element.DatasetCategory;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.product.Product;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.ProductState;
import org.elementvault.sandbox.product.Products;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open categories (开放类别) gate data products: tenant {@code acme} publishes {@code e1} over its
 * {@code UNCONDITIONAL} dataset {@code census} and {@code e2} over its {@code CONDITIONAL} dataset
 * {@code residents}; tenant {@code beta} (admin {@code balice}, developer {@code bdev}) registers
 * products on them. A dataset dropped and imported again under its name may come back in another
 * category, so every gate reads the categories afresh.
 */
class OpenCategoryTest {

  private static final String BY_DISTRICT =
      "SELECT district, COUNT(DISTINCT id_card) AS people FROM %s GROUP BY district";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Vault vault;
  private Sandbox sandbox;
  private Products products;
  private Principal admin;
  private Principal balice;
  private Principal bdev;

  @BeforeEach
  void publishAnElementPerCategory() {
    testing = new TestingSandbox(dir);
    vault = testing.vault();
    admin = vault.admin();
    importDataset("census", OpenCategory.UNCONDITIONAL);
    importDataset("residents", OpenCategory.CONDITIONAL);
    var unusedTenant = vault.tenants().activate(admin, "acme");
    bdev = testing.addTenantDeveloper("beta", "bdev");
    unusedTenant = vault.tenants().activate(admin, "beta");
    balice = vault.addUser(admin, "balice", Role.TENANT_ADMIN, "beta", null).principal();
    sandbox = new Sandbox(vault);
    products = sandbox.products();
    var unused = published("census-by-district", "census");
    unused = published("residents-by-district", "residents");
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private void importDataset(String name, OpenCategory category) {
    var unused =
        testing.importCsv(
            name,
            ResidentRows.SCHEMA.replace("open_category: CONDITIONAL", "open_category: " + category),
            ResidentRows.csv(400, 17));
  }

  private Element published(String name, String dataset) {
    Element element =
        sandbox.submit(
            testing.dev(),
            SandboxSpecs.spec(name, String.format(Locale.ROOT, BY_DISTRICT, dataset), 10, dataset));
    var unused = sandbox.review(admin, element.id(), true, "fit for purpose");
    var unusedJob = sandbox.run(testing.dev(), element.id(), false);
    unused = sandbox.release(testing.dev(), element.id());
    return sandbox.review(admin, element.id(), true, "results fit for the catalog");
  }

  private Product registered(String element) {
    return products.register(
        balice,
        new ProductApplication(
            "regional",
            List.of(element),
            "credit risk pricing",
            "beta's loan desk",
            "2026-03-01",
            "2026-04-30"));
  }

  private Product reviewed(String element, ProductDecision decision) {
    var unused = registered(element);
    return products.review(admin, null, "regional", decision, "purpose fits the datasets");
  }

  /** Drops {@code census} and imports it again under its name in {@code category}. */
  private void reimportCensus(OpenCategory category) {
    var unused = vault.datasets().drop(testing.alice(), null, "census", "census");
    importDataset("census", category);
  }

  private LogRecord lastRecord() {
    List<LogRecord> records = testing.logRecords();
    return records.get(records.size() - 1);
  }

  @Test
  void review_approveOverAnUnconditionalDataset_activatesWithNoConditionalApproval() {
    Product product = reviewed("e1", ProductDecision.APPROVE);

    assertThat(product.state()).isEqualTo(ProductState.ACTIVE);
    assertThat(product.conditionalApprovals()).isEmpty();
  }

  @Test
  void review_approveOverAConditionalDataset_isRefusedNamingTheDataset() {
    var unused = registered("e2");

    assertVaultException(
        () -> products.review(admin, null, "regional", ProductDecision.APPROVE, "fits"),
        ErrorCode.POLICY_REFUSED,
        "dataset residents of tenant acme is CONDITIONAL (有条件开放): approve product regional with"
            + " --approve-conditional to approve its purpose for that dataset");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(products.show(admin, null, "regional").product().state())
        .isEqualTo(ProductState.REGISTERED);
  }

  @Test
  void review_approveConditional_recordsTheConditionalDatasets() {
    Product product = reviewed("e2", ProductDecision.APPROVE_CONDITIONAL);

    assertThat(product.state()).isEqualTo(ProductState.ACTIVE);
    assertThat(product.conditionalApprovals())
        .containsExactly(new DatasetCategory("acme", "residents", OpenCategory.CONDITIONAL));
  }

  @Test
  void review_approveConditionalOverNoConditionalDataset_isRefused() {
    var unused = registered("e1");

    assertVaultException(
        () -> products.review(admin, null, "regional", ProductDecision.APPROVE_CONDITIONAL, "fits"),
        ErrorCode.POLICY_REFUSED,
        "product regional uses no CONDITIONAL (有条件开放) dataset: approve it with --approve");
  }

  @Test
  void run_overAConditionalDatasetItsReviewApproved_releasesTheResult() {
    var unused = reviewed("e2", ProductDecision.APPROVE_CONDITIONAL);

    ProductRun run = sandbox.runProduct(bdev, "regional", "e2", Map.of());

    assertThat(run.result().rows()).isNotEmpty();
  }

  @Test
  void register_overADatasetNowNone_isRefusedNamingTheDataset() {
    reimportCensus(OpenCategory.NONE);

    assertVaultException(
        () -> registered("e1"),
        ErrorCode.POLICY_REFUSED,
        "dataset census of tenant acme is NONE (不予开放): it backs no product");
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "balice",
                "beta",
                "product.register",
                "regional",
                Outcome.REFUSED,
                "dataset census of tenant acme is NONE (不予开放): it backs no product"));
  }

  @Test
  void run_overADatasetNowNone_isRefusedAndLogged() {
    var unused = reviewed("e1", ProductDecision.APPROVE);
    reimportCensus(OpenCategory.NONE);

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "dataset census of tenant acme is NONE (不予开放): it backs no product");
    assertThat(lastRecord().action()).isEqualTo("product.run");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void run_overADatasetNowConditionalItsReviewDidNotApprove_isRefused() {
    var unused = reviewed("e1", ProductDecision.APPROVE);
    reimportCensus(OpenCategory.CONDITIONAL);

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "dataset census of tenant acme is CONDITIONAL (有条件开放): product regional's review did not"
            + " approve its purpose for that dataset");
  }

  /** Fail closed: a category that cannot be read refuses the run. */
  @Test
  void run_overADroppedDataset_isRefusedAsUncheckable() {
    var unused = reviewed("e1", ProductDecision.APPROVE);
    var unusedDrop = vault.datasets().drop(testing.alice(), null, "census", "census");

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "dataset census of tenant acme no longer exists: its open category cannot be checked");
  }
}
