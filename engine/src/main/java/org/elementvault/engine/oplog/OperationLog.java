package org.elementvault.engine.oplog;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.jspecify.annotations.Nullable;

/**
 * The append side of the operation log. {@link #commit} writes an operation's effects and its log
 * entry in one atomic, synced write: there is no effect without its entry, and if the entry cannot
 * be written the operation fails and nothing changes (fail-closed).
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li>{@code oplog} family, key {@code 'e' ‖ sequence (big-endian)}: the entry, sealed with the
 *       master key and bound to its sequence number, so entries cannot be edited, swapped or moved;
 *   <li>{@code oplog} family, key {@code 'h' ‖ sequence}: the entry's hash in clear (it reveals
 *       nothing and survives a purge, so the Merkle tree stays verifiable);
 *   <li>{@code meta} family, key {@code log/head}: the sealed size and last hash, which catches a
 *       truncated tail; rolling back the whole database is caught against an auditor's checkpoint;
 *   <li>{@code meta} family, key {@code log/purge}: the sealed first retained sequence, written by
 *       {@link LogRetention} in the same batch as the purge's own entry; absent means 1.
 * </ul>
 *
 * <p>Thread-safe: appends are serialized.
 */
public final class OperationLog {

  /** Writes a batch atomically; the seam through which tests make the log store fail. */
  @FunctionalInterface
  public interface BatchWriter {
    void write(Batch batch);
  }

  /**
   * Receives the head after every durable commit, so the vault can keep it outside the database
   * ({@link HeadFile}).
   */
  @FunctionalInterface
  public interface HeadSink {
    /** The log now durably holds {@code size} entries, the last one hashing to {@code lastHash}. */
    void acknowledged(long size, byte[] lastHash);
  }

  static final byte ENTRY = 'e';
  static final byte HASH = 'h';
  static final byte[] HEAD_KEY = "log/head".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PURGE_KEY = "log/purge".getBytes(StandardCharsets.US_ASCII);

  /** The sealed head as stored: the number of entries and the hash of the last one. */
  // Internal carrier, never compared or kept: the array is not copied.
  @SuppressWarnings("ArrayRecordComponent")
  record Head(long size, byte[] lastHash) {}

  private final VaultStore store;
  private final BatchWriter writer;
  private final HeadSink headSink;
  private final Aead sealer;
  private final Hasher hasher;
  private final Clock clock;
  private final String vaultId;

  /** Per thread inside a span: the entries of reads waiting for the span's next commit. */
  private final ThreadLocal<@Nullable List<LogRecord>> gathered = new ThreadLocal<>();

  private long size;
  private byte[] lastHash;

  private OperationLog(
      VaultStore store,
      BatchWriter writer,
      HeadSink headSink,
      Aead sealer,
      Hasher hasher,
      Clock clock,
      String vaultId) {
    this.store = store;
    this.writer = writer;
    this.headSink = headSink;
    this.sealer = sealer;
    this.hasher = hasher;
    this.clock = clock;
    this.vaultId = vaultId;
    this.lastHash = new byte[hasher.digestLength()];
  }

  /**
   * Opens the log of a vault. {@code sealer} seals entries (the master key), {@code hasher} is the
   * suite's hash; {@code headSink} receives the head after every commit.
   */
  public static OperationLog open(
      VaultStore store,
      HeadSink headSink,
      Aead sealer,
      Hasher hasher,
      Clock clock,
      String vaultId) {
    return open(store, store::write, headSink, sealer, hasher, clock, vaultId);
  }

  /**
   * Opens the log of a store that keeps its head nowhere else: a read-only look, or a log tested
   * alone.
   */
  public static OperationLog open(
      VaultStore store, Aead sealer, Hasher hasher, Clock clock, String vaultId) {
    return open(store, store::write, (size, lastHash) -> {}, sealer, hasher, clock, vaultId);
  }

  /**
   * As {@link #open(VaultStore, HeadSink, Aead, Hasher, Clock, String)}, writing through {@code
   * writer}.
   */
  public static OperationLog open(
      VaultStore store,
      BatchWriter writer,
      HeadSink headSink,
      Aead sealer,
      Hasher hasher,
      Clock clock,
      String vaultId) {
    OperationLog log = new OperationLog(store, writer, headSink, sealer, hasher, clock, vaultId);
    log.loadHead();
    return log;
  }

