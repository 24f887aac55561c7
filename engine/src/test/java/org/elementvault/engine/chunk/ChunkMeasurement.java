package org.elementvault.engine.chunk;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Primitives;

/**
 * A quick throughput measurement of encode+seal and open+decode for one 65,536-row chunk, until the
 * JMH benchmarks in {@code bench} exist. Not a test (Surefire does not run it): run its main with
 * the test classpath and the flags in {@code evault.jvm.flags}.
 *
 * <ul>
 *   <li>{@code warm}: every suite × column × compression, after a warm-up, in values per second
 *       (filter with {@code -Dmeasurement.suites=INTL} and {@code -Dmeasurement.codecs=NONE,ZSTD}).
 *   <li>{@code cold-chunks}: open+decode of a sealed BIGINT chunk (INTL) in a fresh JVM's first
 *       second.
 *   <li>{@code cold-whole N}: a bare AES-GCM open of one N-byte value, repeated for the first
 *       second of a fresh JVM (compare N = 65536 with N = 524288 for the JCA trap).
 * </ul>
 */
@SuppressForbidden // prints its results
final class ChunkMeasurement {

  private static final int ROWS = ChunkCodec.MAX_ROWS;
  private static final ChunkPlace PLACE = new ChunkPlace(1, 2, 3, 4, 5);
  private static final long DURATION_NANOS =
      Long.getLong("measurement.seconds", 2) * 1_000_000_000L;
  private static final long SLICE_NANOS = Long.getLong("measurement.sliceMillis", 250) * 1_000_000L;

  private ChunkMeasurement() {}

