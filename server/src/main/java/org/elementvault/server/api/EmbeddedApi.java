package org.elementvault.server.api;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Principals;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.UnlockMethod;
import org.elementvault.engine.oplog.Checkpoint;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.CatalogEntry;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.element.ReleaseReport;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.model.ModelInfo;
import org.elementvault.sandbox.product.Product;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.ProductUsage;
import org.elementvault.sandbox.product.ProductView;
import org.elementvault.sandbox.product.SignedCertificate;
import org.jspecify.annotations.Nullable;

/**
 * The vault's operations run in this process, on an open vault, as one principal: each method calls
 * the one engine or sandbox method that authorizes, logs and performs the operation.
 *
 * <p>Does not own the vault: whoever opened it closes it. Thread-safe as far as the vault and the
 * sandbox are; a server shares one {@link Sandbox} across callers so each tenant's concurrent-job
 * quota counts every job.
 */
public final class EmbeddedApi implements VaultApi {

  private final Vault vault;
  private final Sandbox sandbox;
  private final Principal caller;

  /** Operations on {@code vault} as {@code caller}, with a sandbox of their own. */
  public EmbeddedApi(Vault vault, Principal caller) {
    this(vault, new Sandbox(vault), caller);
  }

  /** Operations on {@code vault} as {@code caller}, running elements in a shared sandbox. */
  public EmbeddedApi(Vault vault, Sandbox sandbox, Principal caller) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  /** The principal these operations act as. */
  public Principal caller() {
    return caller;
  }

  @Override
  public UserInfo whoami() {
    return user(caller);
  }

  @Override
  public VaultStatus status() {
    Long logSize = caller.role().isTenantScoped() ? null : vault.log().size();
    return new VaultStatus(vault.id(), vault.suite(), logSize);
  }

  @Override
  public TenantInfo applyTenant(String name, String contact, @Nullable LocalDate temporaryUntil) {
    return tenant(vault.tenants().apply(caller, name, contact, temporaryUntil));
  }

  @Override
  public TenantInfo reviewTenant(String name, boolean approve, String reason) {
    return tenant(vault.tenants().review(caller, name, approve, reason));
  }

  @Override
  public TenantInfo activateTenant(String name) {
    return tenant(vault.tenants().activate(caller, name));
  }

  @Override
  public TenantInfo extendTrial(String name, int days) {
    return tenant(vault.tenants().extendTrial(caller, name, days));
  }

  @Override
  public TenantInfo suspendTenant(String name) {
    return tenant(vault.tenants().suspend(caller, name));
  }

  @Override
  public TenantInfo resumeTenant(String name) {
    return tenant(vault.tenants().resume(caller, name));
  }

  @Override
  public TenantInfo requestTenantChange(String name, QuotaChange change) {
    return tenant(vault.tenants().requestChange(caller, name, change.applyTo(quotas(name))));
  }

  @Override
  public TenantInfo setTenantQuotas(String name, QuotaChange change) {
    return tenant(vault.tenants().setQuotas(caller, name, change.applyTo(quotas(name))));
  }

  /** The quotas a change starts from; an unknown tenant is refused by the change itself. */
  private Quotas quotas(String name) {
    return vault.tenants().find(caller, name).map(Tenant::quotas).orElse(Quotas.DEFAULTS);
  }

  @Override
  public TenantInfo exitTenant(String name, String confirm) {
    return tenant(vault.exitTenant(caller, name, confirm));
  }

  @Override
  public List<TenantInfo> listTenants() {
    LocalDate today = vault.tenants().businessDate();
    return vault.tenants().list(caller).stream().map(t -> new TenantInfo(t, today)).toList();
  }

  @Override
  public TenantInfo showTenant(String name) {
    return tenant(vault.tenants().show(caller, name));
  }

  private TenantInfo tenant(Tenant tenant) {
    return new TenantInfo(tenant, vault.tenants().businessDate());
  }

  @Override
  public UserInfo addUser(
      String name, Role role, @Nullable String tenant, @Nullable Instant expiresAt, Path tokenOut) {
    Principals.Issued issued = vault.addUser(caller, name, role, tenant, expiresAt);
    try {
      issued.token().writeTo(tokenOut);
    } finally {
      issued.token().destroy();
    }
    return user(issued.principal());
  }

  @Override
  public UserInfo revokeUser(String name) {
    return user(vault.revokeUser(caller, name));
  }

  @Override
  public List<UserInfo> listUsers() {
    return vault.users(caller).stream().map(this::user).toList();
  }

  private UserInfo user(Principal principal) {
    Long tenantId = principal.tenantId();
    return new UserInfo(
        principal.name(),
        principal.role(),
        tenantId == null ? null : vault.tenantName(tenantId),
        principal.createdAt(),
        principal.expiresAt(),
        principal.revokedAt(),
        principal.isActiveAt(vault.clock().instant()));
  }

  @Override
  public VersionInfo importDataset(
      @Nullable String tenant,
      String name,
      Path file,
      byte[] schemaYaml,
      Datasets.Progress progress) {
    return VersionInfo.of(
        vault.datasets().importFile(caller, tenant, name, file, schemaYaml, progress));
  }

  @Override
  public List<DatasetInfo> listDatasets(@Nullable String tenant) {
    return vault.datasets().list(caller, tenant).stream().map(DatasetInfo::of).toList();
  }

  @Override
  public DatasetInfo describeDataset(@Nullable String tenant, String name) {
    Dataset dataset = vault.datasets().describe(caller, tenant, name);
    return DatasetInfo.of(dataset, vault.budgets().status(caller, tenant, name));
  }

