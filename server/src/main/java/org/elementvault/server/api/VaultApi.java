package org.elementvault.server.api;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.budget.BudgetStatus;
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
 * Every operation the vault serves, on behalf of one principal: the one interface the {@code
 * evault} commands call, whether the vault runs in this process ({@link EmbeddedApi}) or behind the
 * HTTPS server. Each method is one operation of the CLI; the vault authorizes it against the
 * principal's role and logs it before its effect is released.
 *
 * <h2>Values</h2>
 *
 * <p>Arguments and results are plain values and records that {@link ApiJson#mapper()} writes and
 * reads back equal, so the HTTP implementation sends exactly what the embedded one returns.
 * Arguments that name files ({@link Path}) name files on the caller's machine: the implementation
 * reads or writes them there, so a remote caller uploads and downloads through it.
 *
 * <h2>Errors</h2>
 *
 * <p>A refused or failed operation throws {@link org.elementvault.engine.VaultException} with its
 * {@link org.elementvault.engine.ErrorCode} and a message fit to show (it names the thing and the
 * rule, never a data value). Remote implementations rebuild the same exception from the server's
 * error, so callers see the same code and message in both modes.
 */
public interface VaultApi {

  // The caller and the vault

  /** {@code whoami}: the caller as the vault knows it. */
  UserInfo whoami();

  /** {@code status}: the vault that answered; its log size for vault-wide roles only. */
  VaultStatus status();

  // Tenants

  /** {@code tenant apply}: enters a tenant's application ({@code until} for a temporary one). */
  TenantInfo applyTenant(String name, String contact, @Nullable LocalDate temporaryUntil);

  /** {@code tenant review}: decides the pending application or change request. */
  TenantInfo reviewTenant(String name, boolean approve, String reason);

  /** {@code tenant activate}: ends the trial. */
  TenantInfo activateTenant(String name);

  /** {@code tenant extend-trial}: extends the trial by {@code days}. */
  TenantInfo extendTrial(String name, int days);

  /** {@code tenant suspend}. */
  TenantInfo suspendTenant(String name);

  /** {@code tenant resume}. */
  TenantInfo resumeTenant(String name);

  /** {@code tenant change}: a tenant admin's request for new quotas, for the admin to review. */
  TenantInfo requestTenantChange(String name, QuotaChange change);

  /** {@code tenant quota}: the vault admin sets quotas directly. */
  TenantInfo setTenantQuotas(String name, QuotaChange change);

  /** {@code tenant exit}: destroys the tenant; {@code confirm} repeats its name. */
  TenantInfo exitTenant(String name, String confirm);

  /** {@code tenant list}: the tenants the caller may see, by name. */
  List<TenantInfo> listTenants();

  /** {@code tenant show}. */
  TenantInfo showTenant(String name);

  // Users

  /**
   * {@code user add}: adds a principal and writes its new token to {@code tokenOut} on the caller's
   * machine (owner-only permissions, the bare token on one line). The token is in no returned
   * value.
   */
  UserInfo addUser(
      String name, Role role, @Nullable String tenant, @Nullable Instant expiresAt, Path tokenOut);

  /** {@code user revoke}: takes effect at once. */
  UserInfo revokeUser(String name);

  /** {@code user list}: the users the caller may see. */
  List<UserInfo> listUsers();

  // Datasets

  /**
   * {@code dataset import}: imports {@code file} (by its extension: {@code .csv}, {@code .arrow},
   * {@code .arrows}) as a new version of dataset {@code name}, created with {@code schemaYaml} if
   * it is new. All or nothing. {@code progress} hears of every batch.
   *
   * @param tenant the tenant; tenant-scoped callers may omit it (their own)
   */
  VersionInfo importDataset(
      @Nullable String tenant,
      String name,
      Path file,
      byte[] schemaYaml,
      Datasets.Progress progress);

  /** {@code dataset list}. */
  List<DatasetInfo> listDatasets(@Nullable String tenant);

  /** {@code dataset describe}: the dataset with its ε budget and what its window has used. */
  DatasetInfo describeDataset(@Nullable String tenant, String name);

  /**
   * {@code dataset budget}: the vault admin sets the ε a dataset's dp runs may spend per rolling
   * window of {@code windowDays}; returns the budget as it now stands.
   */
  BudgetStatus setDatasetBudget(
      @Nullable String tenant, String dataset, BigDecimal epsilon, int windowDays);

  /** {@code dataset classify}: changes one column's level, with a reason. */
  DatasetInfo classifyColumn(
      @Nullable String tenant, String dataset, String column, Level level, String reason);

  /** {@code dataset drop}: deletes every version and shreds the key; returns what was dropped. */
  DatasetInfo dropDataset(@Nullable String tenant, String name, String confirm);

  // Elements

  /** {@code element check}: the dry-run assessment of a spec; stores nothing. */
  Sandbox.CheckReport checkElement(byte[] specYaml);

  /** {@code element submit}: assesses the spec and stores it as SUBMITTED if it passes. */
  Element submitElement(byte[] specYaml);

  /** {@code element review}. */
  Element reviewElement(String id, boolean approve, String reason);

  /** {@code element list}. */
  List<Element> listElements(@Nullable String tenant);

  /** {@code element show}. */
  Element showElement(String id);

  /** {@code element suspend} (vault admin): runs are refused until it is resumed. */
  Element suspendElement(String id, String reason);

  /** {@code element resume} (vault admin): a suspended element back to APPROVED. */
  Element resumeElement(String id);

  /** {@code element retire} (vault admin, or the developer who submitted it); final. */
  Element retireElement(String id, String reason);

  /**
   * {@code element run}: runs an approved element (or, with {@code sample}, a submitted one on
   * synthetic data) and returns its released, desensitized result.
   */
  Sandbox.Job runElement(String id, boolean sample, Map<String, String> parameters);

  /** {@code element release} (its developer): an approved element that ran goes to review. */
  Element releaseElement(String id);

  /** What an element has released so far: what {@code element show} adds in release review. */
  ReleaseReport elementReleaseReport(String id);

  /** {@code element catalog}: the published elements, as every principal sees them. */
  List<CatalogEntry> elementCatalog();

  /** {@code element usage} (the vault admin and the element's tenant): runs per month. */
  ElementUsage elementUsage(String id);

  /** The result a job of the caller released, read back from the vault. */
  ElementResult readResult(String jobId);

  // Data products

  /** {@code product register} (a tenant admin of the consuming tenant): REGISTERED. */
  Product registerProduct(ProductApplication application);

  /**
   * {@code product review} (vault admin): ACTIVE with a registration certificate, or REJECTED; a
   * product over CONDITIONAL datasets is approved only with {@code APPROVE_CONDITIONAL}.
   */
  Product reviewProduct(
      @Nullable String tenant, String name, ProductDecision decision, String reason);

  /** {@code product suspend} (vault admin): runs are refused until it is resumed. */
  Product suspendProduct(@Nullable String tenant, String name, String reason);

  /** {@code product resume} (vault admin): a suspended product back to ACTIVE. */
  Product resumeProduct(@Nullable String tenant, String name);

  /** {@code product list}. */
  List<Product> listProducts();

  /** {@code product show}: with its elements' states and the datasets behind them. */
  ProductView showProduct(@Nullable String tenant, String name);

  /** {@code product certificate}: the signed registration certificate of an approved product. */
  SignedCertificate productCertificate(@Nullable String tenant, String name);

  /** {@code product run} (a developer of the product's tenant): one listed element's result. */
  ProductRun runProduct(String name, String element, Map<String, String> parameters);

  /** {@code product usage}: runs and released rows per month. */
  ProductUsage productUsage(@Nullable String tenant, String name);

  // Models

  /** {@code model list}: the models the caller may see; metadata and lineage only. */
  List<ModelInfo> listModels();

  /** {@code model show}: one model, by id ({@code m1}) or name (the newest). */
  ModelInfo showModel(String model);

  // Jobs

  /** {@code job list}: the jobs the caller may see, by id. */
  List<JobRecord> listJobs();

  /** {@code job show}: one job and its state. */
  JobRecord showJob(String id);

  /** {@code job cancel}: asks a running job to stop between batches. */
  JobRecord cancelJob(String id);

  // Keys

  /** {@code keys status}: every key with its version and creation time; never a key byte. */
  List<KeyStatus> keyStatus();

  /**
   * {@code keys rotate --master}: rewraps the master key for {@code next}; embedded only, so a new
   * secret never travels over the network. The caller keeps owning {@code next}.
   */
  UnlockMethod rotateMasterSecret(Unlock next);

  /**
   * {@code keys rotate --dataset D --tenant T}, or with {@code dataset} null {@code keys rotate
   * --tenant T} (every dataset of T, then T's tenant key): a new key version per dataset, every
   * chunk re-encrypted under it, the older versions destroyed; for the tenant key, a new version,
   * the tenant's key files rewrapped under it, the older versions destroyed. Returns once the work
   * is done; embedded only.
   */
  List<KeyRotation> rotateDatasetKeys(String tenant, @Nullable String dataset);

  /**
   * {@code model register}: registers the ONNX model {@code file} as {@code name}, scoring {@code
   * features} (a tenant admin, for its own tenant); checked in full before anything is stored.
   */
  ModelInfo registerModel(String name, Path file, List<String> features);

  // Operation log

  /** {@code log show}: the entries the caller may see, oldest first. */
  List<LogEntry> showLog(LogSelection selection);

  /**
   * {@code log verify}: recomputes the whole log and, given a checkpoint file saved earlier, proves
   * the log extends it.
   */
  VerifyReport verifyLog(@Nullable Path checkpoint);

  /** {@code log checkpoint}: signs the current tree head and writes it to {@code out}. */
  Checkpoint checkpointLog(Path out);

  /**
   * {@code log export}: writes every entry with a signed tree head to {@code out} and the vault's
   * public key beside it ({@code out.pub}); returns the head.
   */
  SignedTreeHead exportLog(Path out);

  /** {@code log purge}: deletes entries older than {@code before}, outside the retention. */
  LogEntry purgeLog(Instant before);
}