  private void loadHead() {
    try {
      Optional<Head> head = storedHead();
      if (head.isPresent()) {
        size = head.get().size();
        lastHash = head.get().lastHash();
      }
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the operation log's head fails its integrity check", e);
    }
  }

  /**
   * Reads and opens the head as it is stored now; empty for a log never written.
   *
   * @throws CryptoException if it fails authentication or is malformed
   */
  Optional<Head> storedHead() throws CryptoException {
    Optional<byte[]> sealed = store.get(Family.META, HEAD_KEY);
    if (sealed.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer head = ByteBuffer.wrap(sealer.open(sealed.get(), headPlace()));
    if (head.remaining() != Long.BYTES + hasher.digestLength()) {
      throw new CryptoException("the operation log's head is malformed");
    }
    long headSize = head.getLong();
    byte[] headHash = new byte[hasher.digestLength()];
    head.get(headHash);
    return Optional.of(new Head(headSize, headHash));
  }

  /**
   * Reads and opens the first sequence still stored: 1 unless a purge removed a prefix.
   *
   * @throws CryptoException if the stored purge point fails authentication or is malformed
   */
  long firstRetained() throws CryptoException {
    Optional<byte[]> sealed = store.get(Family.META, PURGE_KEY);
    if (sealed.isEmpty()) {
      return 1;
    }
    byte[] opened = sealer.open(sealed.get(), purgePlace());
    if (opened.length != Long.BYTES) {
      throw new CryptoException("the operation log's purge point is malformed");
    }
    return ByteBuffer.wrap(opened).getLong();
  }

  /** Adds the sealed purge point {@code firstRetained} to {@code batch}. */
  void putFirstRetained(Batch batch, long firstRetained) {
    byte[] point = ByteBuffer.allocate(Long.BYTES).putLong(firstRetained).array();
    batch.put(Family.META, PURGE_KEY, sealer.seal(point, purgePlace()));
  }

  /**
   * Runs {@code action} with appends held off, so that it reads the stored log at one size (the
   * store has no snapshots; a concurrent append would look like an entry past the head), or copies
   * the vault at a point between two operations (a backup).
   */
  public synchronized <T> T exclusively(Supplier<T> action) {
    return action.get();
  }

  /**
   * Appends the entry for {@code record} to {@code effects} and writes both atomically, after the
   * entries of reads this thread's operation gathered ({@link #appendRead}), in the same write.
   *
   * @return the entry, durable once this returns
   * @throws VaultException {@code INTERNAL} if the write fails; then neither the entry nor any
   *     effect exists
   */
  @CanIgnoreReturnValue
  public synchronized LogEntry commit(LogRecord record, Batch effects) {
    List<LogRecord> waiting = gathered.get();
    List<LogRecord> records = new ArrayList<>(waiting == null ? List.of() : waiting);
    records.add(record);
    long sequence = size;
    byte[] hash = lastHash;
    LogEntry entry = null;
    for (LogRecord next : records) {
      sequence++;
      Instant time = clock.instant();
      byte[] canonical = LogEntry.canonical(sequence, time, next);
      entry = new LogEntry(sequence, time, next, hash, hasher.hash(hash, canonical));
      hash = entry.hash();
      effects.put(
          Family.OPLOG, key(ENTRY, sequence), sealer.seal(encode(entry), entryPlace(sequence)));
      effects.put(Family.OPLOG, key(HASH, sequence), hash);
    }
    effects.put(Family.META, HEAD_KEY, sealer.seal(head(sequence, hash), headPlace()));
    try {
      writer.write(effects);
    } catch (VaultException e) {
      if (e.code() == ErrorCode.RESOURCE_LIMIT) {
        throw e; // a full disk says so and what to free, not only that the log failed
      }
      throw new VaultException(
          ErrorCode.INTERNAL,
          "the operation log could not be written, so the operation was not carried out",
          e);
    } catch (RuntimeException e) {
      throw new VaultException(
          ErrorCode.INTERNAL,
          "the operation log could not be written, so the operation was not carried out",
          e);
    }
    if (waiting != null) {
      waiting.clear();
    }
    size = sequence;
    lastHash = hash;
    headSink.acknowledged(sequence, hash);
    return Objects.requireNonNull(entry);
  }

  /** Appends one entry that has no other effect, such as a refusal. */
  @CanIgnoreReturnValue
  public LogEntry append(LogRecord record) {
    return commit(record, new Batch());
  }

  /**
   * Opens an operation's span on this thread. Inside it, the entries of reads made on the
   * operation's behalf ({@link #appendRead}) wait and are written in the operation's own commit:
   * one synced write where each read took one. A read releases nothing, so its entry is durable
   * before anything it served leaves the vault. Closing the outermost span writes any entry still
   * waiting; a span opened inside another is part of it.
   */
  public Span span() {
    if (gathered.get() != null) {
      return new Span(true);
    }
    gathered.set(new ArrayList<>());
    return new Span(false);
  }

  /**
   * Appends the entry of a read inside a span: it waits for the span's next commit on this thread,
   * or for the span's end. Outside a span it is written at once.
   */
  public void appendRead(LogRecord record) {
    List<LogRecord> waiting = gathered.get();
    if (waiting == null) {
      var unused = append(record);
    } else {
      waiting.add(record);
    }
  }

  /** An operation's span on one thread ({@link #span}). */
  public final class Span implements AutoCloseable {
    private final boolean nested;

    private Span(boolean nested) {
      this.nested = nested;
    }

    /** Whether this span is inside another operation's, whose commit writes its reads. */
    public boolean nested() {
      return nested;
    }

    @Override
    public void close() {
      if (nested) {
        return;
      }
      List<LogRecord> waiting = Objects.requireNonNull(gathered.get());
      gathered.remove();
      // Entries wait here only when the operation ended without a commit of its own (an Error).
      for (LogRecord record : waiting) {
        var unused = append(record);
      }
    }
  }

  /** The number of entries ever appended (purged ones included). */
  public synchronized long size() {
    return size;
  }

  /** The hash of the last entry, or zeros for an empty log. */
  public synchronized byte[] lastHash() {
    return lastHash.clone();
  }

  /**
   * The entry at {@code sequence}, if it is stored (not purged).
   *
   * @throws VaultException {@code INTEGRITY} if the stored entry fails authentication
   */
  public Optional<LogEntry> entry(long sequence) {
    return store.get(Family.OPLOG, key(ENTRY, sequence)).map(value -> open(sequence, value));
  }

  /** The stored hash of entry {@code sequence}, present even for purged entries. */
  public Optional<byte[]> storedHash(long sequence) {
    return store.get(Family.OPLOG, key(HASH, sequence));
  }

  /**
   * Decrypts and decodes a stored entry.
   *
   * @throws VaultException {@code INTEGRITY} naming the sequence if it fails authentication
   */
  LogEntry open(long sequence, byte[] sealed) {
    try {
      return decode(sealer.open(sealed, entryPlace(sequence)));
    } catch (CryptoException | RuntimeException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "operation log entry " + sequence + " fails authentication", e);
    }
  }