  @Override
  public BudgetStatus setDatasetBudget(
      @Nullable String tenant, String dataset, BigDecimal epsilon, int windowDays) {
    return vault.budgets().set(caller, tenant, dataset, epsilon, windowDays);
  }

  @Override
  public DatasetInfo classifyColumn(
      @Nullable String tenant, String dataset, String column, Level level, String reason) {
    return DatasetInfo.of(
        vault.datasets().classify(caller, tenant, dataset, column, level, reason));
  }

  @Override
  public DatasetInfo dropDataset(@Nullable String tenant, String name, String confirm) {
    return DatasetInfo.of(vault.datasets().drop(caller, tenant, name, confirm));
  }

  @Override
  public Sandbox.CheckReport checkElement(byte[] specYaml) {
    return sandbox.check(caller, specYaml);
  }

  @Override
  public Element submitElement(byte[] specYaml) {
    return sandbox.submit(caller, specYaml);
  }

  @Override
  public Element reviewElement(String id, boolean approve, String reason) {
    return sandbox.review(caller, id, approve, reason);
  }

  @Override
  public List<Element> listElements(@Nullable String tenant) {
    return sandbox.list(caller, tenant);
  }

  @Override
  public Element showElement(String id) {
    return sandbox.show(caller, id);
  }

  @Override
  public List<ModelInfo> listModels() {
    return sandbox.models(caller);
  }

  @Override
  public ModelInfo showModel(String model) {
    return sandbox.model(caller, model);
  }

  @Override
  public List<KeyStatus> keyStatus() {
    return vault.keyStatus(caller);
  }

  @Override
  public UnlockMethod rotateMasterSecret(Unlock next) {
    return vault.rotateMasterSecret(caller, next);
  }

  @Override
  public List<KeyRotation> rotateDatasetKeys(String tenant, @Nullable String dataset) {
    return dataset == null
        ? vault.rotateTenantKeys(caller, tenant, Datasets.RotationProgress.NONE)
        : List.of(vault.rotateDatasetKey(caller, tenant, dataset, Datasets.RotationProgress.NONE));
  }

  @Override
  public List<JobRecord> listJobs() {
    return vault.jobs().list(caller);
  }

  @Override
  public JobRecord showJob(String id) {
    return vault.jobs().show(caller, id);
  }

  @Override
  public JobRecord cancelJob(String id) {
    return vault.jobs().cancel(caller, id);
  }

  @Override
  public ModelInfo registerModel(String name, Path file, List<String> features) {
    return sandbox.registerModel(caller, name, ModelFiles.read(file), features);
  }

  @Override
  public Element suspendElement(String id, String reason) {
    return sandbox.suspend(caller, id, reason);
  }

  @Override
  public Element resumeElement(String id) {
    return sandbox.resume(caller, id);
  }

  @Override
  public Element retireElement(String id, String reason) {
    return sandbox.retire(caller, id, reason);
  }

  @Override
  public Sandbox.Job runElement(String id, boolean sample, Map<String, String> parameters) {
    return sandbox.run(caller, id, sample, parameters);
  }

  @Override
  public Element releaseElement(String id) {
    return sandbox.release(caller, id);
  }

  @Override
  public ReleaseReport elementReleaseReport(String id) {
    return sandbox.releaseReport(caller, id);
  }

  @Override
  public List<CatalogEntry> elementCatalog() {
    return sandbox.catalog(caller);
  }

  @Override
  public ElementUsage elementUsage(String id) {
    return sandbox.usage(caller, id);
  }

  @Override
  public Product registerProduct(ProductApplication application) {
    return sandbox.products().register(caller, application);
  }

  @Override
  public Product reviewProduct(
      @Nullable String tenant, String name, ProductDecision decision, String reason) {
    return sandbox.products().review(caller, tenant, name, decision, reason);
  }

  @Override
  public Product suspendProduct(@Nullable String tenant, String name, String reason) {
    return sandbox.products().suspend(caller, tenant, name, reason);
  }

  @Override
  public Product resumeProduct(@Nullable String tenant, String name) {
    return sandbox.products().resume(caller, tenant, name);
  }

  @Override
  public List<Product> listProducts() {
    return sandbox.products().list(caller);
  }

  @Override
  public ProductView showProduct(@Nullable String tenant, String name) {
    return sandbox.products().show(caller, tenant, name);
  }

  @Override
  public SignedCertificate productCertificate(@Nullable String tenant, String name) {
    return sandbox.products().certificate(caller, tenant, name);
  }

  @Override
  public ProductRun runProduct(String name, String element, Map<String, String> parameters) {
    return sandbox.runProduct(caller, name, element, parameters);
  }

  @Override
  public ProductUsage productUsage(@Nullable String tenant, String name) {
    return sandbox.products().usage(caller, tenant, name);
  }

  @Override
  public ElementResult readResult(String jobId) {
    return ResultReader.read(vault.results().read(caller, jobId));
  }

  @Override
  public List<LogEntry> showLog(LogSelection selection) {
    return vault.auditLog().show(caller, selection.toFilter());
  }

  @Override
  public VerifyReport verifyLog(@Nullable Path checkpoint) {
    return vault.auditLog().verify(caller, Optional.ofNullable(checkpoint));
  }

  @Override
  public Checkpoint checkpointLog(Path out) {
    return vault.auditLog().checkpoint(caller, out);
  }

  @Override
  public SignedTreeHead exportLog(Path out) {
    return vault.auditLog().export(caller, out);
  }

  @Override
  public LogEntry purgeLog(Instant before) {
    return vault.auditLog().purge(caller, before);
  }
}