  public static void main(String[] args) throws CryptoException {
    String mode = args.length == 0 ? "warm" : args[0];
    switch (mode) {
      case "warm" -> warm();
      case "cold-chunks" -> coldChunks();
      case "cold-whole" -> coldWhole(Integer.parseInt(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static void warm() {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<FieldVector> columns = new ArrayList<>();
      columns.add(bigInts(allocator));
      columns.add(TestingChunks.randomStrings(ROWS, 18, 42, allocator));
      ChunkCodec codec = ChunkCodec.create();
      System.out.printf(
          Locale.ROOT,
          "%-5s %-8s %-9s %10s %14s %14s%n",
          "suite",
          "column",
          "codec",
          "sealed B",
          "seal M val/s",
          "open M val/s");
      String suites = System.getProperty("measurement.suites", "INTL,GM");
      String codecs = System.getProperty("measurement.codecs", "NONE,LZ4_FRAME,ZSTD");
      for (CipherSuite suite : CipherSuite.values()) {
        if (!suites.contains(suite.name())) {
          continue;
        }
        ChunkSealer sealer = sealer(suite);
        for (FieldVector column : columns) {
          for (ChunkCompression compression : ChunkCompression.values()) {
            if (!codecs.contains(compression.name())) {
              continue;
            }
            byte[] sealed = sealer.sealVector(column, compression, codec, PLACE);
            double sealRate =
                rate(() -> sealer.sealVector(column, compression, codec, PLACE).length);
            double openRate =
                rate(
                    () -> {
                      try (FieldVector decoded =
                          sealer.openVector(
                              ByteBuffer.wrap(sealed),
                              PLACE,
                              codec,
                              column.getField(),
                              allocator)) {
                        return decoded.getValueCount();
                      }
                    });
            System.out.printf(
                Locale.ROOT,
                "%-5s %-8s %-9s %10d %14.1f %14.1f%n",
                suite,
                column instanceof BigIntVector ? "BIGINT" : "VARCHAR",
                compression,
                sealed.length,
                sealRate / 1e6,
                openRate / 1e6);
          }
        }
        double bare = bareOpenRate(suite);
        System.out.printf(
            Locale.ROOT,
            "%-5s bare open of 64 KiB segments: %.1f M 8-byte values/s%n",
            suite,
            bare / 1e6);
      }
      columns.forEach(FieldVector::close);
    }
  }

  /** Values in [0, 10^12): amounts and ids, whose high bytes are zero. */
  private static BigIntVector bigInts(BufferAllocator allocator) {
    SecureRandom random = TestingChunks.seeded(42);
    BigIntVector vector = new BigIntVector("amount", allocator);
    vector.allocateNew(ROWS);
    for (int i = 0; i < ROWS; i++) {
      vector.set(i, Math.floorMod(random.nextLong(), 1_000_000_000_000L));
    }
    vector.setValueCount(ROWS);
    return vector;
  }

  private static ChunkSealer sealer(CipherSuite suite) {
    Primitives primitives = suite.primitives(new SecureRandom());
    return new ChunkSealer(
        ChunkKeys.single(primitives.aead(primitives.newKey())), "vault-measurement");
  }

  private interface Run {
    int once();
  }

  /** Rows per second over ~2 s, after ~1 s of warm-up. */
  private static double rate(Run run) {
    long sink = 0;
    long warmUntil = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      sink += run.once();
    }
    long start = System.nanoTime();
    long end = start + 2_000_000_000L;
    long iterations = 0;
    long now;
    do {
      sink += run.once();
      iterations++;
      now = System.nanoTime();
    } while (now < end);
    if (sink == 42) {
      System.out.print("");
    }
    return iterations * (double) ROWS / ((now - start) / 1e9);
  }

  private static double bareOpenRate(CipherSuite suite) {
    Primitives primitives = suite.primitives(new SecureRandom());
    Aead aead = primitives.aead(primitives.newKey());
    byte[] ad = new byte[16];
    byte[] sealed = aead.seal(new byte[ChunkSealer.SEGMENT_BYTES], ad);
    // One run opens 8 segments of 64 KiB: 65,536 8-byte values, the same as one chunk.
    return rate(
        () -> {
          try {
            int n = 0;
            for (int i = 0; i < 8; i++) {
              n += aead.open(sealed, ad).length;
            }
            return n;
          } catch (CryptoException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Open+decode of one sealed BIGINT chunk, per 100 ms slice of a fresh JVM's first second. */
  private static void coldChunks() {
    long t0 = System.nanoTime();
    try (BufferAllocator allocator = new RootAllocator();
        BigIntVector column = bigInts(allocator)) {
      ChunkCodec codec = ChunkCodec.create();
      ChunkSealer sealer = sealer(CipherSuite.INTL);
      byte[] sealed = sealer.sealVector(column, ChunkCompression.NONE, codec, PLACE);
      report(
          t0,
          () -> {
            try (FieldVector decoded =
                sealer.openVector(
                    ByteBuffer.wrap(sealed), PLACE, codec, column.getField(), allocator)) {
              return decoded.getValueCount();
            }
          },
          ROWS);
    }
  }

  /**
   * A bare AES-GCM open of one {@code size}-byte value, per 100 ms of a fresh JVM's first second.
   */
  private static void coldWhole(int size) {
    long t0 = System.nanoTime();
    Primitives primitives = CipherSuite.INTL.primitives(new SecureRandom());
    Aead aead = primitives.aead(primitives.newKey());
    byte[] ad = new byte[16];
    byte[] sealed = aead.seal(new byte[size], ad);
    report(
        t0,
        () -> {
          try {
            return aead.open(sealed, ad).length;
          } catch (CryptoException e) {
            throw new IllegalStateException(e);
          }
        },
        size / 8);
  }

  private static void report(long t0, Run run, int valuesPerRun) {
    long sliceStart = System.nanoTime();
    long values = 0;
    long total = 0;
    int slice = 0;
    while (System.nanoTime() - t0 < DURATION_NANOS) {
      var unused = run.once();
      values += valuesPerRun;
      long now = System.nanoTime();
      if (now - sliceStart >= SLICE_NANOS) {
        System.out.printf(
            Locale.ROOT,
            "t=%5.0f ms  %8.1f M values/s (%7.1f MB/s)%n",
            (now - t0) / 1e6,
            values / ((now - sliceStart) / 1e9) / 1e6,
            values * 8 / ((now - sliceStart) / 1e9) / 1e6);
        total += values;
        values = 0;
        sliceStart = now;
        slice++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "first %d slices: %d values, %.1f M values/s from JVM start of this method%n",
        slice,
        total,
        total / ((System.nanoTime() - t0) / 1e9) / 1e6);
  }
}
