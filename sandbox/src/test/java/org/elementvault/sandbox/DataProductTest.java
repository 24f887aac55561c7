package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.product.ElementStatus;
import org.elementvault.sandbox.product.Period;
import org.elementvault.sandbox.product.Product;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.sandbox.product.ProductElement;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.ProductState;
import org.elementvault.sandbox.product.ProductUsage;
import org.elementvault.sandbox.product.ProductView;
import org.elementvault.sandbox.product.Products;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data products on a real vault with 1,000 imported residents of tenant {@code acme}, whose element
 * {@code e1} is published (approved at 2026-03-01T08:00Z for 90 days); tenant {@code beta} (admin
 * {@code balice}, developer {@code bdev}) registers product {@code regional} on it.
 */
class DataProductTest {

  private static final String BY_DISTRICT =
      "SELECT district, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income"
          + " FROM residents GROUP BY district";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Vault vault;
  private Sandbox sandbox;
  private Products products;
  private Principal admin;
  private Principal balice;
  private Principal bdev;

  @BeforeEach
  void publishAnElementAndAddAConsumer() {
    testing = new TestingSandbox(dir);
    vault = testing.vault();
    admin = vault.admin();
    var unusedDataset =
        testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(1000, 41));
    var unusedTenant = vault.tenants().activate(admin, "acme");
    bdev = testing.addTenantDeveloper("beta", "bdev");
    unusedTenant = vault.tenants().activate(admin, "beta");
    balice = vault.addUser(admin, "balice", Role.TENANT_ADMIN, "beta", null).principal();
    sandbox = new Sandbox(vault);
    products = sandbox.products();
    Element element = approved("by-district");
    var unusedJob = sandbox.run(testing.dev(), element.id(), false);
    var unused = sandbox.release(testing.dev(), element.id());
    unused = sandbox.review(admin, element.id(), true, "results fit for the catalog");
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private Element approved(String name) {
    Element element = sandbox.submit(testing.dev(), SandboxSpecs.spec(name, BY_DISTRICT, 10));
    return sandbox.review(admin, element.id(), true, "fit for purpose");
  }

  private static ProductApplication application(String from, String until, String... elements) {
    return new ProductApplication(
        "regional", List.of(elements), "credit risk pricing", "beta's loan desk", from, until);
  }

  private Product registered(String from, String until) {
    return products.register(balice, application(from, until, "e1"));
  }

  private Product active(String from, String until) {
    var unused = registered(from, until);
    return products.review(
        admin, null, "regional", ProductDecision.APPROVE_CONDITIONAL, "purpose and scope fit");
  }

  private LogRecord lastRecord() {
    List<LogRecord> records = testing.logRecords();
    return records.get(records.size() - 1);
  }

