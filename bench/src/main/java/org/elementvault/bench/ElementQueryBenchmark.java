package org.elementvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.chunk.ChunkCacheBudget;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetScan;
import org.elementvault.engine.result.Release;
import org.elementvault.engine.result.ReleaseOrigin;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.TableSource;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.element.ColumnUse;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.Elements;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ResultCodec;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Element queries end to end through the product's entry point, {@link Sandbox#run}: an approved
 * element of the developer {@code dev} over an imported {@code rows}-row resident dataset, so the
 * run checks the element's state, compiles and checks the policy again, thresholds at k = 10
 * distinct subjects, scans and decrypts the columns read, executes with the sandbox's current
 * executor, seals the result into the vault and logs its hash. Beside it the same queries,
 * thresholded the same way by hand, in DuckDB (in process, same file) four ways: an in-memory
 * database or a persistent one with DuckDB's own encryption ({@code storage}), on every core or one
 * ({@code threads}). The three queries ({@code query}):
 *
 * <ol>
 *   <li>{@code Q1}: {@code SELECT district, COUNT(DISTINCT id_card), AVG(income) ... GROUP BY
 *       district}, a grouped distinct count;
 *   <li>{@code Q2}: {@code SELECT district, gender, COUNT(*), SUM(income) ... WHERE age BETWEEN 30
 *       AND 50 GROUP BY district, gender}, a filter and a two-column group;
 *   <li>{@code Q3}: {@code SELECT COUNT(*) ... WHERE income > 50000}, a filtered global count.
 * </ol>
 *
 * <p>Each operation is one query; the score is milliseconds per query. An element query splits its
 * batches between every processor (the sandbox's executor sizes its pool by them), so compare it
 * with DuckDB on all cores.
 *
 * <p><b>Where the time goes.</b> With {@link QueryProfiler} on, after every iteration the vault
 * side also times once each part of the same query on its own and publishes it: {@code part.scan}
 * (a scan of exactly the columns the element reads, through the vault's scan: authorize, log, read,
 * authenticate, decrypt, decompress into Arrow), {@code part.policy} (what a warm run pays for the
 * policy before it executes: reading the dataset's metadata, which its kept compiled and checked
 * plan must match) and {@code part.release} (a job of the same element whose body seals the last
 * result into the vault: the guard, the job's and the release's log entries). {@code part.compile}
 * (parse, validate against the element's catalog and the lineage policy check, as the first run
 * after a change of the element or its datasets does) is published beside them, not subtracted. The
 * report takes {@code execute} as the total less these three: the executor's own work, the
 * threshold's {@code COUNT(DISTINCT)} included, plus the run's small bookkeeping. With a scan that
 * caches decrypted chunks the subtraction can undercount the scan; it is reported as measured.
 * {@code mem.arrow.peak} is the most Arrow (off-heap) memory the scan held at once.
 *
 * <p>DuckDB's encrypted database is written once per row count under {@code
 * ${java.io.tmpdir}/evault-bench} and attached read-only: this build of the DuckDB driver reads
 * encrypted files with its bundled mbedtls, and writes them only with {@code force_mbedtls_unsafe}
 * (its nonce generator is not fit for real secrets; the file holds only synthetic data). DuckDB
 * keeps decrypted pages in its buffer pool, so a warm query decrypts little.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class ElementQueryBenchmark extends AbstractMicrobenchmark {

  static final String Q1 =
      "SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM residents GROUP BY district";
  static final String Q2 =
      "SELECT district, gender, COUNT(*), SUM(income) FROM residents"
          + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender";
  static final String Q3 = "SELECT COUNT(*) FROM residents WHERE income > 50000";

  /** The queries by name. */
  static final Map<String, String> QUERIES = Map.of("Q1", Q1, "Q2", Q2, "Q3", Q3);

  /** The threshold of the element queries, and of DuckDB's by hand. */
  static final int K = 10;

  private static final String THRESHOLD = " HAVING COUNT(DISTINCT id_card) >= " + K;

  private static final String DATASET = "residents";

  /** Which query; see the class comment. */
  @Param({"Q1", "Q2", "Q3"})
  public String query = "Q1";

  /** The vault with the dataset imported and one approved element per query, for one suite. */
  @State(Scope.Benchmark)
  public static class VaultResidents {

    @Param({"INTL", "GM"})
    public CipherSuite suite = CipherSuite.INTL;

    @Param("1000000")
    public long rows = 1_000_000;

    /**
     * The vault's decrypted-chunk cache in MiB, all of it for the one tenant; 0 turns it off, so
     * every run decrypts. Warm runs of GM depend on it (SM4 opens chunks far slower than AES-GCM).
     */
    @Param("256")
    public long chunkCacheMiB = 256;

    private BenchVaults vault;
    private Principal dev;
    private Sandbox sandbox;
    private final Map<String, Element> elements = new HashMap<>();
    private BufferAllocator allocator;
    private Sandbox.Job last;

    /** Imports the resident CSV once and approves an element for each query. */
    @Setup(Level.Trial)
    public void importResidents() throws IOException {
      vault =
          BenchVaults.create(
              BenchVaults.memoryBackedTemp(), suite, ChunkCacheBudget.of(chunkCacheMiB << 20));
      vault.importDataset(DATASET, ResidentsCsv.cached(rows), SyntheticResidents.schemaYaml());
      Principal admin = vault.vault().admin();
      dev = vault.addDeveloper();
      sandbox = new Sandbox(vault.vault());
      for (Map.Entry<String, String> query : QUERIES.entrySet()) {
        Element submitted = sandbox.submit(dev, spec(query.getKey(), query.getValue()));
        elements.put(
            query.getKey(), sandbox.review(admin, submitted.id(), true, "capacity benchmark"));
      }
      allocator = new RootAllocator(Sandbox.JOB_MEMORY);
    }

    /** The element spec of query {@code name}. */
    static byte[] spec(String name, String sql) {
      return ("name: bench-"
              + name.toLowerCase(java.util.Locale.ROOT)
              + "\ntype: DATASET\nscenario: capacity benchmark\npurpose: capacity planning\n"
              + "datasets: ["
              + DATASET
              + "]\nthreshold: "
              + K
              + "\nquery: |\n  "
              + sql
              + "\n")
          .getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the element of {@code query} on the real data, as the CLI and server do. */
    Sandbox.Job run(String query) {
      last = sandbox.run(dev, elements.get(query).id(), false);
      return last;
    }

    /** Times each part of the iteration's query once and publishes it; see the class comment. */
    @TearDown(Level.Iteration)
    public void measureParts(BenchmarkParams params) {
      Element element = elements.get(params.getParam("query"));
      if (element == null || last == null) {
        return;
      }
      long started = System.nanoTime();
      long arrowPeak = scanColumns(element);
      long scanned = System.nanoTime();
      Dataset residents = describe();
      long described = System.nanoTime();
      compileAndCheck(element, residents);
      long compiled = System.nanoTime();
      Release unused = release(element, last.result());
      long released = System.nanoTime();
      QueryProfiler.publish("part.scan", (scanned - started) / 1e6, "ms");
      QueryProfiler.publish("part.policy", (described - scanned) / 1e6, "ms");
      QueryProfiler.publish("part.compile", (compiled - described) / 1e6, "ms");
      QueryProfiler.publish("part.release", (released - compiled) / 1e6, "ms");
      QueryProfiler.publishPeak("mem.arrow.peak", arrowPeak / 1e6, "MB");
    }

    /** Scans the columns the element reads; returns the most Arrow memory held at once. */
    private long scanColumns(Element element) {
      List<String> columns = new ArrayList<>();
      for (ColumnUse use : element.assessment().columns()) {
        columns.add(use.column());
      }
      try (BufferAllocator child = allocator.newChildAllocator("scan", 0, Sandbox.JOB_MEMORY)) {
        try (DatasetScan scan =
            vault
                .vault()
                .datasets()
                .scan(dev, null, DATASET, OptionalInt.empty(), columns, List.of(), child)) {
          long values = 0;
          while (scan.next()) {
            values += scan.batch().getRowCount();
          }
          if (values != rows) {
            throw new IllegalStateException("scanned " + values + " rows of " + rows);
          }
        }
        return child.getPeakMemoryAllocation();
      }
    }

    /** The dataset's metadata, which a run compares its kept, checked plan with. */
    private Dataset describe() {
      return vault.vault().datasets().describe(dev, null, DATASET);
    }

    /** Parses, validates and checks the element's query as a first run does, reading no data. */
    private void compileAndCheck(Element element, Dataset residents) {
      Set<String> readable = new LinkedHashSet<>();
      element.assessment().columns().forEach(c -> readable.add(c.column()));
      TableSource nothing =
          (dataset, columns) -> {
            throw new IllegalStateException("the policy step reads no data");
          };
      JobLimits limits =
          new JobLimits(
              vault.vault().clock(), Sandbox.WALL_TIME, Long.MAX_VALUE, Sandbox.MAX_RESULT_ROWS);
      try (Compilation compilation =
          ElementCompiler.compile(
              element.spec().query(),
              ElementSchema.of(List.of(residents), Map.of(DATASET, readable), nothing, limits))) {
        compilation.requirePasses();
      }
    }

    /** A job of {@code element} that only seals {@code result}: guard, log and release. */
    private Release release(Element element, ElementResult result) {
      try {
        return new Elements(vault.vault())
            .run(
                dev,
                element.id(),
                false,
                (e, jobId) ->
                    vault
                        .vault()
                        .results()
                        .release(
                            dev,
                            e.tenantId(),
                            new ReleaseOrigin(e.id(), jobId, result.shape()),
                            ResultCodec.encode(result, allocator)));
      } catch (VaultException e) {
        throw new IllegalStateException("the release step failed", e);
      }
    }

    /** Closes the allocator (which fails on a leaked buffer) and deletes the vault. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      allocator.close();
      vault.close();
    }
  }

  /** The same file in DuckDB: in memory or encrypted on disk, on every core or one. */
  @State(Scope.Benchmark)
  public static class DuckDbResidents {

    /** The benchmark's DuckDB encryption key: synthetic data only. */
    private static final String KEY = "evault-bench-synthetic-data-only";

    private static final String COLUMNS =
        "columns = {'id_card': 'VARCHAR', 'name': 'VARCHAR', 'gender': 'VARCHAR', 'birth_date':"
            + " 'DATE', 'district': 'VARCHAR', 'phone': 'VARCHAR', 'income': 'DECIMAL(12,2)',"
            + " 'age': 'INTEGER'}";

    /** {@code encrypted}: a persistent database with DuckDB's encryption; {@code memory}. */
    @Param({"encrypted", "memory"})
    public String storage = "encrypted";

    /** {@code all}: DuckDB's default, one thread per core; {@code 1}: a single thread. */
    @Param({"all", "1"})
    public String threads = "all";

    @Param("1000000")
    public long rows = 1_000_000;

    private Connection connection;

    /** Loads the resident CSV once, with the vault's column types. */
    @Setup(Level.Trial)
    public void load() throws IOException, SQLException {
      Path csv = ResidentsCsv.cached(rows);
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement statement = connection.createStatement()) {
        if (storage.equals("encrypted")) {
          Path file = encryptedDatabase(csv);
          statement.execute(
              "ATTACH " + literal(file) + " AS enc (ENCRYPTION_KEY '" + KEY + "', READ_ONLY)");
          statement.execute("USE enc");
        } else {
          statement.execute(
              "CREATE TABLE residents AS SELECT * FROM read_csv("
                  + literal(csv)
                  + ", header = true, "
                  + COLUMNS
                  + ")");
        }
        if (threads.equals("1")) {
          statement.execute("SET threads = 1");
        }
      }
    }

    /** The encrypted database of the CSV's rows, written once and kept beside the CSV. */
    private static Path encryptedDatabase(Path csv) throws IOException, SQLException {
      String name = csv.getFileName().toString();
      Path file =
          csv.resolveSibling(
              name.substring(0, name.length() - ".csv".length()) + "-encrypted.duckdb");
      if (Files.isRegularFile(file)) {
        return file;
      }
      Path partial = Files.createTempFile(file.getParent(), "residents-encrypted", ".part");
      Files.delete(partial);
      try (Connection writer = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = writer.createStatement()) {
        statement.execute("SET force_mbedtls_unsafe = true");
        statement.execute("ATTACH " + literal(partial) + " AS enc (ENCRYPTION_KEY '" + KEY + "')");
        statement.execute(
            "CREATE TABLE enc.residents AS SELECT * FROM read_csv("
                + literal(csv)
                + ", header = true, "
                + COLUMNS
                + ")");
        statement.execute("DETACH enc");
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    }

    private static String literal(Path path) {
      return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** Runs {@code sql} and reads every value of its result; returns the number of rows. */
    int run(String sql) throws SQLException {
      int rows = 0;
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          for (int i = 1; i <= columns; i++) {
            var unused = result.getObject(i);
          }
          rows++;
        }
      }
      return rows;
    }

    /** Drops the database. */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
    }
  }

  /** The query as an approved element, run through the sandbox. */
  @Benchmark
  public Sandbox.Job vault(VaultResidents vault) {
    return vault.run(query);
  }

  /** The query in DuckDB, thresholded by hand. */
  @Benchmark
  public int duckDb(DuckDbResidents duckDb) throws SQLException {
    return duckDb.run(QUERIES.get(query) + THRESHOLD);
  }

  /**
   * The plain query in DuckDB, without any threshold: what a user of a plain encrypted database
   * runs, so the figure the vault's protected query is measured against.
   */
  @Benchmark
  public int duckDbPlain(DuckDbResidents duckDb) throws SQLException {
    return duckDb.run(QUERIES.get(query));
  }
}
