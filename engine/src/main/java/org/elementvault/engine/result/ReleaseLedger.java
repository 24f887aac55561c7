package org.elementvault.engine.result;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
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
 *   <li>{@code tenant id (8) ‖ 0xF2 ‖ scope ‖ grouping ‖ job id}: a shaped record, where the scope
 *       is the suite hash of the datasets and the conditions' fingerprint, so the gate reads only
 *       the records of the same question, never the whole ledger, and the grouping the suite hash
 *       of its grouping columns, so the gate opens none of the reruns of the same grouping, which
 *       never re-slice: its cost does not grow with how often an element has run;
 *   <li>{@code tenant id (8) ‖ 0xF0 ‖ scope ‖ job id}: a shaped record written before groupings
 *       were in the key, still read and opened;
 *   <li>{@code tenant id (8) ‖ 0xF1 ‖ job id}: a record without a shape (row-level or sample).
 * </ul>
 *
 * Job ids are printable ASCII, so neither marker byte collides with a result's key {@code tenant id
 * ‖ job id}. Not thread-safe: {@link Results} calls it under its lock, so the gate's check and the
 * record it writes are one step.
 */
final class ReleaseLedger {

  private static final byte SHAPED_UNGROUPED = (byte) 0xF0;
  private static final byte UNSHAPED = (byte) 0xF1;
  private static final byte SHAPED = (byte) 0xF2;

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
   * Refuses {@code shape} if it re-slices an earlier release of {@code tenant}, whose records open
   * under {@code aead}, the tenant's sealing key.
   *
   * @throws VaultException {@code POLICY_REFUSED} naming the earlier release's job and element;
   *     {@code INTEGRITY} if an earlier record fails to open
   */
  void requireNoReslice(Tenant tenant, ReleaseShape shape, Aead aead) {
    AtomicReference<LedgerRecord> resliced = new AtomicReference<>();
    byte[] grouping = grouping(shape);
    for (byte marker : new byte[] {SHAPED, SHAPED_UNGROUPED}) {
      byte[] scope = scopePrefix(tenant.id(), marker, shape);
      int jobStart = scope.length + (marker == SHAPED ? grouping.length : 0);
      // Reruns of the same grouping never re-slice: one seek passes over all of them.
      byte[] reruns = marker == SHAPED ? concat(scope, grouping) : null;
      store.scan(
          Family.RESULTS,
          scope,
          reruns,
          (storeKey, value) -> {
            LedgerRecord earlier = open(aead, tenant.id(), storeKey, jobStart, value);
            if (earlier.shape().isPresent() && ResliceGate.reslices(shape, earlier.shape().get())) {
              resliced.set(earlier);
              return false;
            }
            return true;
          });
      if (resliced.get() != null) {
        break;
      }
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
      for (byte marker : new byte[] {SHAPED, SHAPED_UNGROUPED, UNSHAPED}) {
        byte[] prefix =
            ByteBuffer.allocate(Long.BYTES + 1).putLong(tenant.id()).put(marker).array();
        int hashes =
            switch (marker) {
              case SHAPED -> 2;
              case SHAPED_UNGROUPED -> 1;
              default -> 0;
            };
        int jobStart = prefix.length + hashes * scopeBytes;
        store.scan(
            Family.RESULTS,
            prefix,
            (storeKey, value) -> {
              LedgerRecord record = open(aead, tenant.id(), storeKey, jobStart, value);
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

  /** Adds {@code record} to {@code batch}, sealed under {@code aead}, the tenant's sealing key. */
  void record(Batch batch, Tenant tenant, LedgerRecord record, Aead aead) {
    byte[] prefix =
        record.shape().isPresent()
            ? groupedPrefix(tenant.id(), record.shape().get())
            : ByteBuffer.allocate(Long.BYTES + 1).putLong(tenant.id()).put(UNSHAPED).array();
    byte[] job = record.jobId().getBytes(StandardCharsets.US_ASCII);
    byte[] storeKey = ByteBuffer.allocate(prefix.length + job.length).put(prefix).put(job).array();
    byte[] plaintext = LedgerCodec.encode(record);
    try {
      batch.put(
          Family.RESULTS,
          storeKey,
          aead.seal(plaintext, place(tenant.id(), prefix, record.jobId())));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The release fingerprint the operation log shows: the suite hash of the shape, no counts. */
  String fingerprint(ReleaseShape shape) {
    return HexFormat.of().formatHex(primitives.hasher().hash(LedgerCodec.withoutCounts(shape)));
  }

  /** The record stored under {@code storeKey}, whose job id starts at {@code jobStart}. */
  private LedgerRecord open(
      Aead aead, long tenantId, byte[] storeKey, int jobStart, byte[] sealed) {
    String jobId =
        new String(storeKey, jobStart, storeKey.length - jobStart, StandardCharsets.US_ASCII);
    return open(aead, place(tenantId, Arrays.copyOf(storeKey, jobStart), jobId), jobId, sealed);
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

  /** {@code tenant id ‖ marker ‖ scope}: every shaped record of the same question. */
  private byte[] scopePrefix(long tenantId, byte marker, ReleaseShape shape) {
    byte[] scope =
        primitives.hasher().hash(lengthPrefixed(shape.datasets()), shape.conditions().bytes());
    return ByteBuffer.allocate(Long.BYTES + 1 + scope.length)
        .putLong(tenantId)
        .put(marker)
        .put(scope)
        .array();
  }

  /** {@code tenant id ‖ 0xF2 ‖ scope ‖ grouping}: the reruns of the same grouping. */
  private byte[] groupedPrefix(long tenantId, ReleaseShape shape) {
    return concat(scopePrefix(tenantId, SHAPED, shape), grouping(shape));
  }

  private static byte[] concat(byte[] first, byte[] second) {
    return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
  }

  /** The suite hash of the set of grouping columns, as the gate compares them. */
  private byte[] grouping(ReleaseShape shape) {
    return primitives.hasher().hash(lengthPrefixed(new TreeSet<>(shape.columns())));
  }

  private static byte[] lengthPrefixed(Collection<String> names) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String name : names) {
      byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
      bytes.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
      bytes.writeBytes(utf8);
    }
    return bytes.toByteArray();
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
