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
 * Rotates dataset keys: a new key version for new chunks, logged ({@code keys.rotate}) with the job
 * that re-encrypts the existing chunks; when the job is done, the older versions and their backup
 * shields are destroyed, logged ({@code keys.destroy}). A rotation cut off by a crash or an error
 * is pending (its dataset has more than one key version) until {@link #finishPending}, which every
 * rotation calls first, completes it. One rotation runs at a time.
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

  /** Rotates the key of dataset {@code datasetName} of tenant {@code tenantName}. */
  synchronized KeyRotation rotateDataset(
      Principal caller, String tenantName, String datasetName, Datasets.RotationProgress progress) {
    var unused = finishPending();
    return rotate(
            caller,
            tenantName,
            datasetName,
            () -> List.of(datasets.visible(caller, tenantName, datasetName)),
            progress)
        .get(0);
  }

  /** Rotates the key of every dataset of tenant {@code tenantName}, in one job. */
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
          if (owned.isEmpty()) {
            throw new VaultException(
                ErrorCode.USER_ERROR, "tenant " + tenantName + " has no dataset: no key to rotate");
          }
          return owned;
        },
        progress);
  }

  /**
   * Completes every rotation a crash or an error left pending, each as a new job, logged by the
   * vault itself.
   *
   * @return how many rotations were completed
   */
  synchronized int finishPending() {
    List<Dataset> pending = datasets.pendingRotations();
    for (Dataset dataset : pending) {
      String tenantName = tenants.byId(dataset.tenantId()).map(Tenant::name).orElse("");
      List<Integer> versions = datasets.keyVersions(dataset);
      String key = keyName(dataset, versions.get(versions.size() - 1));
      JobRecord job =
          jobs.start(
              admin.get(), dataset.tenantId(), tenantName, jobLabel(List.of(dataset)), false);
      String target = dataset.name();
      log.commit(
          new LogRecord(
              VAULT_ACTOR,
              tenantName,
              Operation.KEYS_ROTATE.action(),
              target,
              Outcome.OK,
              "resuming the re-encryption under " + key + " after a stop; job " + job.id()),
          new Batch());
      var unused =
          reencrypt(
              VAULT_ACTOR,
              job,
              target,
              List.of(dataset),
              List.of(key),
              Datasets.RotationProgress.NONE);
      logger.info("finished the key rotation of dataset {} after a stop", dataset.id());
    }
    return pending.size();
  }

  /**
   * Chooses the datasets inside the guard, so a refusal is logged like any other, and creates the
   * new key versions only once the rotation's entry is committed: nothing is sealed under a version
   * the log does not name. A crash in between leaves the job {@code INTERRUPTED} and no new
   * version.
   */
  private List<KeyRotation> rotate(
      Principal caller,
      String tenantName,
      String target,
      Supplier<List<Dataset>> chooser,
      Datasets.RotationProgress progress) {
    List<Dataset> chosen = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    JobRecord job =
        guard.run(
            caller,
            Operation.KEYS_ROTATE,
            tenantName,
            target,
            () -> {
              chosen.addAll(chooser.get());
              JobRecord started =
                  jobs.start(caller, chosen.get(0).tenantId(), tenantName, jobLabel(chosen), false);
              for (Dataset dataset : chosen) {
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
                  () -> chosen.forEach(d -> datasets.addKeyVersion(d)));
            });
    return reencrypt(caller.name(), job, target, chosen, keys, progress);
  }

  /** Re-encrypts the datasets under their newest key versions, ends the job and logs it. */
  private List<KeyRotation> reencrypt(
      String actor,
      JobRecord job,
      String target,
      List<Dataset> chosen,
      List<String> keys,
      Datasets.RotationProgress progress) {
    List<KeyRotation> done = new ArrayList<>();
    try {
      for (int i = 0; i < chosen.size(); i++) {
        Dataset dataset = chosen.get(i);
        long chunks = datasets.reencrypt(dataset, progress);
        KeyName name = KeyName.parse(keys.get(i)).orElseThrow();
        done.add(
            new KeyRotation(
                keys.get(i),
                job.tenant() + "/" + dataset.name(),
                name.version(),
                chunks,
                job.id()));
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
                + done.stream().mapToLong(KeyRotation::reencrypted).sum()
                + " chunks re-encrypted by job "
                + job.id()),
        batch);
    return done;
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

  private static String jobLabel(List<Dataset> chosen) {
    return "keys.rotate "
        + String.join(
            ",", chosen.stream().map(d -> KeyName.first("dataset", d.id()).toString()).toList());
  }
}
