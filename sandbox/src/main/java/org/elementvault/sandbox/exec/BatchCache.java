package org.elementvault.sandbox.exec;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.sandbox.catalog.VaultTable;
import org.elementvault.sandbox.protection.SubjectHash;
import org.jspecify.annotations.Nullable;

/**
 * What runs derive from a column of a dataset batch and need again on the next run, kept between
 * runs: the keyed subject hashes of a noise-protected release (SipHash-2-4-128, tens of nanoseconds
 * each: the largest single cost of a warm query), and the {@link BatchCodes} of a string key
 * (hashing and probing every row's bytes: most of a warm grouped query). Neither changes while the
 * dataset version and, for hashes, the subject hash key stay the same.
 *
 * <p>An entry is found by everything that determines it: the dataset (tenant, id, the version's
 * number and import instant, so a dataset dropped and imported again under a reused id is another
 * key), the batch's index, its row count, the column and its value bytes, and for hashes the id of
 * the subject hash key ({@link org.elementvault.sandbox.protection.NoiseKey#subjectKeyId()}), so a
 * rotated or re-derived key never reads hashes of another. A batch's column is derived whole, every
 * row, whatever the query selects: what is kept, and so how long a later run takes, depends on
 * which batches were read, never on which rows another developer's filter chose.
 *
 * <p>It holds hashes (outputs of a keyed PRF, useless without the key, which a tenant's exit
 * shreds) and codes (row numbers and small integers: which rows of a batch hold equal values),
 * never a value itself; in memory only, like the vault's cache of decrypted chunks, and entries of
 * a dropped or re-imported dataset are never read again and age out. At most {@code budgetBytes} in
 * all, least recently used first out. Thread-safe; two runs that miss the same entry at once both
 * derive it, and either result is the same.
 */
final class BatchCache {

  /** 64 MiB: the hashes of four million rows. */
  static final long DEFAULT_BUDGET_BYTES = 64L << 20;

  private final long budgetBytes;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  BatchCache(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("budgetBytes must be at least 0, got " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  /** One batch of a dataset version as a run reads it. */
  record Batch(
      long tenantId, long datasetId, int version, Instant importedAt, int index, int rows) {
    Batch {
      Objects.requireNonNull(importedAt, "importedAt");
    }

    static Batch of(Dataset dataset, DatasetVersion version, int index, int rows) {
      return new Batch(
          dataset.tenantId(), dataset.id(), version.number(), version.importedAt(), index, rows);
    }
  }

  /**
   * What an entry depends on.
   *
   * @param column the column's name
   * @param valueBytes the column's data bytes in the batch, a guard against a reused key
   * @param subjectKeyId for subject hashes, the id of the key they are made with; null for codes
   */
  record Key(Batch batch, String column, long valueBytes, @Nullable SubjectHash subjectKeyId) {
    Key {
      Objects.requireNonNull(batch, "batch");
      Objects.requireNonNull(column, "column");
    }
  }

  private record Entry(Object value, long bytes) {}

  /**
   * The subject hashes of every row of the batch and column at {@code key}, two words per row
   * ({@link SubjectHash#high()} then {@link SubjectHash#low()}; a NULL subject's are unused): those
   * kept, or {@code hashAll}'s, kept if the budget allows.
   */
  long[] subjectHashes(Key key, Supplier<long[]> hashAll) {
    if (key.subjectKeyId() == null) {
      throw new IllegalArgumentException("subject hashes are found by their key's id");
    }
    long[] words = get(key, long[].class, hashAll);
    if (words.length != 2L * key.batch().rows()) {
      throw new IllegalStateException("a batch's hashes are two words per row");
    }
    return words;
  }

  /** The codes of the batch's string column at {@code key}: those kept, or {@code encode}'s. */
  BatchCodes codes(Key key, Supplier<BatchCodes> encode) {
    if (key.subjectKeyId() != null) {
      throw new IllegalArgumentException("codes are not found by a key's id");
    }
    BatchCodes codes = get(key, BatchCodes.class, encode);
    if (codes.rows() != key.batch().rows()) {
      throw new IllegalStateException("a batch's codes are one per row");
    }
    return codes;
  }

  /**
   * Where the runs of {@code table}'s {@code columns} (by slot) find their string codes: kept here
   * per batch of the version read, or made anew for each batch if there is none.
   */
  GroupedRows.Codes codes(VaultTable table, List<org.elementvault.engine.dataset.Column> columns) {
    Dataset dataset = table.dataset();
    Optional<DatasetVersion> version = dataset.latest();
    if (version.isEmpty()) {
      return GroupedRows.Codes.FRESH;
    }
    return (batch, slot, index) -> {
      Column column = Column.of(batch.getVector(slot));
      Key key =
          new Key(
              Batch.of(dataset, version.get(), index, batch.getRowCount()),
              columns.get(slot).name(),
              column.valueBytes(),
              null);
      return codes(key, () -> BatchCodes.of(column));
    };
  }

  private <T> T get(Key key, Class<T> type, Supplier<T> derive) {
    synchronized (this) {
      Entry kept = entries.get(key);
      if (kept != null) {
        return type.cast(kept.value());
      }
    }
    T value = derive.get();
    keep(key, value, sizeOf(value));
    return value;
  }

  private static long sizeOf(Object value) {
    if (value instanceof long[] words) {
      return 8L * words.length;
    }
    return ((BatchCodes) value).bytes();
  }

  private synchronized void keep(Key key, Object value, long size) {
    if (size > budgetBytes || entries.containsKey(key)) {
      return;
    }
    entries.put(key, new Entry(value, size));
    bytes += size;
    Iterator<Entry> oldest = entries.values().iterator();
    while (bytes > budgetBytes) {
      bytes -= oldest.next().bytes();
      oldest.remove();
    }
  }

  /** The bytes kept. */
  synchronized long bytes() {
    return bytes;
  }

  /** The number of entries kept. */
  synchronized int entries() {
    return entries.size();
  }

  /** For the tests: whether {@code key}'s entry is kept. */
  synchronized boolean holds(Key key) {
    return entries.containsKey(key);
  }
}
