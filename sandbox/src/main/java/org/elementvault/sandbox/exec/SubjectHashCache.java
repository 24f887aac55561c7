package org.elementvault.sandbox.exec;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.function.Supplier;
import org.elementvault.sandbox.protection.SubjectHash;

/**
 * The keyed subject hashes of dataset batches, kept between runs: a noise-protected release hashes
 * every subject it reads (SipHash-2-4-128, tens of nanoseconds each), which was the largest single
 * cost of a warm query, and the hashes of a batch never change while its dataset version and the
 * subject hash key stay the same.
 *
 * <p>A batch's hashes are found by everything that determines them: the dataset (tenant, id, the
 * version's number and import instant, so a dataset dropped and imported again under a reused id is
 * another key), the batch's index, its row count and subject bytes, and the id of the subject hash
 * key ({@link org.elementvault.sandbox.protection.NoiseKey#subjectKeyId()}), so a rotated or
 * re-derived key never reads hashes of another. A batch is hashed whole, every row, whatever the
 * query selects: what is kept, and so how long a later run takes, depends on which batches were
 * read, never on which rows another developer's filter chose.
 *
 * <p>It holds hashes, never subject values: outputs of a keyed PRF, pseudonymous and useless
 * without the key (a tenant's exit shreds it; its entries then age out). At most {@code
 * budgetBytes} of them, least recently used first out. Thread-safe; two runs that miss the same
 * batch at once both hash it, and either result is the same.
 */
final class SubjectHashCache {

  /** 64 MiB: the hashes of four million rows. */
  static final long DEFAULT_BUDGET_BYTES = 64L << 20;

  private final long budgetBytes;
  private final LinkedHashMap<Key, long[]> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  SubjectHashCache(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("budgetBytes must be at least 0, got " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  /**
   * What a batch's hashes depend on.
   *
   * @param subjectBytes the batch's subject column's data bytes, a guard against a reused key
   */
  record Key(
      long tenantId,
      long datasetId,
      int version,
      Instant importedAt,
      SubjectHash subjectKeyId,
      int batch,
      int rows,
      long subjectBytes) {
    Key {
      Objects.requireNonNull(importedAt, "importedAt");
      Objects.requireNonNull(subjectKeyId, "subjectKeyId");
    }
  }

  /**
   * The hashes of every row of the batch at {@code key}, two words per row ({@link
   * SubjectHash#high()} then {@link SubjectHash#low()}; a NULL subject's are unused): those kept,
   * or {@code hashAll}'s, kept if the budget allows (evicting the least recently used).
   */
  long[] hashes(Key key, Supplier<long[]> hashAll) {
    synchronized (this) {
      long[] kept = entries.get(key);
      if (kept != null) {
        return kept;
      }
    }
    long[] words = hashAll.get();
    if (words.length != 2L * key.rows()) {
      throw new IllegalStateException("a batch's hashes are two words per row");
    }
    keep(key, words);
    return words;
  }

  private synchronized void keep(Key key, long[] words) {
    long size = 8L * words.length;
    if (size > budgetBytes || entries.containsKey(key)) {
      return;
    }
    entries.put(key, words);
    bytes += size;
    Iterator<long[]> oldest = entries.values().iterator();
    while (bytes > budgetBytes) {
      bytes -= 8L * oldest.next().length;
      oldest.remove();
    }
  }

  /** The bytes of hashes kept. */
  synchronized long bytes() {
    return bytes;
  }

  /** The number of batches whose hashes are kept. */
  synchronized int batches() {
    return entries.size();
  }

  /** For the tests: whether {@code key}'s hashes are kept. */
  synchronized boolean holds(Key key) {
    return entries.containsKey(key);
  }
}
