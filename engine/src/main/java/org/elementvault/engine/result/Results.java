package org.elementvault.engine.result;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;

/**
 * The vault's released results. A release seals the result with its tenant's key, bound to the
 * vault, tenant and job (a sealed result moved to another job or tenant fails to open), and commits
 * it with its {@code result.release} log entry, which carries the result's hash, in one atomic
 * write: no result exists without its entry, and the caller gets nothing back before both are
 * durable.
 *
 * <p>A result is keyed {@code tenant id (8 bytes, big-endian) ‖ job id}, so exiting a tenant
 * deletes its results with one range deletion (see {@link Tenants#exit}) and shredding the tenant
 * key makes any copy left in old files unreadable. Results are written once: a job releases at most
 * one result.
 *
 * <p>Every release is recorded in the {@link ReleaseLedger} in the same write, and an aggregate
 * release that re-slices an earlier one is refused before anything is written. Thread-safe.
 */
public final class Results {

  /** The largest result a job may release. */
  public static final int MAX_RESULT_BYTES = 64 << 20;

  private final Guard guard;
  private final VaultStore store;
  private final Tenants tenants;
  private final Primitives primitives;
  private final String vaultId;
  private final Clock clock;
  private final ReleaseLedger ledger;

  public Results(
      Guard guard,
      VaultStore store,
      Tenants tenants,
      Primitives primitives,
      String vaultId,
      Clock clock) {
    this.guard = guard;
    this.store = store;
    this.tenants = tenants;
    this.primitives = primitives;
    this.vaultId = vaultId;
    this.clock = clock;
    this.ledger = new ReleaseLedger(store, tenants, primitives, vaultId);
  }