  @Test
  void register_publishedElement_isRegisteredAndLogged() {
    Product product = registered("2026-03-01", "2026-04-30");

    assertThat(product.state()).isEqualTo(ProductState.REGISTERED);
    assertThat(product.elements()).containsExactly(new ProductElement("e1", "by-district", "acme"));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "balice",
                "beta",
                "product.register",
                "regional",
                Outcome.OK,
                "1 elements, period 2026-03-01 to 2026-04-30"));
  }

  @Test
  void register_elementNotPublished_isRefusedAsNotInTheCatalog() {
    var unused = approved("second");

    assertVaultException(
        () -> products.register(balice, application("2026-03-01", "2026-04-30", "e1", "e2")),
        ErrorCode.POLICY_REFUSED,
        "element e2 is not PUBLISHED in the catalog: a product uses published elements");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(products.list(balice)).isEmpty();
  }

  @Test
  void register_untilNotAfterFrom_isRefused() {
    assertVaultException(
        () -> registered("2026-04-30", "2026-04-30"),
        ErrorCode.USER_ERROR,
        "--until must be a day after --from");
  }

  @Test
  void register_malformedDate_isRefusedNamingTheOption() {
    assertVaultException(
        () -> registered("2026-03-01", "30.04.2026"),
        ErrorCode.USER_ERROR,
        "--until must be a date YYYY-MM-DD");
  }

  @Test
  void register_periodPastTheElementsValidity_isRefused() {
    assertVaultException(
        () -> registered("2026-03-01", "2026-05-30"),
        ErrorCode.POLICY_REFUSED,
        "the period ends 2026-05-30, after element e1's validity ends at 2026-05-30T08:00:00Z:"
            + " a product's period must lie within each element's");
  }

  /** Hostile input: a name carrying a line break is refused without being echoed or logged. */
  @Test
  void register_invalidName_isRefusedWithoutEchoingIt() {
    ProductApplication hostile =
        new ProductApplication(
            "regional\nforged entry",
            List.of("e1"),
            "credit risk pricing",
            "beta's loan desk",
            "2026-03-01",
            "2026-04-30");

    assertVaultException(
        () -> products.register(balice, hostile),
        ErrorCode.USER_ERROR,
        "invalid product name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting"
            + " with a letter or digit");
    assertThat(lastRecord().target()).isEqualTo("<invalid name>");
  }

  @Test
  void register_elementListedTwice_isRefused() {
    assertVaultException(
        () -> products.register(balice, application("2026-03-01", "2026-04-30", "e1", "e1")),
        ErrorCode.USER_ERROR,
        "--elements lists element e1 twice");
  }

  @Test
  void register_nameTheTenantAlreadyUses_isRefused() {
    var unused = registered("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> registered("2026-03-01", "2026-04-30"),
        ErrorCode.USER_ERROR,
        "product regional exists in tenant beta; choose another name");
  }

  @Test
  void register_byADeveloper_isForbidden() {
    assertVaultException(
        () -> products.register(bdev, application("2026-03-01", "2026-04-30", "e1")),
        ErrorCode.FORBIDDEN,
        "role developer may not perform product.register");
  }

  @Test
  void review_approve_activatesWithACertificateBoundToItsLogEntry() {
    var unused = registered("2026-03-01", "2026-04-30");

    Product product =
        products.review(
            admin, null, "regional", ProductDecision.APPROVE_CONDITIONAL, "purpose and scope fit");

    assertThat(product.state()).isEqualTo(ProductState.ACTIVE);
    long sequence = vault.log().size();
    assertThat(vault.log().entry(sequence).orElseThrow().record())
        .isEqualTo(
            new LogRecord(
                "admin",
                "beta",
                "product.approve",
                "regional",
                Outcome.OK,
                "certificate for log entry "
                    + sequence
                    + ", period 2026-03-01 to 2026-04-30; purpose approved for CONDITIONAL datasets"
                    + " acme/residents; reason: purpose and scope fit"));
    assertThat(product.certificate()).isNotNull();
    var certificate = product.certificate().certificate();
    assertThat(certificate.logSequence()).isEqualTo(sequence);
    assertThat(certificate.ownerTenant()).isEqualTo("beta");
    assertThat(certificate.elements())
        .containsExactly(new ProductElement("e1", "by-district", "acme"));
    assertThat(certificate.period()).isEqualTo(Period.parse("2026-03-01", "2026-04-30"));
    assertThat(certificate.issuedAt()).isEqualTo(testing.clock().instant());
    assertThat(certificate.conditionalDatasets()).containsExactly("acme/residents");
  }

  @Test
  void review_reject_isFinalAndLogged() {
    var unused = registered("2026-03-01", "2026-04-30");

    Product product =
        products.review(admin, null, "regional", ProductDecision.REJECT, "scope too broad");

    assertThat(product.state()).isEqualTo(ProductState.REJECTED);
    assertThat(lastRecord().action()).isEqualTo("product.reject");
    assertVaultException(
        () ->
            products.review(
                admin, null, "regional", ProductDecision.APPROVE_CONDITIONAL, "second thoughts"),
        ErrorCode.POLICY_REFUSED,
        "product regional is REJECTED: review needs REGISTERED");
  }

  @Test
  void certificate_ofARegisteredProduct_isRefusedNamingTheState() {
    var unused = registered("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> products.certificate(balice, null, "regional"),
        ErrorCode.POLICY_REFUSED,
        "product regional is REGISTERED: a certificate needs ACTIVE, SUSPENDED or EXPIRED");
  }

  @Test
  void run_insideThePeriod_releasesWhatTheElementsOwnRunReleases() {
    var unused = active("2026-03-01", "2026-04-30");

    ProductRun run = sandbox.runProduct(bdev, "regional", "e1", Map.of());
    Sandbox.Job own = sandbox.run(testing.dev(), "e1", false);

    assertThat(run.result().rows()).isNotEmpty().isEqualTo(own.result().rows());
  }

  @Test
  void run_isLoggedAgainstTheProductForTheConsumer() {
    var unused = active("2026-03-01", "2026-04-30");

    ProductRun run = sandbox.runProduct(bdev, "regional", "e1", Map.of());

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "bdev",
                "beta",
                "product.run",
                "regional",
                Outcome.OK,
                "element e1, job " + run.jobId() + ", " + run.releasedRows() + " rows"));
    assertThat(testing.logRecords())
        .anyMatch(
            r ->
                r.action().equals("result.release")
                    && r.tenant().equals("acme")
                    && r.actor().equals("bdev"));
  }

  @Test
  void run_beforeThePeriod_isRefusedAndLogged() {
    var unused = active("2026-03-10", "2026-04-30");

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "product regional runs from 2026-03-10 to 2026-04-30: 2026-03-01 is outside its period");
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "bdev",
                "beta",
                "product.run",
                "regional",
                Outcome.REFUSED,
                "product regional runs from 2026-03-10 to 2026-04-30: 2026-03-01 is outside its"
                    + " period"));
  }

  @Test
  void run_afterThePeriod_isRefusedAsExpired() {
    var unused = active("2026-03-01", "2026-04-30");
    testing.clock().set(Instant.parse("2026-05-01T00:00:00Z"));

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "product regional is EXPIRED: a run needs ACTIVE");
  }

  @Test
  void run_ofASuspendedElement_isRefusedNamingItsState() {
    var unused = active("2026-03-01", "2026-04-30");
    var unusedSuspension = sandbox.suspend(admin, "e1", "under investigation");

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "element e1 is SUSPENDED: a product run needs PUBLISHED");
  }

  @Test
  void run_ofAnUnlistedElement_isRefused() {
    var unused = active("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e2", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "element e2 is not listed in product regional");
  }

  @Test
  void run_byADeveloperOfAnotherTenant_findsNoProduct() {
    var unused = active("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> sandbox.runProduct(testing.dev(), "regional", "e1", Map.of()),
        ErrorCode.NOT_FOUND,
        "product regional not found");
  }

  @Test
  void run_ofARegisteredProduct_isRefusedNamingTheState() {
    var unused = registered("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "product regional is REGISTERED: a run needs ACTIVE");
  }

  @Test
  void usage_countsRunsAndReleasedRowsPerMonth() {
    var unused = active("2026-03-01", "2026-04-30");
    ProductRun march = sandbox.runProduct(bdev, "regional", "e1", Map.of());
    var unusedRun = sandbox.runProduct(bdev, "regional", "e1", Map.of());
    testing.clock().set(Instant.parse("2026-04-02T08:00:00Z"));
    var unusedApril = sandbox.runProduct(bdev, "regional", "e1", Map.of());

    ProductUsage usage = products.usage(balice, null, "regional");

    long rows = march.releasedRows();
    assertThat(usage.months())
        .containsExactly(
            new ProductUsage.Month("2026-03", 2, 2 * rows),
            new ProductUsage.Month("2026-04", 1, rows));
  }

  @Test
  void usage_isVisibleToTheElementsOwner() {
    var unused = active("2026-03-01", "2026-04-30");
    var unusedRun = sandbox.runProduct(bdev, "regional", "e1", Map.of());

    ProductUsage usage = products.usage(testing.alice(), "beta", "regional");

    assertThat(usage.months()).extracting(ProductUsage.Month::runs).containsExactly(1L);
  }

  @Test
  void usage_byAnUnrelatedTenantAdmin_findsNoProduct() {
    var unused = active("2026-03-01", "2026-04-30");
    var unusedTenant = testing.addTenantDeveloper("gamma", "gdev");
    Principal galice = vault.addUser(admin, "galice", Role.TENANT_ADMIN, "gamma", null).principal();

    assertVaultException(
        () -> products.usage(galice, "beta", "regional"),
        ErrorCode.NOT_FOUND,
        "product regional not found");
  }

  @Test
  void suspend_activeProduct_refusesItsRunsNamingTheState() {
    var unused = active("2026-03-01", "2026-04-30");

    Product suspended = products.suspend(admin, null, "regional", "purpose under review");

    assertThat(suspended.state()).isEqualTo(ProductState.SUSPENDED);
    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "product regional is SUSPENDED: a run needs ACTIVE");
  }

  @Test
  void suspend_isLoggedWithTheReason() {
    var unused = active("2026-03-01", "2026-04-30");

    unused = products.suspend(admin, null, "regional", "purpose under review");

    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "beta",
                "product.suspend",
                "regional",
                Outcome.OK,
                "reason: purpose under review"));
  }

  @Test
  void suspend_registeredProduct_isRefusedNamingTheState() {
    var unused = registered("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> products.suspend(admin, null, "regional", "purpose under review"),
        ErrorCode.POLICY_REFUSED,
        "product regional is REGISTERED: suspend needs ACTIVE");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  /** Hostile input: a reason with a line break could forge a log line; refused, nothing done. */
  @Test
  void suspend_reasonWithLineBreak_isRefusedAndChangesNothing() {
    var unused = active("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> products.suspend(admin, null, "regional", "ok\nforged line"),
        ErrorCode.USER_ERROR,
        "reason must be 1 to 500 characters on one line, without control characters");
    assertThat(products.show(balice, null, "regional").product().state())
        .isEqualTo(ProductState.ACTIVE);
  }

  @Test
  void suspend_byTheProductsTenantAdmin_isForbidden() {
    var unused = active("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> products.suspend(balice, null, "regional", "purpose under review"),
        ErrorCode.FORBIDDEN,
        "role tenant-admin may not perform product.suspend");
  }

  @Test
  void resume_suspendedProduct_runsAgainAndIsLogged() {
    var unused = active("2026-03-01", "2026-04-30");
    unused = products.suspend(admin, null, "regional", "purpose under review");

    Product resumed = products.resume(admin, null, "regional");
    ProductRun run = sandbox.runProduct(bdev, "regional", "e1", Map.of());

    assertThat(resumed.state()).isEqualTo(ProductState.ACTIVE);
    assertThat(run.result().rows()).isNotEmpty();
    assertThat(testing.logRecords())
        .contains(
            new LogRecord(
                "admin", "beta", "product.resume", "regional", Outcome.OK, "back to ACTIVE"));
  }

  @Test
  void resume_activeProduct_isRefusedNamingTheState() {
    var unused = active("2026-03-01", "2026-04-30");

    assertVaultException(
        () -> products.resume(admin, null, "regional"),
        ErrorCode.POLICY_REFUSED,
        "product regional is ACTIVE: resume needs SUSPENDED");
  }

  @Test
  void certificate_ofASuspendedProduct_staysAvailable() {
    var unused = active("2026-03-01", "2026-04-30");
    unused = products.suspend(admin, null, "regional", "purpose under review");

    assertThat(products.certificate(balice, null, "regional").certificate().product())
        .isEqualTo("regional");
  }

  @Test
  void show_suspendedElement_isSeenByTheConsumer() {
    var unused = active("2026-03-01", "2026-04-30");
    var unusedSuspension = sandbox.suspend(admin, "e1", "under investigation");

    ProductView view = products.show(balice, null, "regional");

    assertThat(view.elements())
        .containsExactly(
            new ElementStatus(new ProductElement("e1", "by-district", "acme"), "SUSPENDED"));
  }

  @Test
  void show_namesTheDatasetsBehindItsElementsWithTheirCategories() {
    var unused = registered("2026-03-01", "2026-04-30");

    ProductView view = products.show(admin, null, "regional");

    assertThat(view.datasets())
        .containsExactly(new DatasetCategory("acme", "residents", OpenCategory.CONDITIONAL));
  }

  @Test
  void run_ofARetiredElement_isRefusedNamingItsState() {
    var unused = active("2026-03-01", "2026-04-30");
    var unusedRetired = sandbox.retire(admin, "e1", "superseded");

    assertVaultException(
        () -> sandbox.runProduct(bdev, "regional", "e1", Map.of()),
        ErrorCode.POLICY_REFUSED,
        "element e1 is RETIRED: a product run needs PUBLISHED");
  }

  @Test
  void elementUsage_countsTheProductsRunsForTheOwner() {
    var unused = active("2026-03-01", "2026-04-30");
    ProductRun run = sandbox.runProduct(bdev, "regional", "e1", Map.of());
    var unusedOwn = sandbox.run(testing.dev(), "e1", false);

    ElementUsage usage = sandbox.usage(testing.alice(), "e1");

    ElementUsage.Month march = usage.months().get(0);
    assertThat(march.runs()).isEqualTo(3);
    assertThat(march.releasedRows()).isEqualTo(3L * run.releasedRows());
    assertThat(march.tenants()).containsExactly("acme", "beta");
    assertThat(march.products()).containsExactly("beta/regional");
  }
}
