package org.elementvault.engine.seal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elementvault.engine.Names;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.VaultStore;

/**
 * Sealed metadata records for the modules above the engine (elements, products, models): each
 * record is sealed JSON bound to its kind and id, written into a {@link Batch} that a {@link
 * org.elementvault.engine.auth.Guard} commits together with the operation's log entry.
 *
 * <p>The engine's own kinds ({@code tenant}, {@code principal}, {@code dataset}, {@code vault}) are
 * refused, so a module above can neither read nor overwrite tenants, principals or datasets through
 * this facade. Kinds follow the vault's name rule. Thread-safe.
 */
public final class Records {

  private static final Set<String> RESERVED = Set.of("tenant", "principal", "dataset", "vault");

  /** Sequences live under their own kinds; ':' keeps them apart from every valid record kind. */
  private static final String SEQUENCE_KIND = "sequence:";

  private final SealedMeta meta;
  private final VaultStore store;
  private final Map<String, Long> sequences = new HashMap<>();

  public Records(SealedMeta meta, VaultStore store) {
    this.meta = meta;
    this.store = store;
  }

  /** Adds to {@code batch} the sealed record {@code value} of {@code kind} under {@code id}. */
  public void put(Batch batch, String kind, long id, Object value) {
    meta.put(batch, checkKind(kind), id, value);
  }

  /** Adds to {@code batch} the deletion of the record of {@code kind} under {@code id}. */
  public void delete(Batch batch, String kind, long id) {
    meta.delete(batch, checkKind(kind), id);
  }

  /**
   * Every record of {@code kind}, in id order.
   *
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} if a record fails
   *     authentication or does not parse as {@code type}
   */
  public <T> List<T> loadAll(String kind, Class<T> type) {
    return meta.loadAll(checkKind(kind), type);
  }

  /**
   * The record of {@code kind} under {@code id}, if there is one: one read, where {@link #loadAll}
   * opens every record of the kind.
   *
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} if it fails authentication or
   *     does not parse as {@code type}
   */
  public <T> Optional<T> load(String kind, long id, Class<T> type) {
    return meta.load(checkKind(kind), id, type);
  }

  /**
   * The next number of the persistent sequence {@code name}, starting at 1. The new value is
   * durable before it is returned, so a number is never handed out twice, even across a crash; a
   * number whose operation then fails is skipped, never reused.
   */
  public long next(String name) {
    Batch batch = new Batch();
    long next = next(batch, name);
    store.write(batch);
    return next;
  }

  /**
   * The next number of the persistent sequence {@code name}, its new value put in {@code batch}:
   * for a caller whose one synced write holds both the number and the record it names. If that
   * write fails, the number was never seen outside this process and may come again after a restart.
   */
  public synchronized long next(Batch batch, String name) {
    String kind = SEQUENCE_KIND + checkKind(name);
    long current =
        sequences.computeIfAbsent(
            kind, k -> meta.loadAll(k, Long.class).stream().findFirst().orElse(0L));
    long next = current + 1;
    meta.put(batch, kind, 0, next);
    sequences.put(kind, next);
    return next;
  }

  private static String checkKind(String kind) {
    if (!Names.isValid(kind) || RESERVED.contains(kind)) {
      throw new IllegalArgumentException("record kind must be a valid name of no engine record");
    }
    return kind;
  }
}
