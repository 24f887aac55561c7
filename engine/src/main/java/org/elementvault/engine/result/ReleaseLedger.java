package org.elementvault.engine.result;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.Tenants;

/**
 * The release ledger (DESIGN.md, Release protection): every released result is recorded, sealed
 * with its tenant's key, with its element, job, time and — for an aggregate on real data — its
 * {@link ReleaseShape}; the gate refuses a release that re-slices an earlier one ({@link
 * ResliceGate}).
 *
 * <p>Records live in the {@code results} family after the tenant's results, so exiting the tenant
 * deletes them with the same range deletion and shredding its key makes copies unreadable:
 *
 * <ul>
 *   <li>{@code tenant id (8) ‖ 0xF0 ‖ scope ‖ job id}: a shaped record, where the scope is the
 *       suite hash of the datasets and the conditions' fingerprint, so the gate reads only the
 *       records of the same question, never the whole ledger;
 *   <li>{@code tenant id (8) ‖ 0xF1 ‖ job id}: a record without a shape (row-level or sample).
 * </ul>
 *
 * Job ids are printable ASCII, so neither marker byte collides with a result's key {@code tenant id
 * ‖ job id}. Not thread-safe: {@link Results} calls it under its lock, so the gate's check and the
 * record it writes are one step.
 */
final class ReleaseLedger {

  private static final byte SHAPED = (byte) 0xF0;
  private static final byte UNSHAPED = (byte) 0xF1;

  private final VaultStore store;
  private final Tenants tenants;
  private final Primitives primitives;
  private final String vaultId;

  ReleaseLedger(VaultStore store, Tenants tenants, Primitives primitives, String vaultId) {
    this.store = store;
    this.tenants = tenants;
    this.primitives = primitives;
    this.vaultId = vaultId;
  }

  /**
   * Refuses {@code shape} if it re-slices an earlier release of {@code tenant}.
   *
   * @throws VaultException {@code POLICY_REFUSED} naming the earlier release's job and element;
   *     {@code INTEGRITY} if an earlier record fails to open
   */
  void requireNoReslice(Tenant tenant, ReleaseShape shape) {
    byte[] prefix = prefix(tenant.id(), shape);
    AtomicReference<LedgerRecord> resliced = new AtomicReference<>();
    KeyMaterial key = tenants.key(tenant);
    try {
      Aead aead = primitives.aead(key);
      store.scan(
          Family.RESULTS,
          prefix,
          (storeKey, value) -> {
            String jobId =
                new String(
                    storeKey,
                    prefix.length,
                    storeKey.length - prefix.length,
                    StandardCharsets.US_ASCII);
            LedgerRecord earlier = open(aead, place(tenant.id(), prefix, jobId), jobId, value);
            if (earlier.shape().isPresent() && ResliceGate.reslices(shape, earlier.shape().get())) {
              resliced.set(earlier);
              return false;
            }
            return true;
          });
    } finally {
      key.destroy();
    }
    LedgerRecord earlier = resliced.get();
    if (earlier != null) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED, ResultMessages.reslices(earlier.jobId(), earlier.elementId()));
    }
  }

  /**
   * Every release of element {@code elementId} of {@code tenant}, oldest first, summarized.
   *
   * @throws VaultException {@code INTEGRITY} if a record fails to open
   */
  List<ReleaseSummary> releasesOf(Tenant tenant, String elementId) {
    List<LedgerRecord> found = new ArrayList<>();
    int scopeBytes = primitives.hasher().hash(new byte[0]).length;
    KeyMaterial key = tenants.key(tenant);
    try {
      Aead aead = primitives.aead(key);
      for (byte marker : new byte[] {SHAPED, UNSHAPED}) {
        byte[] prefix =
            ByteBuffer.allocate(Long.BYTES + 1).putLong(tenant.id()).put(marker).array();
        int jobStart = prefix.length + (marker == SHAPED ? scopeBytes : 0);
        store.scan(
            Family.RESULTS,
            prefix,
            (storeKey, value) -> {
              String jobId =
                  new String(
                      storeKey, jobStart, storeKey.length - jobStart, StandardCharsets.US_ASCII);
              byte[] recordPrefix = Arrays.copyOf(storeKey, jobStart);
              LedgerRecord record =
                  open(aead, place(tenant.id(), recordPrefix, jobId), jobId, value);
              if (record.elementId().equals(elementId)) {
                found.add(record);
              }
              return true;
            });
      }
    } finally {
      key.destroy();
    }
    return found.stream()
        .sorted(Comparator.comparing(LedgerRecord::time).thenComparing(LedgerRecord::jobId))
        .map(ReleaseSummary::of)
        .toList();
  }

  /** Adds the sealed {@code record} to {@code batch}. */
  void record(Batch batch, Tenant tenant, LedgerRecord record) {
    byte[] prefix =
        record.shape().isPresent()
            ? prefix(tenant.id(), record.shape().get())
            : ByteBuffer.allocate(Long.BYTES + 1).putLong(tenant.id()).put(UNSHAPED).array();
    byte[] job = record.jobId().getBytes(StandardCharsets.US_ASCII);
    byte[] storeKey = ByteBuffer.allocate(prefix.length + job.length).put(prefix).put(job).array();
    byte[] plaintext = LedgerCodec.encode(record);
    KeyMaterial key = tenants.key(tenant);
    try {
      batch.put(
          Family.RESULTS,
          storeKey,
          primitives.aead(key).seal(plaintext, place(tenant.id(), prefix, record.jobId())));
    } finally {
      key.destroy();
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The release fingerprint the operation log shows: the suite hash of the shape, no counts. */
  String fingerprint(ReleaseShape shape) {
    return HexFormat.of().formatHex(primitives.hasher().hash(LedgerCodec.withoutCounts(shape)));
  }

  private LedgerRecord open(Aead aead, byte[] place, String jobId, byte[] sealed) {
    byte[] plaintext = null;
    try {
      plaintext = aead.open(sealed, place);
      return LedgerCodec.decode(plaintext);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new VaultException(ErrorCode.INTEGRITY, ResultMessages.malformedRecord(jobId), e);
    } finally {
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  /** {@code tenant id ‖ 0xF0 ‖ scope}: every shaped record of the same question. */
  private byte[] prefix(long tenantId, ReleaseShape shape) {
    ByteArrayOutputStream question = new ByteArrayOutputStream();
    for (String dataset : shape.datasets()) {
      byte[] name = dataset.getBytes(StandardCharsets.UTF_8);
      question.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
      question.writeBytes(name);
    }
    byte[] scope = primitives.hasher().hash(question.toByteArray(), shape.conditions().bytes());
    return ByteBuffer.allocate(Long.BYTES + 1 + scope.length)
        .putLong(tenantId)
        .put(SHAPED)
        .put(scope)
        .array();
  }

  /** Binds a record to its tenant, scope and job: one moved elsewhere fails to open. */
  private byte[] place(long tenantId, byte[] prefix, String jobId) {
    return ("vault/"
            + vaultId
            + "/ledger/"
            + tenantId
            + "/"
            + HexFormat.of().formatHex(prefix, Long.BYTES, prefix.length)
            + "/"
            + jobId)
        .getBytes(StandardCharsets.UTF_8);
  }
}
