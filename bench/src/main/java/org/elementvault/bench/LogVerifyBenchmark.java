package org.elementvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.LogVerifier;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.engine.store.VaultStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time of a full {@code log verify} (open every sealed entry, recompute the hash chain and the
 * Merkle root) over a log of {@code entries} entries. The log is built in memory-backed {@code
 * /dev/shm} when there is one, so that filling it does not wait on a million disk syncs; the
 * verification itself reads through RocksDB's block cache either way.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class LogVerifyBenchmark extends AbstractMicrobenchmark {

  @Param({"INTL", "GM"})
  public CipherSuite suite = CipherSuite.INTL;

  @Param("1000000")
  public int entries = 1_000_000;

  private Path directory;
  private VaultStore store;
  private OperationLog log;

  /** Fills a log with {@code entries} entries. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path shm = Path.of("/dev/shm");
    directory =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "evault-verify-bench")
            : Files.createTempDirectory("evault-verify-bench");
    store = VaultStore.create(directory.resolve("db"));
    log = LogAppendBenchmark.BenchLogs.open(store, suite);
    for (int i = 0; i < entries; i++) {
      var unused =
          log.append(
              new LogRecord("alice", "acme", "tenant.show", "acme", Outcome.OK, "entry " + i));
    }
  }

  /** Verifies the whole log; fails the run if it does not verify. */
  @Benchmark
  public VerifyReport verify() {
    VerifyReport report = LogVerifier.of(log).verify();
    if (!report.ok()) {
      throw new IllegalStateException(report.summary());
    }
    return report;
  }

  /** Closes the database and removes it. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    LogAppendBenchmark.BenchLogs.delete(directory);
  }
}