  /**
   * Seals and stores the result of the job {@code origin} names, logging its hash and recording it
   * in the release ledger, for a developer of the tenant {@code tenantId}, which must be working.
   * The result's owner is {@code caller}.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer; {@code NOT_FOUND} if
   *     the tenant is not the caller's; {@code POLICY_REFUSED} if the tenant may not run jobs or
   *     the result re-slices an earlier release; {@code USER_ERROR} for an invalid job or element
   *     id or a job that already released its result; {@code RESOURCE_LIMIT} above {@link
   *     #MAX_RESULT_BYTES}. Every refusal is logged.
   */
  public synchronized Release release(
      Principal caller, long tenantId, ReleaseOrigin origin, byte[] result) {
    Objects.requireNonNull(result, "result");
    String jobId = origin.jobId();
    return guard.run(
        caller,
        Operation.RESULT_RELEASE,
        ownTenantName(caller),
        jobId,
        () -> {
          Names.check("job", jobId);
          Names.check("element", origin.elementId());
          Tenant tenant = ownTenant(caller, tenantId);
          if (!tenant.canOperate(tenants.businessDate())) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED,
                "tenant "
                    + tenant.name()
                    + " is "
                    + tenant.state()
                    + ": releases need a working tenant");
          }
          if (result.length > MAX_RESULT_BYTES) {
            throw new VaultException(
                ErrorCode.RESOURCE_LIMIT,
                "the result of job "
                    + jobId
                    + " exceeds the limit of "
                    + MAX_RESULT_BYTES
                    + " bytes");
          }
          byte[] key = key(tenantId, jobId);
          if (store.get(Family.RESULTS, key).isPresent()) {
            throw new VaultException(
                ErrorCode.USER_ERROR, "job " + jobId + " has already released its result");
          }
          // One unwrap of the tenant's sealing key serves the gate, the result and its record.
          KeyMaterial sealingKey = tenants.key(tenant);
          Batch batch = new Batch();
          try {
            Aead aead = primitives.aead(sealingKey);
            origin.shape().ifPresent(shape -> ledger.requireNoReslice(tenant, shape, aead));
            batch.put(Family.RESULTS, key, seal(aead, tenant, jobId, caller.name(), result));
            ledger.record(
                batch,
                tenant,
                new LedgerRecord(
                    tenant.id(), origin.elementId(), jobId, clock.instant(), origin.shape()),
                aead);
          } finally {
            sealingKey.destroy();
          }
          String hash = HexFormat.of().formatHex(primitives.hasher().hash(result));
          Release release = new Release(jobId, hash, result.length);
          return new Guard.Change<>(release, batch, null, details(origin, result, hash), () -> {});
        });
  }

  /**
   * The result of job {@code jobId}, for the developer who released it. A job of another tenant or
   * another developer is "not found" exactly as a job without a result.
   *
   * @throws VaultException {@code NOT_FOUND}, {@code FORBIDDEN} for roles other than developer,
   *     {@code INTEGRITY} if the stored result fails to open; each logged
   */
  public byte[] read(Principal caller, String jobId) {
    return guard.run(
        caller,
        Operation.RESULT_READ,
        ownTenantName(caller),
        jobId,
        () -> {
          Names.check("job", jobId);
          VaultException notFound =
              new VaultException(ErrorCode.NOT_FOUND, "result of job " + jobId + " not found");
          Long own = caller.tenantId();
          if (own == null) {
            throw notFound;
          }
          Tenant tenant =
              tenants
                  .byId(own)
                  .filter(t -> t.state() != TenantState.DESTROYED)
                  .orElseThrow(() -> notFound);
          byte[] sealed = store.get(Family.RESULTS, key(own, jobId)).orElseThrow(() -> notFound);
          byte[] plaintext = open(tenant, jobId, sealed);
          try {
            ByteBuffer buffer = ByteBuffer.wrap(plaintext);
            byte[] owner = new byte[Short.toUnsignedInt(buffer.getShort())];
            buffer.get(owner);
            if (!caller.name().equals(new String(owner, StandardCharsets.UTF_8))) {
              throw notFound;
            }
            byte[] result = Arrays.copyOfRange(plaintext, buffer.position(), plaintext.length);
            return Guard.Change.read(result, result.length + " bytes");
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
        });
  }

  /**
   * What the release ledger records of element {@code elementId} of tenant {@code tenantId}, oldest
   * first: shapes and counts of groups, never a value. Not authorized or logged here: the element
   * workflow calls it inside its own guarded, logged operation (the release review).
   *
   * @throws VaultException {@code NOT_FOUND} for a tenant that does not exist; {@code INTEGRITY} if
   *     a record fails to open
   */
  public synchronized List<ReleaseSummary> releasesOf(long tenantId, String elementId) {
    Tenant tenant =
        tenants
            .byId(tenantId)
            .filter(t -> t.state() != TenantState.DESTROYED)
            .orElseThrow(
                () -> new VaultException(ErrorCode.NOT_FOUND, "tenant " + tenantId + " not found"));
    return ledger.releasesOf(tenant, elementId);
  }

  /** Names the element, job, size, hash and release fingerprint: never a value. */
  private String details(ReleaseOrigin origin, byte[] result, String hash) {
    return "element "
        + origin.elementId()
        + ", job "
        + origin.jobId()
        + ", "
        + result.length
        + " bytes, hash "
        + hash
        + origin.shape().map(s -> ", release fingerprint " + ledger.fingerprint(s)).orElse("");
  }

  /** The caller's own tenant, or "not found" for any other id, exactly as for a missing one. */
  private Tenant ownTenant(Principal caller, long tenantId) {
    Optional<Tenant> tenant =
        Objects.equals(caller.tenantId(), tenantId)
            ? tenants.byId(tenantId).filter(t -> t.state() != TenantState.DESTROYED)
            : Optional.empty();
    return tenant.orElseThrow(
        () -> new VaultException(ErrorCode.NOT_FOUND, "tenant " + tenantId + " not found"));
  }

  private String ownTenantName(Principal caller) {
    Long own = caller.tenantId();
    return own == null ? "" : tenants.byId(own).map(Tenant::name).orElse("");
  }

  /** The owner's name travels sealed with the result, so only the owner reads it back. */
  private static byte[] envelope(String owner, byte[] result) {
    byte[] name = owner.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Short.BYTES + name.length + result.length)
        .putShort((short) name.length)
        .put(name)
        .put(result)
        .array();
  }

  /** The result in its owner's envelope, sealed under the tenant's sealing key {@code aead}. */
  private byte[] seal(Aead aead, Tenant tenant, String jobId, String owner, byte[] result) {
    byte[] plaintext = envelope(owner, result);
    try {
      return aead.seal(plaintext, place(tenant.id(), jobId));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private byte[] open(Tenant tenant, String jobId, byte[] sealed) {
    KeyMaterial key = tenants.key(tenant);
    try {
      return primitives.aead(key).open(sealed, place(tenant.id(), jobId));
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the result of job " + jobId + " fails its integrity check", e);
    } finally {
      key.destroy();
    }
  }

  private static byte[] key(long tenantId, String jobId) {
    byte[] job = jobId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(Long.BYTES + job.length).putLong(tenantId).put(job).array();
  }

  /** Distinct from the key-wrapping context, so the tenant key's two uses never overlap. */
  private byte[] place(long tenantId, String jobId) {
    return ("vault/" + vaultId + "/results/" + tenantId + "/" + jobId)
        .getBytes(StandardCharsets.UTF_8);
  }
}
