package org.elementvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.oplog.HeadFile;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.store.VaultStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends per second to the operation log by a single writer, each synced to RocksDB's write-ahead
 * log before it returns and then kept in the head file (as every operation's entry is). The
 * database lives under {@code java.io.tmpdir}, so the figure includes that disk's syncs.
 */
public class LogAppendBenchmark extends AbstractMicrobenchmark {

  /** A typical entry: a read by a tenant admin. */
  private static final LogRecord RECORD =
      new LogRecord("alice", "acme", "tenant.show", "acme", Outcome.OK, "");

  @Param({"INTL", "GM"})
  public CipherSuite suite = CipherSuite.INTL;

  private Path directory;
  private VaultStore store;
  private OperationLog log;

  /** Opens an empty log in a fresh database. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("evault-log-bench");
    store = VaultStore.create(directory.resolve("db"));
    Primitives primitives = suite.primitives(new SecureRandom());
    Aead sealer = primitives.aead(primitives.newKey());
    log =
        OperationLog.open(
            store,
            HeadFile.of(directory, sealer, "bench"),
            sealer,
            primitives.hasher(),
            Clock.systemUTC(),
            "bench");
  }

  /** Appends one entry, synced. */
  @Benchmark
  public LogEntry append() {
    return log.append(RECORD);
  }

  /** Closes the database and removes it. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    BenchLogs.delete(directory);
  }

  /** Opening a log over a store, shared by the log benchmarks. */
  static final class BenchLogs {
    private BenchLogs() {}

    static OperationLog open(VaultStore store, CipherSuite suite) {
      Primitives primitives = suite.primitives(new SecureRandom());
      return OperationLog.open(
          store,
          primitives.aead(primitives.newKey()),
          primitives.hasher(),
          Clock.systemUTC(),
          "bench");
    }

    static void delete(Path root) throws IOException {
      try (var paths = Files.walk(root)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
