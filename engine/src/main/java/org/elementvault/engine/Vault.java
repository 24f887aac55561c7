package org.elementvault.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Principals;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.auth.Token;
import org.elementvault.engine.backup.BackupKey;
import org.elementvault.engine.backup.Backups;
import org.elementvault.engine.budget.Budgets;
import org.elementvault.engine.chunk.ChunkCache;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.job.Jobs;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.SealedSecrets;
import org.elementvault.engine.keys.SecretRotation;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.UnlockMethod;
import org.elementvault.engine.keys.VaultKeys;
import org.elementvault.engine.oplog.HeadFile;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.result.Results;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.seal.SealedMeta;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantSealer;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open vault: one directory holding the key store ({@code vault.keystore}), the wrapped-key
 * directory ({@code keys/}) and the RocksDB database ({@code db/}).
 *
 * <p>The caller that opens a vault owns it and must {@link #close()} it, which wipes the master key
 * and releases the database lock. Only one process can have a vault open at a time. Thread-safe.
 */
public final class Vault implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(Vault.class);

  /** The RocksDB database's directory inside the vault directory. */
  public static final String DATABASE = "db";

  /** The wrapped tenant and dataset keys' directory ({@link KeyDirectory}). */
  public static final String KEYS = "keys";

  /** The vault's own sealed secrets' directory ({@link SealedSecrets}). */
  public static final String SECRETS = "secrets";

  /** META key of the vault marker: proves the database and key store belong together. */
  private static final byte[] MARKER_KEY = "vault".getBytes(StandardCharsets.US_ASCII);

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final Path directory;
  private final VaultKeys keys;
  private final VaultStore store;
  private final Clock clock;
  private final OperationLog log;
  private final Principals principals;
  private final Tenants tenants;
  private final AuditLog auditLog;
  private final Datasets datasets;
  private final Budgets budgets;
  private final Guard guard;
  private final Records records;
  private final Results results;
  private final SealedSecrets secrets;
  private final TenantSealer tenantSealer;
  private final Backups backups;
  private final Jobs jobs;
  private final Primitives primitives;
  private final VaultOptions options;
  private final ChunkCache chunkCache;
  private final KeyRotations keyRotations;

  private Vault(
      Path directory,
      VaultKeys keys,
      VaultStore store,
      Primitives primitives,
      VaultOptions options) {
    this.directory = directory;
    this.keys = keys;
    this.store = store;
    this.primitives = primitives;
    this.options = options;
    this.clock = options.clock();
    String id = keys.file().vaultId();
    Aead sealer = primitives.aead(keys.master());
    SealedMeta meta = new SealedMeta(store, sealer, id);
    HeadFile headFile = HeadFile.of(directory, sealer, id);
    this.log = OperationLog.open(store, headFile, sealer, primitives.hasher(), clock, id);
    headFile
        .lackedBy(log)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    // After a crash between a commit and its head file, the database is one entry ahead.
    headFile.acknowledged(log.size(), log.lastHash());
    this.guard = new Guard(log);
    this.chunkCache = ChunkCache.create(options.chunkCache());
    this.records = new Records(meta, store);
    this.jobs = new Jobs(records, store, guard, clock);
    this.principals =
        new Principals(meta, guard, log, primitives.hasher(), options.random(), clock);
    this.tenants =
        new Tenants(
            meta,
            guard,
            new KeyDirectory(directory.resolve(KEYS)),
            KeyHierarchy.of(primitives, keys.master()),
            primitives,
            clock,
            chunkCache);
    this.datasets =
        new Datasets(
            meta,
            guard,
            store,
            new KeyDirectory(directory.resolve(KEYS)),
            primitives,
            tenants,
            clock,
            id,
            chunkCache);
    this.budgets = new Budgets(meta, store, guard, datasets, tenants, clock);
    this.results = new Results(guard, store, tenants, primitives, id, clock);
    this.tenantSealer = new TenantSealer(tenants, primitives, id);
    this.secrets = new SealedSecrets(directory.resolve(SECRETS), sealer, id);
    this.backups =
        new Backups(
            directory,
            store,
            log,
            guard,
            records,
            datasets,
            new KeyDirectory(directory.resolve(KEYS)),
            KeyHierarchy.of(primitives, keys.master()),
            sealer,
            BackupKey.sealer(primitives, keys.master()),
            primitives,
            id,
            clock);
    this.keyRotations = new KeyRotations(guard, log, jobs, tenants, datasets, this::admin);
    this.auditLog =
        new AuditLog(
            guard, log, keys.file().suite(), keys::signer, keys::verifier, this::tenantName, clock);
  }

  /**
   * Creates a vault in {@code directory}, which must be empty or absent, and returns it open. Fails
   * without leaving anything behind.
   *
   * @throws VaultException {@code USER_ERROR} if the directory is not empty or not a directory, or
   *     the secret is unusable
   */
  public static Vault init(Path directory, CipherSuite suite, Unlock unlock, VaultOptions options) {
    Path dir = directory.toAbsolutePath().normalize();
    boolean created = prepareEmptyDirectory(dir);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Primitives primitives = suite.primitives(options.random());
      VaultKeys keys = VaultKeys.create(primitives, unlock, options);
      opened.add(keys);
      Files.createDirectory(dir.resolve(KEYS), OWNER_ONLY);
      VaultStore store = VaultStore.create(dir.resolve(DATABASE));
      opened.add(store);
      firstWrite(dir, store, primitives, keys, options.clock());
      // The key store is written last: a directory without one is not a vault.
      keys.file().write(dir);
      logger.info("created vault {} ({}) at {}", keys.file().vaultId(), suite, dir);
      return new Vault(dir, keys, store, primitives, options);
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      removeCreated(dir, created);
      if (e instanceof VaultException vaultException) {
        throw vaultException;
      }
      throw new VaultException(ErrorCode.INTERNAL, "creating the vault in " + dir + " failed", e);
    }
  }

  /**
   * Opens the vault in {@code directory}.
   *
   * @throws VaultException {@code ACCESS_DENIED} with the message {@value VaultKeys#WRONG_SECRET}
   *     if the passphrase or key file is wrong; {@code USER_ERROR} if the directory is not a vault
   *     or is in use; {@code INTEGRITY} if the key store or database fails a check
   */
  public static Vault open(Path directory, Unlock unlock, VaultOptions options) {
    Path dir = directory.toAbsolutePath().normalize();
    KeyStoreFile file = KeyStoreFile.read(dir);
    Primitives primitives = file.suite().primitives(options.random());
    VaultKeys keys = VaultKeys.unlock(file, primitives, unlock, options.kdfFloor());
    VaultStore store;
    try {
      Aead sealer = primitives.aead(keys.master());
      HeadFile headFile = HeadFile.of(dir, sealer, file.vaultId());
      store =
          VaultStore.open(
              dir.resolve(DATABASE),
              withoutTornTail ->
                  headFile
                      .lackedBy(
                          OperationLog.open(
                              withoutTornTail,
                              sealer,
                              primitives.hasher(),
                              options.clock(),
                              file.vaultId()))
                      .isEmpty());
    } catch (RuntimeException e) {
      keys.close();
      throw e;
    }
    try {
      checkMarker(primitives, keys, store);
    } catch (RuntimeException e) {
      store.close();
      keys.close();
      throw e;
    }
    try {
      Vault vault = new Vault(dir, keys, store, primitives, options);
      vault.interruptLeftoverJobs();
      logger.info("opened vault {} ({})", file.vaultId(), file.suite());
      return vault;
    } catch (RuntimeException e) {
      store.close();
      keys.close();
      throw e;
    }
  }

  /**
   * Marks the jobs a crash left {@code RUNNING} as {@code INTERRUPTED}. A vault that cannot write
   * now (a full disk) still opens for reading; the jobs are marked at a later open.
   */
  private void interruptLeftoverJobs() {
    try {
      var unused = jobs.interruptRunning(log);
    } catch (VaultException e) {
      logger.warn("could not mark interrupted jobs yet ({})", e.code());
    }
  }

  /** The marker, the built-in admin and the log's first entry, in one atomic write. */
  private static void firstWrite(
      Path dir, VaultStore store, Primitives primitives, VaultKeys keys, Clock clock) {
    String id = keys.file().vaultId();
    Aead sealer = primitives.aead(keys.master());
    HeadFile headFile = HeadFile.of(dir, sealer, id);
    Batch batch = new Batch();
    batch.put(Family.META, MARKER_KEY, marker(primitives, keys));
    Principals.addBuiltinAdmin(new SealedMeta(store, sealer, id), batch, clock.instant());
    OperationLog.open(store, headFile, sealer, primitives.hasher(), clock, id)
        .commit(
            new LogRecord(
                Principal.ADMIN, "", "vault.init", id, Outcome.OK, "suite " + keys.file().suite()),
            batch);
  }

  /** The sealed marker binds the database to this vault id, so a swapped database is caught. */
  private static byte[] marker(Primitives primitives, VaultKeys keys) {
    return primitives
        .aead(keys.master())
        .seal(markerPlaintext(keys), markerPlace(keys.file().vaultId()));
  }

  private static void checkMarker(Primitives primitives, VaultKeys keys, VaultStore store) {
    byte[] sealed =
        store
            .get(Family.META, MARKER_KEY)
            .orElseThrow(
                () ->
                    new VaultException(ErrorCode.INTEGRITY, "the vault's database has no marker"));
    try {
      byte[] plaintext =
          primitives.aead(keys.master()).open(sealed, markerPlace(keys.file().vaultId()));
      if (!Arrays.equals(plaintext, markerPlaintext(keys))) {
        throw new CryptoException("marker names another vault");
      }
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the vault's database does not belong to its key store", e);
    }
  }

  private static byte[] markerPlaintext(VaultKeys keys) {
    return ("evault/" + keys.file().vaultId() + "/" + keys.file().suite())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] markerPlace(String vaultId) {
    return ("vault/" + vaultId + "/meta/vault").getBytes(StandardCharsets.UTF_8);
  }

  /** Returns whether the directory had to be created. */
  private static boolean prepareEmptyDirectory(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new VaultException(ErrorCode.USER_ERROR, dir + " exists and is not a directory");
    }
    try {
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          if (entries.iterator().hasNext()) {
            throw new VaultException(
                ErrorCode.USER_ERROR,
                dir + " is not empty: a vault is created only in an empty or new directory");
          }
        }
        return false;
      }
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, OWNER_ONLY);
      return true;
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot create the vault directory " + dir, e);
    }
  }

  private static void removeCreated(Path dir, boolean removeDirectoryItself) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (removeDirectoryItself || !path.equals(dir)) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      logger.warn("could not remove the partly created vault in {}", dir, e);
    }
  }

  private static void closeQuietly(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        logger.warn("closing a partly created vault failed", e);
      }
    }
  }

  /** The built-in vault admin, who acts in embedded mode when no token is given. */
  public Principal admin() {
    return principals.builtinAdmin();
  }

  /**
   * The principal presenting {@code token}. Principals of a destroyed tenant or of a temporary
   * tenant past its end date are refused like an invalid token.
   *
   * @throws VaultException {@code ACCESS_DENIED} with {@value Principals#INVALID_TOKEN}
   */
  public Principal authenticate(Token token) {
    Principal principal = principals.authenticate(token);
    Long tenantId = principal.tenantId();
    if (tenantId != null) {
      Optional<Tenant> tenant = tenants.byId(tenantId);
      LocalDate today = tenants.businessDate();
      if (tenant.isEmpty()
          || tenant.get().state() == TenantState.DESTROYED
          || tenant.get().isExpired(today)) {
        log.append(
            new LogRecord(
                principal.name(),
                tenant.map(Tenant::name).orElse(""),
                "auth.login",
                "",
                Outcome.REFUSED,
                "tenant destroyed or past its temporary end date"));
        throw new VaultException(ErrorCode.ACCESS_DENIED, Principals.INVALID_TOKEN);
      }
    }
    return principal;
  }

  /** The vault's tenants. */
  public Tenants tenants() {
    return tenants;
  }

  /**
   * Adds a user; a tenant-scoped role names its tenant, which must be visible to the caller.
   *
   * @param tenant the tenant of a tenant-scoped role, else null
   */
  public Principals.Issued addUser(
      Principal caller,
      String name,
      Role role,
      @Nullable String tenant,
      @Nullable Instant expiresAt) {
    Long tenantId = null;
    if (tenant != null) {
      try {
        Names.check("tenant", tenant);
      } catch (VaultException invalid) {
        // Logged like every refusal, without the name that failed validation.
        throw refuse(caller, "user.add", "", invalid);
      }
      Tenant found =
          tenants
              .find(caller, tenant)
              .filter(t -> t.state() != TenantState.DESTROYED)
              .orElseThrow(
                  () ->
                      refuse(
                          caller,
                          "user.add",
                          tenant,
                          new VaultException(
                              ErrorCode.NOT_FOUND, "tenant " + tenant + " not found")));
      tenantId = found.id();
    }
    return principals.add(caller, name, role, tenantId, tenant == null ? "" : tenant, expiresAt);
  }

  /** Revokes a user's token, with effect on its next request. */
  public Principal revokeUser(Principal caller, String name) {
    return principals.revoke(caller, name, id -> tenants.byId(id).map(Tenant::name).orElse(""));
  }

  /** The users {@code caller} may see. */
  public List<Principal> users(Principal caller) {
    return principals.list(caller);
  }

  /** The name of the tenant with {@code id}, for display. */
  public String tenantName(long id) {
    return tenants.byId(id).map(Tenant::name).orElse("");
  }

  /**
   * Exits a tenant: see {@link Tenants#exit}; its datasets' keys are shredded too, and its ε
   * budgets forgotten.
   */
  public Tenant exitTenant(Principal caller, String name, String confirm) {
    Tenant destroyed = tenants.exit(caller, name, confirm, principals);
    datasets.forgetTenant(destroyed.id());
    budgets.forgetTenant(destroyed.id());
    return destroyed;
  }

  /** The vault's datasets. */
  public Datasets datasets() {
    return datasets;
  }

  /**
   * The datasets' ε budgets: set by the vault admin, charged before a dp run reads data, refunded
   * when it fails.
   */
  public Budgets budgets() {
    return budgets;
  }

  /** Seals values of the modules above the engine (trained models) under their tenant's key. */
  public TenantSealer tenantSealer() {
    return tenantSealer;
  }

  /** The jobs: their states, and cancellation. */
  public Jobs jobs() {
    return jobs;
  }

  /**
   * Rotates the master secret to {@code next} (a new passphrase or key file): the master key is
   * rewrapped for it in a new key store written beside the old one, the rotation is logged ({@code
   * keys.rotate}), and only then the new key store replaces the old one in one atomic rename. A
   * crash before the rename leaves the old secret working, after it the new one; never neither. The
   * caller keeps owning {@code next}.
   *
   * @throws VaultException {@code FORBIDDEN} for every role but the vault admin
   */
  public UnlockMethod rotateMasterSecret(Principal caller, Unlock next) {
    SecretRotation[] prepared = {null};
    try {
      return guard.run(
          caller,
          Operation.KEYS_ROTATE,
          "",
          "master",
          () -> {
            SecretRotation rotation =
                keys.prepareSecretRotation(directory, primitives, next, options);
            prepared[0] = rotation;
            return new Guard.Change<>(
                next.method(),
                new Batch(),
                null,
                "master secret rotated; unlocked by " + next.method(),
                () -> {
                  rotation.commit();
                  logger.info("rotated the master secret of vault {}", id());
                });
          });
    } catch (RuntimeException e) {
      // Not logged, so not switched: the master key wrapped for the new secret must not stay.
      if (prepared[0] != null) {
        prepared[0].discard();
      }
      throw e;
    }
  }

  /**
   * Rotates the key of dataset {@code datasetName} of tenant {@code tenantName}: a new key version
   * seals new chunks at once; a job re-encrypts every existing chunk, batch by batch, while scans
   * and imports go on; then the older versions are destroyed with their backup shields, so a backup
   * taken before can no longer read the dataset (restoring it reports the dataset as shredded).
   * Logged ({@code keys.rotate}, then {@code keys.destroy}). A rotation left pending by a crash is
   * completed first.
   *
   * @throws VaultException {@code FORBIDDEN} for every role but the vault admin; {@code NOT_FOUND}
   *     for an unknown tenant or dataset
   */
  public KeyRotation rotateDatasetKey(
      Principal caller, String tenantName, String datasetName, Datasets.RotationProgress progress) {
    return keyRotations.rotateDataset(caller, tenantName, datasetName, progress);
  }

  /**
   * Rotates the key of every dataset of tenant {@code tenantName} as {@link #rotateDatasetKey}
   * does, and then the tenant key, in one job: a new tenant key version wraps new keys at once; the
   * tenant's dataset keys and its sealing key (which seals its results, release ledger and models)
   * are rewrapped under it; then the older versions are destroyed with their backup shields, so a
   * backup taken before can no longer read the tenant (restoring it reports the tenant as
   * shredded). The tenant key's rotation comes first in the result. Logged ({@code keys.rotate},
   * then {@code keys.destroy}); a rotation left pending by a crash is completed first.
   *
   * @throws VaultException {@code FORBIDDEN} for every role but the vault admin; {@code NOT_FOUND}
   *     for an unknown tenant
   */
  public List<KeyRotation> rotateTenantKeys(
      Principal caller, String tenantName, Datasets.RotationProgress progress) {
    return keyRotations.rotateTenant(caller, tenantName, progress);
  }

  /**
   * Completes the key rotations a crash or an error left pending (re-encryption, then destruction
   * of the older versions), each logged and run as a job. The shells call it after opening the
   * vault; a vault that cannot write now (a full disk) completes them at a later call.
   *
   * @return how many rotations were completed
   */
  public int finishKeyRotations() {
    return keyRotations.finishPending();
  }

  /**
   * The vault's keys: the master key, then every tenant and dataset key, with its version, creation
   * time and whether a backup holds a shielded copy. Never a key byte.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than the vault admin and auditors
   */
  public List<KeyStatus> keyStatus(Principal caller) {
    return guard.run(
        caller,
        Operation.KEYS_STATUS,
        "",
        "",
        () ->
            Guard.Change.read(
                new KeyStatusReport(
                        directory,
                        new KeyDirectory(directory.resolve(KEYS)),
                        datasets,
                        this::tenantName)
                    .list()));
  }

  /** The released results of jobs. */
  public Results results() {
    return results;
  }

  /**
   * Sealed metadata records for modules above the engine (elements, jobs, products), written in the
   * same batch as an operation's log entry through {@link #guard()}.
   */
  public Records records() {
    return records;
  }

  /**
   * The guard every operation runs through: authorization, then the change and its log entry in one
   * atomic write, with refusals and failures logged.
   */
  public Guard guard() {
    return guard;
  }

  /**
   * The vault's own small secrets (such as its TLS private keys), sealed under the master key. For
   * the vault's shells only: tenants' data and keys never go here.
   */
  public SealedSecrets secrets() {
    return secrets;
  }

  /** The vault's backups: create, list, drill (verify and restore need no open vault). */
  public Backups backups() {
    return backups;
  }

  /** The operation log. */
  public OperationLog log() {
    return log;
  }

  /** The operation log as principals show, verify, checkpoint, export and purge it. */
  public AuditLog auditLog() {
    return auditLog;
  }

  /**
   * The vault's secret for sticky noise (DESIGN.md, Release protection), derived from the master
   * key: one for the whole vault, never per tenant or element, so the same question gets the same
   * noise whoever asks it. The caller must not log or store it.
   */
  public byte[] noiseSecret() {
    return keys.master()
        .hmacSha256("elementvault sticky noise v1".getBytes(StandardCharsets.UTF_8));
  }

  /** The injected clock. */
  public Clock clock() {
    return clock;
  }

  private VaultException refuse(
      Principal caller, String action, String tenant, VaultException refusal) {
    log.append(
        new LogRecord(
            caller.name(), tenant, action, tenant, Outcome.REFUSED, refusal.getMessage()));
    return refusal;
  }

  /** This vault's random identifier. */
  public String id() {
    return keys.file().vaultId();
  }

  /** This vault's cipher suite. */
  public CipherSuite suite() {
    return keys.file().suite();
  }

  /** The absolute path of the vault directory. */
  public Path directory() {
    return directory;
  }

  /** The vault's public signing key, which auditors use to check signed tree heads. */
  public byte[] publicKey() {
    return keys.file().signingPublicKey();
  }

  /**
   * The cache of decrypted chunks, for metrics and for key rotation, which must {@linkplain
   * ChunkCache#invalidateTenant invalidate} what it re-encrypts.
   */
  public ChunkCache chunkCache() {
    return chunkCache;
  }

  @Override
  public void close() {
    chunkCache.close();
    store.close();
    keys.close();
    logger.info("closed vault {}", id());
  }

  @Override
  public String toString() {
    return "Vault[" + id() + ", " + suite() + "]";
  }
}
