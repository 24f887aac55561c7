package org.elementvault.sandbox.exec;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.elementvault.sandbox.protection.SubjectHash;
import org.jspecify.annotations.Nullable;

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
 * re-derived key never reads hashes of another. A run fills the hashes of the rows it selects as it
 * goes; a later run computes only rows not hashed before.
 *
 * <p>It holds hashes, never subject values: outputs of a keyed PRF, pseudonymous and useless
 * without the key (a tenant's exit shreds it; its entries then age out). At most {@code
 * budgetBytes} of them, least recently used first out. Thread-safe; a batch's hashes are filled
 * under their own lock, since two runs may read the same batch at once.
 */
final class SubjectHashCache {

  /** 64 MiB: the hashes of four million rows. */
  static final long DEFAULT_BUDGET_BYTES = 64L << 20;

  private final long budgetBytes;
  private final LinkedHashMap<Key, Hashes> entries = new LinkedHashMap<>(16, 0.75f, true);
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
   * The hashes kept for {@code key}, or new empty ones, kept if the budget allows (evicting the
   * least recently used) and otherwise only for the caller.
   */
  synchronized Hashes hashes(Key key) {
    Hashes kept = entries.get(key);
    if (kept != null) {
      return kept;
    }
    Hashes fresh = new Hashes(key.rows());
    if (fresh.bytes() > budgetBytes) {
      return fresh;
    }
    entries.put(key, fresh);
    bytes += fresh.bytes();
    Iterator<Hashes> oldest = entries.values().iterator();
    while (bytes > budgetBytes) {
      bytes -= oldest.next().bytes();
      oldest.remove();
    }
    return fresh;
  }

  /** The bytes of hashes kept. */
  synchronized long bytes() {
    return bytes;
  }

  /** The number of batches whose hashes are kept. */
  synchronized int batches() {
    return entries.size();
  }

  /** One batch's hashes, by row: those known so far. Lock it while reading or filling. */
  static final class Hashes {
    private final long[] words;
    private final long[] known;

    Hashes(int rows) {
      this.words = new long[2 * rows];
      this.known = new long[(rows + 63) / 64];
    }

    /** The hash of {@code row}, or null if not known yet. */
    @Nullable SubjectHash get(int row) {
      if ((known[row >>> 6] & (1L << row)) == 0) {
        return null;
      }
      return new SubjectHash(words[2 * row], words[2 * row + 1]);
    }

    void put(int row, SubjectHash hash) {
      words[2 * row] = hash.high();
      words[2 * row + 1] = hash.low();
      known[row >>> 6] |= 1L << row;
    }

    long bytes() {
      return 8L * (words.length + known.length);
    }
  }

  /** For the tests: whether {@code key}'s hashes are kept. */
  synchronized boolean holds(Key key) {
    return entries.containsKey(key);
  }
}
