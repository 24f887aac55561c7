package org.elementvault.engine.oplog;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;

/**
 * A real operation log over a real RocksDB store in a test's directory, with the suite's real
 * primitives, a {@link TickingClock}, and helpers that tamper with the stored log directly. The
 * test closes it.
 */
final class TestingLog implements AutoCloseable {

  static final String VAULT_ID = "v-test";

  final CipherSuite suite;
  final TickingClock clock = new TickingClock();
  final Path directory;
  final Signer signer;
  final Verifier verifier;
  private final Primitives primitives;
  private final Aead sealer;
  private VaultStore store;
  private boolean storeOpen = true;
  private OperationLog log;

  private TestingLog(Path directory, CipherSuite suite) {
    this.directory = directory;
    this.suite = suite;
    this.primitives = suite.primitives(new SecureRandom());
    this.sealer = primitives.aead(primitives.newKey());
    this.signer = primitives.signer(primitives.newSigningKey());
    try {
      this.verifier = primitives.verifier(signer.publicKey());
    } catch (CryptoException e) {
      throw new IllegalStateException("a fresh key pair must verify", e);
    }
    this.store = VaultStore.create(directory);
    this.log = OperationLog.open(store, sealer, primitives.hasher(), clock, VAULT_ID);
  }

  /** A new, empty log of {@code suite} in {@code directory}, which must not exist yet. */
  static TestingLog create(Path directory, CipherSuite suite) {
    return new TestingLog(directory, suite);
  }

  /** A new log with {@code entries} entries appended ({@link #record(int)}). */
  static TestingLog withEntries(Path directory, CipherSuite suite, int entries) {
    TestingLog testing = create(directory, suite);
    testing.append(entries);
    return testing;
  }

  OperationLog log() {
    return log;
  }

  VaultStore store() {
    return store;
  }

  /** Appends {@code count} more entries. */
  void append(int count) {
    for (int i = 0; i < count; i++) {
      LogEntry unused = log.append(record((int) log.size() + 1));
    }
  }

  /** The record of the {@code n}th testing entry: tenants, actors and actions vary with n. */
  static LogRecord record(int n) {
    String tenant = n % 2 == 0 ? "acme" : "globex";
    String action = n % 3 == 0 ? "dataset.import" : "tenant.apply";
    return new LogRecord("user" + (n % 2), tenant, action, "t" + n, Outcome.OK, "entry " + n);
  }

  /** Opens the log afresh, as the next command would: it reads the stored head again. */
  @CanIgnoreReturnValue
  OperationLog reopen() {
    log = OperationLog.open(store, sealer, primitives.hasher(), clock, VAULT_ID);
    return log;
  }

  /** A log with the same store and keys that writes through {@code writer}. */
  OperationLog openWith(OperationLog.BatchWriter writer) {
    return OperationLog.open(
        store, writer, (size, lastHash) -> {}, sealer, primitives.hasher(), clock, VAULT_ID);
  }

  /** Closes the database, so that its directory can be copied or replaced. */
  void closeStore() {
    store.close();
    storeOpen = false;
  }

  /** Opens the database in {@link #directory} again, and the log over it. */
  void openStore() {
    store = VaultStore.open(directory);
    storeOpen = true;
    reopen();
  }

  byte[] entryValue(long sequence) {
    return store.get(Family.OPLOG, OperationLog.key(OperationLog.ENTRY, sequence)).orElseThrow();
  }

  void putEntryValue(long sequence, byte[] value) {
    store.put(Family.OPLOG, OperationLog.key(OperationLog.ENTRY, sequence), value);
  }

  byte[] hashValue(long sequence) {
    return store.get(Family.OPLOG, OperationLog.key(OperationLog.HASH, sequence)).orElseThrow();
  }

  void putHashValue(long sequence, byte[] value) {
    store.put(Family.OPLOG, OperationLog.key(OperationLog.HASH, sequence), value);
  }

  byte[] headValue() {
    return store.get(Family.META, OperationLog.HEAD_KEY).orElseThrow();
  }

  void putHeadValue(byte[] value) {
    store.put(Family.META, OperationLog.HEAD_KEY, value);
  }

  void deleteEntry(long sequence) {
    store.write(new Batch().delete(Family.OPLOG, OperationLog.key(OperationLog.ENTRY, sequence)));
  }

  void deleteHash(long sequence) {
    store.write(new Batch().delete(Family.OPLOG, OperationLog.key(OperationLog.HASH, sequence)));
  }

  @Override
  public void close() {
    if (storeOpen) {
      closeStore();
    }
  }
}
