package org.elementvault.engine.tenant;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.WrappedKey;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Principals;
import org.elementvault.engine.chunk.ChunkCache;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.seal.SealedMeta;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants of a vault and their lifecycle. Each operation checks the caller's role through the
 * {@link Guard}; tenant-scoped callers see only their own tenant, and any other tenant is "not
 * found" to them exactly as a tenant that does not exist. Thread-safe.
 */
public final class Tenants {

  /** Business dates and working days are counted in China Standard Time. */
  public static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

  /** Temporary tenants last at most 6 months (2024 rules, article 10). */
  public static final int MAX_TEMPORARY_MONTHS = 6;

  private static final Logger log = LoggerFactory.getLogger(Tenants.class);
  private static final String KIND = "tenant";

  private final SealedMeta meta;
  private final Guard guard;
  private final TenantKeys keys;
  private final Clock clock;
  private final ChunkCache cache;
  private final Map<String, Tenant> byName = new LinkedHashMap<>();

  public Tenants(
      SealedMeta meta,
      Guard guard,
      KeyDirectory keys,
      KeyHierarchy master,
      Primitives primitives,
      Clock clock,
      ChunkCache cache) {
    this.meta = meta;
    this.guard = guard;
    this.keys = new TenantKeys(keys, master, primitives);
    this.clock = clock;
    this.cache = cache;
    for (Tenant tenant : meta.loadAll(KIND, Tenant.class)) {
      byName.put(tenant.name(), tenant);
      finishDestruction(tenant);
    }
  }