  /** The suite's hash, for recomputing entry hashes and Merkle roots. */
  Hasher hasher() {
    return hasher;
  }

  VaultStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  String vaultId() {
    return vaultId;
  }

  static byte[] key(byte kind, long sequence) {
    return ByteBuffer.allocate(1 + Long.BYTES).put(kind).putLong(sequence).array();
  }

  private byte[] entryPlace(long sequence) {
    return ("vault/" + vaultId + "/oplog/" + sequence).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] headPlace() {
    return ("vault/" + vaultId + "/meta/log-head").getBytes(StandardCharsets.UTF_8);
  }

  private byte[] purgePlace() {
    return ("vault/" + vaultId + "/meta/log-purge").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] head(long sequence, byte[] hash) {
    return ByteBuffer.allocate(Long.BYTES + hash.length).putLong(sequence).put(hash).array();
  }

  /** Stored form: previous hash ‖ hash ‖ canonical bytes (which carry sequence and time). */
  private byte[] encode(LogEntry entry) {
    byte[] canonical = entry.canonical();
    return ByteBuffer.allocate(2 * hasher.digestLength() + canonical.length)
        .put(entry.previousHash())
        .put(entry.hash())
        .put(canonical)
        .array();
  }

  private LogEntry decode(byte[] stored) {
    int length = hasher.digestLength();
    byte[] previous = Arrays.copyOfRange(stored, 0, length);
    byte[] hash = Arrays.copyOfRange(stored, length, 2 * length);
    return LogEntry.decode(Arrays.copyOfRange(stored, 2 * length, stored.length), previous, hash);
  }
}
