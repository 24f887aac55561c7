package org.elementvault.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.job.Jobs;
import org.elementvault.engine.keys.KeyName;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates dataset and tenant keys: a new key version for new chunks (a dataset key) or new key
 * wrappings (the tenant key), logged ({@code keys.rotate}) with the job that re-encrypts the
 * existing chunks and rewraps the tenant's key files; when the job is done, the older versions and
 * their backup shields are destroyed, logged ({@code keys.destroy}). A rotation cut off by a crash
 * or an error is pending (its dataset or tenant has more than one key version) until {@link
 * #finishPending}, which every rotation calls first, completes it. One rotation runs at a time.
 */
final class KeyRotations {

  private static final Logger logger = LoggerFactory.getLogger(KeyRotations.class);

  /** The actor of entries the vault writes on its own behalf. */
  private static final String VAULT_ACTOR = "vault";

  private final Guard guard;
  private final OperationLog log;
  private final Jobs jobs;
  private final Tenants tenants;
  private final Datasets datasets;
  private final Supplier<Principal> admin;

  KeyRotations(
      Guard guard,
      OperationLog log,
      Jobs jobs,
      Tenants tenants,
      Datasets datasets,
      Supplier<Principal> admin) {
    this.guard = guard;
    this.log = log;
    this.jobs = jobs;
    this.tenants = tenants;
    this.datasets = datasets;
    this.admin = admin;
  }

  /** What one rotation covers: some datasets of one tenant, and perhaps the tenant key. */
  private record Scope(Tenant tenant, boolean tenantKey, List<Dataset> datasets) {}

  /** Rotates the key of dataset {@code datasetName} of tenant {@code tenantName}. */
  synchronized KeyRotation rotateDataset(
      Principal caller, String tenantName, String datasetName, Datasets.RotationProgress progress) {
    var unused = finishPending();
    return rotate(
            caller,
            tenantName,
            datasetName,
            () -> {
              Dataset dataset = datasets.visible(caller, tenantName, datasetName);
              return new Scope(
                  tenants.byId(dataset.tenantId()).orElseThrow(), false, List.of(dataset));
            },
            progress)
        .get(0);
  }

  /**
   * Rotates the key of every dataset of tenant {@code tenantName} and then the tenant key, in one
   * job; the tenant key's rotation comes first in the result.
   */
  synchronized List<KeyRotation> rotateTenant(
      Principal caller, String tenantName, Datasets.RotationProgress progress) {
    var unused = finishPending();
    return rotate(
        caller,
        tenantName,
        tenantName,
        () -> {
          Tenant tenant = tenant(caller, tenantName);
          List<Dataset> owned =
              datasets.all().stream()
                  .filter(d -> d.tenantId() == tenant.id())
                  .sorted(Comparator.comparing(Dataset::name))
                  .toList();
          return new Scope(tenant, true, owned);
        },
        progress);
  }

  /**
   * Completes every rotation a crash or an error left pending, each as a new job, logged by the
   * vault itself: dataset keys first, then tenant keys (whose rewrapping covers the dataset keys).
   *
   * @return how many rotations were completed
   */
  synchronized int finishPending() {
    List<Dataset> pending = datasets.pendingRotations();
    for (Dataset dataset : pending) {
      Tenant tenant = tenants.byId(dataset.tenantId()).orElseThrow();
      List<Integer> versions = datasets.keyVersions(dataset);
      resume(
          new Scope(tenant, false, List.of(dataset)),
          dataset.name(),
          keyName(dataset, versions.get(versions.size() - 1)));
      logger.info("finished the key rotation of dataset {} after a stop", dataset.id());
    }
    List<Tenant> pendingTenants = tenants.pendingRotations();
    for (Tenant tenant : pendingTenants) {
      List<Integer> versions = tenants.keyVersions(tenant);
      resume(
          new Scope(tenant, true, List.of()),
          tenant.name(),
          keyName(tenant, versions.get(versions.size() - 1)));
      logger.info("finished the key rotation of tenant {} after a stop", tenant.id());
    }
    return pending.size() + pendingTenants.size();
  }

  private void resume(Scope scope, String target, String key) {
    JobRecord job =
        jobs.start(admin.get(), scope.tenant().id(), scope.tenant().name(), jobLabel(scope), false);
    log.commit(
        new LogRecord(
            VAULT_ACTOR,
            scope.tenant().name(),
            Operation.KEYS_ROTATE.action(),
            target,
            Outcome.OK,
            "resuming the re-encryption under " + key + " after a stop; job " + job.id()),
        new Batch());
    var unused =
        reencrypt(VAULT_ACTOR, job, target, scope, List.of(key), Datasets.RotationProgress.NONE);
  }

  /**
   * Chooses the keys inside the guard, so a refusal is logged like any other, and creates the new
   * key versions only once the rotation's entry is committed: nothing is sealed or wrapped under a
   * version the log does not name. A crash in between leaves the job {@code INTERRUPTED} and no new
   * version.
   */
  private List<KeyRotation> rotate(
      Principal caller,
      String tenantName,
      String target,
      Supplier<Scope> chooser,
      Datasets.RotationProgress progress) {
    List<Scope> chosen = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    JobRecord job =
        guard.run(
            caller,
            Operation.KEYS_ROTATE,
            tenantName,
            target,
            () -> {
              Scope scope = chooser.get();
              chosen.add(scope);
              JobRecord started =
                  jobs.start(caller, scope.tenant().id(), tenantName, jobLabel(scope), false);
              if (scope.tenantKey()) {
                List<Integer> versions = tenants.keyVersions(scope.tenant());
                keys.add(keyName(scope.tenant(), versions.get(versions.size() - 1) + 1));
              }
              for (Dataset dataset : scope.datasets()) {
                List<Integer> versions = datasets.keyVersions(dataset);
                keys.add(keyName(dataset, versions.get(versions.size() - 1) + 1));
              }
              return new Guard.Change<>(
                  started,
                  new Batch(),
                  null,
                  "new key versions "
                      + String.join(", ", keys)
                      + "; re-encryption is job "
                      + started.id(),
                  () -> {
                    scope.datasets().forEach(d -> datasets.addKeyVersion(d));
                    if (scope.tenantKey()) {
                      var unused = tenants.addKeyVersion(scope.tenant());
                    }
                  });
            });
    return reencrypt(caller.name(), job, target, chosen.get(0), keys, progress);
  }

  /**
   * Re-encrypts the datasets under their newest key versions; then, for a tenant key, rewraps the
   * tenant's key files under its newest version and destroys the older ones. Ends the job and logs
   * it. {@code keys} names the new versions: the tenant key's first, if rotated, then the
   * datasets'.
   */
  private List<KeyRotation> reencrypt(
      String actor,
      JobRecord job,
      String target,
      Scope scope,
      List<String> keys,
      Datasets.RotationProgress progress) {
    List<KeyRotation> done = new ArrayList<>();
    int firstDatasetKey = scope.tenantKey() ? 1 : 0;
    long chunks = 0;
    long rewrapped = 0;
    try {
      for (int i = 0; i < scope.datasets().size(); i++) {
        Dataset dataset = scope.datasets().get(i);
        long reencrypted = datasets.reencrypt(dataset, progress);
        chunks += reencrypted;
        done.add(
            rotation(
                keys.get(firstDatasetKey + i),
                job.tenant() + "/" + dataset.name(),
                reencrypted,
                job));
      }
      if (scope.tenantKey()) {
        // Every file wrapped under an older version is rewrapped before any version is destroyed.
        rewrapped = datasets.rewrapKeys(scope.tenant());
        rewrapped += tenants.rewrapSealingKey(scope.tenant()) ? 1 : 0;
        tenants.shredOlderKeyVersions(scope.tenant());
        done.add(0, rotation(keys.get(0), job.tenant(), rewrapped, job));
      }
    } catch (RuntimeException e) {
      jobs.fail(job);
      throw e;
    }
    Batch batch = new Batch();
    jobs.succeed(batch, job);
    log.commit(
        new LogRecord(
            actor,
            job.tenant(),
            "keys.destroy",
            target,
            Outcome.OK,
            "older versions of "
                + String.join(", ", keys)
                + " destroyed with their backup shields; "
                + chunks
                + " chunks re-encrypted"
                + (scope.tenantKey() ? " and " + rewrapped + " keys rewrapped" : "")
                + " by job "
                + job.id()),
        batch);
    return done;
  }

  private static KeyRotation rotation(String key, String owner, long resealed, JobRecord job) {
    return new KeyRotation(
        key, owner, KeyName.parse(key).orElseThrow().version(), resealed, job.id());
  }

  private Tenant tenant(Principal caller, String tenantName) {
    Names.check("tenant", tenantName);
    return tenants
        .find(caller, tenantName)
        .filter(t -> t.state() != TenantState.DESTROYED)
        .orElseThrow(
            () -> new VaultException(ErrorCode.NOT_FOUND, "tenant " + tenantName + " not found"));
  }

  private static String keyName(Dataset dataset, int version) {
    return new KeyName("dataset", dataset.id(), version).toString();
  }

  private static String keyName(Tenant tenant, int version) {
    return new KeyName("tenant", tenant.id(), version).toString();
  }

  private static String jobLabel(Scope scope) {
    List<String> keys = new ArrayList<>();
    if (scope.tenantKey()) {
      keys.add(KeyName.first("tenant", scope.tenant().id()).toString());
    }
    scope.datasets().forEach(d -> keys.add(KeyName.first("dataset", d.id()).toString()));
    return "keys.rotate " + String.join(",", keys);
  }
}