  /** A crash between logging an exit and shredding its key is completed at the next open. */
  private void finishDestruction(Tenant tenant) {
    if (tenant.state() == TenantState.DESTROYED && keys.hasAny(tenant.id())) {
      keys.shredAll(tenant.id());
      log.info("finished the destruction of tenant {} after a restart", tenant.id());
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), BUSINESS_ZONE);
  }

  /** A tenant's application (entered by the vault admin). */
  public synchronized Tenant apply(
      Principal caller, String name, String contact, @Nullable LocalDate temporaryUntil) {
    return guard.run(
        caller,
        Operation.TENANT_APPLY,
        name,
        name,
        () -> {
          Names.check("tenant", name);
          Names.checkText("contact", contact);
          if (byName.containsKey(name)) {
            throw new VaultException(
                ErrorCode.USER_ERROR, "tenant " + name + " exists or existed; choose another name");
          }
          LocalDate today = today();
          if (temporaryUntil != null
              && (!temporaryUntil.isAfter(today)
                  || temporaryUntil.isAfter(today.plusMonths(MAX_TEMPORARY_MONTHS)))) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED,
                "a temporary tenant ends after today and at most "
                    + MAX_TEMPORARY_MONTHS
                    + " months ahead (by "
                    + today.plusMonths(MAX_TEMPORARY_MONTHS)
                    + ")");
          }
          long id = byName.values().stream().mapToLong(Tenant::id).max().orElse(0) + 1;
          Tenant tenant = Tenant.applied(id, name, contact, clock.instant(), today, temporaryUntil);
          return save(
              tenant,
              null,
              "review due "
                  + tenant.reviewDue()
                  + (temporaryUntil == null ? "" : ", temporary until " + temporaryUntil));
        });
  }

  /**
   * Decides the pending application or change request. Approving an application starts the trial
   * and creates the tenant's key.
   */
  public synchronized Tenant review(Principal caller, String name, boolean approve, String reason) {
    boolean[] keyCreated = {false};
    try {
      return guard.run(
          caller,
          Operation.TENANT_REVIEW,
          name,
          name,
          () -> {
            Names.checkText("reason", reason);
            Tenant tenant = visible(caller, name);
            if (tenant.state() == TenantState.CHANGE_REQUESTED) {
              Tenant next = approve ? tenant.approveChange() : tenant.rejectChange();
              return save(
                  next,
                  approve ? "tenant.change-approve" : "tenant.change-reject",
                  "reason: " + reason);
            }
            if (!approve) {
              return save(tenant.reject(), "tenant.reject", "reason: " + reason);
            }
            Tenant next = tenant.approve(today());
            keys.create(next.id());
            keyCreated[0] = true;
            return save(
                next, "tenant.approve", "trial ends " + next.trialEnds() + "; reason: " + reason);
          });
    } catch (VaultException e) {
      // The approval was not committed: its key must not outlive it.
      if (keyCreated[0]) {
        keys.shredAll(byName.get(name).id());
      }
      throw e;
    }
  }

  /** Activates a tenant in its trial. */
  public synchronized Tenant activate(Principal caller, String name) {
    return transition(caller, Operation.TENANT_ACTIVATE, name, Tenant::activate, "");
  }

  /** Extends a trial by {@code days}. */
  public synchronized Tenant extendTrial(Principal caller, String name, int days) {
    return transition(
        caller,
        Operation.TENANT_EXTEND_TRIAL,
        name,
        t -> t.extendTrial(days),
        "+" + days + " days");
  }

  /** Suspends a working tenant. */
  public synchronized Tenant suspend(Principal caller, String name) {
    return transition(caller, Operation.TENANT_SUSPEND, name, Tenant::suspend, "");
  }

  /** Resumes a suspended tenant in the state it was in. */
  public synchronized Tenant resume(Principal caller, String name) {
    return transition(caller, Operation.TENANT_RESUME, name, Tenant::resume, "");
  }

  /** A tenant admin's request to change its quotas; waits for the admin's review. */
  public synchronized Tenant requestChange(Principal caller, String name, Quotas requested) {
    return transition(
        caller,
        Operation.TENANT_CHANGE,
        name,
        t -> t.requestChange(requested, today()),
        "requested " + requested);
  }

  /** The admin's direct setting of a tenant's quotas. */
  public synchronized Tenant setQuotas(Principal caller, String name, Quotas quotas) {
    return transition(
        caller, Operation.TENANT_QUOTA, name, t -> t.withQuotas(quotas), quotas.toString());
  }

  /**
   * Exits a tenant: revokes every credential at once, marks it destroyed, deletes its data and logs
   * the destruction in one atomic write; then shreds the tenant key. Its log entries stay.
   */
  public synchronized Tenant exit(
      Principal caller, String name, String confirm, Principals principals) {
    return guard.run(
        caller,
        Operation.TENANT_EXIT,
        name,
        name,
        () -> {
          Tenant tenant = visible(caller, name);
          if (!name.equals(confirm)) {
            throw new VaultException(
                ErrorCode.USER_ERROR,
                "exit destroys tenant " + name + ": confirm with --confirm " + name);
          }
          Tenant destroyed = tenant.destroy();
          Batch batch = new Batch();
          meta.put(batch, KIND, destroyed.id(), destroyed);
          Principals.RevokeAll revoked = principals.revokeAll(batch, tenant.id(), clock.instant());
          byte[] from = ByteBuffer.allocate(Long.BYTES).putLong(tenant.id()).array();
          byte[] to = ByteBuffer.allocate(Long.BYTES).putLong(tenant.id() + 1).array();
          batch.deleteRange(Family.DATA, from, to);
          batch.deleteRange(Family.RESULTS, from, to);
          return new Guard.Change<>(
              destroyed,
              batch,
              null,
              revoked.count() + " credentials revoked, tenant keys shredded, data deleted",
              () -> {
                byName.put(name, destroyed);
                revoked.onCommit().run();
                cache.invalidateTenant(tenant.id());
                keys.shredAll(tenant.id());
              });
        });
  }

  /** Every tenant {@code caller} may see, sorted by name. */
  public synchronized List<Tenant> list(Principal caller) {
    return guard.run(
        caller,
        Operation.TENANT_LIST,
        "",
        "",
        () ->
            Guard.Change.read(
                byName.values().stream()
                    .filter(t -> isVisibleTo(caller, t))
                    .sorted(Comparator.comparing(Tenant::name))
                    .toList()));
  }

  /** One tenant, if {@code caller} may see it. */
  public synchronized Tenant show(Principal caller, String name) {
    return guard.run(
        caller, Operation.TENANT_SHOW, name, name, () -> Guard.Change.read(visible(caller, name)));
  }

  /** The tenant named {@code name}, if {@code caller} may know of it; no operation is logged. */
  public synchronized Optional<Tenant> find(Principal caller, String name) {
    return Optional.ofNullable(byName.get(name)).filter(t -> isVisibleTo(caller, t));
  }

  /** The tenant with {@code id}, for internal lookups such as a principal's tenant. */
  public synchronized Optional<Tenant> byId(long id) {
    return byName.values().stream().filter(t -> t.id() == id).findFirst();
  }

  /**
   * The tenant's sealing key, for the tenant's values sealed above the key directory (results, the
   * release ledger, models) and secrets derived per tenant (pseudonyms); the caller destroys it
   * after use. It is wrapped under the tenant key, so a rotation of that key leaves it, and what it
   * sealed, as it is, and an exit shreds it.
   *
   * @throws VaultException {@code INTEGRITY} if the key is missing or fails to unwrap
   */
  public KeyMaterial key(Tenant tenant) {
    try {
      return keys.sealingKey(tenant.id());
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "tenant " + tenant.name() + "'s key fails to unwrap", e);
    }
  }

  /**
   * {@code key} wrapped for {@code place} under the newest version of the tenant key, for the key
   * directory (a dataset key).
   */
  public WrappedKey wrap(Tenant tenant, KeyMaterial key, String place) {
    return keys.wrap(tenant.id(), key, place);
  }

  /**
   * The key stored in the key directory under {@code name}, wrapped for {@code place} under a
   * version of the tenant key; the caller destroys it after use. Works while a rotation is pending.
   *
   * @throws CryptoException if no version of the tenant key opens it
   */
  public KeyMaterial unwrap(Tenant tenant, String name, String place) throws CryptoException {
    return keys.unwrap(tenant.id(), name, place);
  }

  /**
   * Rewraps the key stored under {@code name} (wrapped for {@code place}) under the newest version
   * of the tenant key, unless it is already or is gone.
   *
   * @return whether it was rewrapped
   */
  public boolean rewrap(Tenant tenant, String name, String place) {
    return keys.rewrap(tenant.id(), name, place);
  }

  /**
   * Creates the next version of the tenant key: keys wrapped from now on are wrapped under it. The
   * caller logs the rotation and then rewraps every key file of the tenant ({@link #rewrap}, {@link
   * #rewrapSealingKey}) before {@link #shredOlderKeyVersions}; until then the tenant has more than
   * one key version and a crash leaves the rotation pending ({@link #pendingRotations}).
   *
   * @return the new version
   */
  @CanIgnoreReturnValue
  public synchronized int addKeyVersion(Tenant tenant) {
    int version = keys.addVersion(tenant.id());
    log.info("tenant {} key version {} created", tenant.id(), version);
    return version;
  }

  /** The tenant key's versions, oldest first; the last one wraps new keys. */
  public List<Integer> keyVersions(Tenant tenant) {
    return keys.versions(tenant.id());
  }

  /** The tenants whose key has more than one version: a rotation begun and not finished. */
  public synchronized List<Tenant> pendingRotations() {
    return byName.values().stream()
        .filter(t -> t.state() != TenantState.DESTROYED && keys.versions(t.id()).size() > 1)
        .toList();
  }

  /** Rewraps the tenant's sealing key under the newest tenant key version; whether it was. */
  public synchronized boolean rewrapSealingKey(Tenant tenant) {
    return keys.rewrapSealingKey(tenant.id());
  }

  /**
   * Crypto-shreds every version of the tenant key older than the newest, with its backup shield, so
   * a backup taken before can no longer open the tenant's keys. Call only once every key file of
   * the tenant is rewrapped.
   */
  public synchronized void shredOlderKeyVersions(Tenant tenant) {
    keys.shredOlderVersions(tenant.id());
    log.info("tenant {} older key versions destroyed", tenant.id());
  }

  /** Today's business date, by the vault's clock. */
  public LocalDate businessDate() {
    return today();
  }

  private Tenant transition(
      Principal caller,
      Operation operation,
      String name,
      java.util.function.UnaryOperator<Tenant> step,
      String details) {
    return guard.run(
        caller,
        operation,
        name,
        name,
        () -> save(step.apply(visible(caller, name)), null, details));
  }

  private Guard.Change<Tenant> save(Tenant tenant, @Nullable String action, String details) {
    Batch batch = new Batch();
    meta.put(batch, KIND, tenant.id(), tenant);
    return new Guard.Change<>(
        tenant,
        batch,
        action,
        details,
        () -> {
          byName.put(tenant.name(), tenant);
          // A tenant that stops working (suspended, rejected) keeps no plaintext in memory.
          if (!tenant.canOperate(today())) {
            cache.invalidateTenant(tenant.id());
          }
        });
  }

  private Tenant visible(Principal caller, String name) {
    Names.check("tenant", name);
    return find(caller, name)
        .orElseThrow(
            () -> new VaultException(ErrorCode.NOT_FOUND, "tenant " + name + " not found"));
  }

  private static boolean isVisibleTo(Principal caller, Tenant tenant) {
    return !caller.role().isTenantScoped() || Objects.equals(caller.tenantId(), tenant.id());
  }

  /** The name of version 1 of the tenant's key. */
  static String keyName(long tenantId) {
    return TenantKeys.name(tenantId, 1).toString();
  }
}
