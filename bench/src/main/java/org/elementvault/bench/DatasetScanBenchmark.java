package org.elementvault.bench;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.chunk.ChunkCacheBudget;
import org.elementvault.engine.dataset.DatasetScan;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full scans of one column of an imported {@code rows}-row resident dataset: each operation reads
 * every batch of the column, opening (authenticating, decrypting, decompressing) its sealed chunks
 * into Arrow vectors, and counts the non-null values. The secondary result {@code values} is the
 * figure to read: values per second.
 *
 * <p>Three column types: {@code age} declared {@code BIGINT} for this benchmark (8 bytes a value,
 * stored uncompressed: the 250 M values/s goal), {@code income} ({@code DECIMAL(12,2)},
 * 16-byte Arrow decimals), and {@code name} (two or three Chinese characters, a ZSTD-compressed
 * string chunk). The vault lives in {@code /dev/shm} where there is one, so each scan's synced
 * operation-log entry costs little; everything else is the production path.
 *
 * <p>Measured on the project's 2-core machine (JDK 17, 1 M rows, medians of 3 iterations), in
 * values/s: BIGINT 129 M (INTL) and 6.1 M (GM), DECIMAL(12,2) 65 M and 3.1 M, STRING 44 M and 7.2
 * M. A flight recording of the INTL BIGINT scan puts about two thirds of it in AES-GCM (with JCA's
 * {@code GHASH.blockMult} prominent, and about 9% in looking up and keying a {@code Cipher} per
 * chunk), a quarter in {@code RocksDB.get} copying the 512 KiB chunks out, and 7% in Arrow.
 *
 * <p>Since then the read path opens each chunk from one reused ciphertext array per scan (RocksJava
 * copies each value into it once and exposes no pinned slice to read in place) straight into Arrow
 * memory, segment by segment through {@code Cipher.doFinal(ByteBuffer, ByteBuffer)}, and a scan
 * read whole loads its next batch on a second core. Old and new builds alternated on the same
 * machine, busy with other builds (load average 9 to 11 on 2 cores), INTL BIGINT at 1 M rows: this
 * benchmark 79 M values/s before, 233 M after (2.9×); in a steady state (after 10 s) per CPU-second
 * of the reading thread 200 M before, 295 M after the copies went (without read-ahead) and 430 to
 * 590 M with it, per wall second 43 to 79 M before and 164 to 273 M after. Per CPU-second of the
 * whole process (the helper, JIT and GC included) 150 to 180 M before, about 265 M without
 * read-ahead and about 200 M with it: reading ahead buys wall time with some CPU. GM stays bound by
 * SM4 (about 17 M values per process CPU-second either way). The reads alone cost 0.43 ms per 8 MB
 * column into a reused array against 0.9 to 1.8 ms into a new array per chunk.
 *
 * <p>GM's scans are bound by SM4-GCM. Moving it from Bouncy Castle's {@code SM4Engine} under its
 * {@code GCMBlockCipher} to the table-driven SM4 of {@code crypto.internal} raised BIGINT GM from
 * 3.3 M to 8.0 M values/s (2.4×; three alternating runs of each build on the same, busy machine,
 * where INTL read 49-117 M), and a 64 KiB SM4-GCM open from 63 to 166 MB/s (CPU time of one
 * thread), against 3,680 MB/s for JCA's AES-GCM.
 */
@Warmup(iterations = 1, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
public class DatasetScanBenchmark extends AbstractMicrobenchmark {

  @Param({"INTL", "GM"})
  public CipherSuite suite = CipherSuite.INTL;

  @Param("1000000")
  public long rows = 1_000_000;

  private BenchVaults vault;
  private BufferAllocator allocator;

  /** Values read, reported per second next to the scans per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Values {
    /** Non-null values counted in this iteration. */
    public long values;

    /** Starts each iteration's count at zero. */
    @Setup(Level.Iteration)
    public void reset() {
      values = 0;
    }
  }

  /**
   * Imports the resident CSV once, with {@code age} as {@code BIGINT}, into a vault without a chunk
   * cache: this benchmark measures reading and decrypting, which a warm cache would skip.
   */
  @Setup(Level.Trial)
  public void importResidents() throws IOException {
    vault = BenchVaults.create(BenchVaults.memoryBackedTemp(), suite, ChunkCacheBudget.OFF);
    vault.importDataset(
        "residents", ResidentsCsv.cached(rows), SyntheticResidents.schemaYaml("BIGINT"));
    allocator = new RootAllocator(256L << 20);
  }

  /** Scans {@code age}, a {@code BIGINT} column. */
  @Benchmark
  public long scanBigint(Values values) {
    return scan("age", values);
  }

  /** Scans {@code income}, a {@code DECIMAL(12,2)} column. */
  @Benchmark
  public long scanDecimal(Values values) {
    return scan("income", values);
  }

  /** Scans {@code name}, a {@code STRING} column. */
  @Benchmark
  public long scanString(Values values) {
    return scan("name", values);
  }

  private long scan(String column, Values values) {
    long count = 0;
    try (DatasetScan scan =
        vault
            .vault()
            .datasets()
            .scan(
                vault.tenantAdmin(),
                null,
                "residents",
                OptionalInt.empty(),
                List.of(column),
                List.of(),
                allocator)) {
      while (scan.next()) {
        FieldVector vector = scan.batch().getVector(0);
        count += vector.getValueCount() - vector.getNullCount();
      }
      if (scan.rowsScanned() != rows) {
        throw new IllegalStateException("scanned " + scan.rowsScanned() + " rows of " + rows);
      }
    }
    values.values += count;
    return count;
  }

  /** Closes the allocator (which fails on a leaked buffer) and deletes the vault. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    allocator.close();
    vault.close();
  }
}
