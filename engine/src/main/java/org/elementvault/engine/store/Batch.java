package org.elementvault.engine.store;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes that become visible together or not at all: an operation's effects plus its log entry.
 * Collects the writes in memory; {@link VaultStore#write} applies them as one synced RocksDB write
 * batch. Not thread-safe; one operation owns one batch.
 */
public final class Batch {

  /** One write of a batch. */
  sealed interface Write {}

  record Put(Family family, byte[] key, byte[] value) implements Write {}

  record Delete(Family family, byte[] key) implements Write {}

  /** Deletes keys in [from, to). */
  record DeleteRange(Family family, byte[] from, byte[] to) implements Write {}

  private final List<Write> writes = new ArrayList<>();

  /** Stores {@code value} under {@code key}. */
  @CanIgnoreReturnValue
  public Batch put(Family family, byte[] key, byte[] value) {
    writes.add(new Put(family, key.clone(), value.clone()));
    return this;
  }

  /** Deletes {@code key}. */
  @CanIgnoreReturnValue
  public Batch delete(Family family, byte[] key) {
    writes.add(new Delete(family, key.clone()));
    return this;
  }

  /** Deletes every key from {@code from} (inclusive) to {@code to} (exclusive). */
  @CanIgnoreReturnValue
  public Batch deleteRange(Family family, byte[] from, byte[] to) {
    writes.add(new DeleteRange(family, from.clone(), to.clone()));
    return this;
  }

  /** Whether the batch holds no write. */
  public boolean isEmpty() {
    return writes.isEmpty();
  }

  List<Write> writes() {
    return writes;
  }
}
