package org.elementvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.JobScope;
import org.elementvault.sandbox.catalog.VaultSource;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Element queries end to end over an imported {@code rows}-row resident dataset: compile, check the
 * policy, threshold at k = 10 distinct subjects, scan and decrypt the columns read, execute with
 * the sandbox's executor; beside the same queries, thresholded the same way by hand, in DuckDB (in
 * process, in memory, same file). Three queries:
 *
 * <ol>
 *   <li>{@code q1}: {@code SELECT district, COUNT(DISTINCT id_card), AVG(income) ... GROUP BY
 *       district}, a grouped distinct count;
 *   <li>{@code q2}: {@code SELECT district, gender, COUNT(*), SUM(income) ... WHERE age BETWEEN 30
 *       AND 50 GROUP BY district, gender}, a filter and a two-column group;
 *   <li>{@code q3}: {@code SELECT COUNT(*) ... WHERE income > 50000}, a filtered global count.
 * </ol>
 *
 * <p>Each operation is one query; the score is milliseconds per query. DuckDB uses both cores of
 * the project's machine and reads plaintext from memory, so the ratio is the price of decryption
 * plus that of the executor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ElementQueryBenchmark extends AbstractMicrobenchmark {

  static final String Q1 =
      "SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM residents GROUP BY district";
  static final String Q2 =
      "SELECT district, gender, COUNT(*), SUM(income) FROM residents"
          + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender";
  static final String Q3 = "SELECT COUNT(*) FROM residents WHERE income > 50000";

  /** The threshold of the element queries, and of DuckDB's by hand. */
  static final int K = 10;

  private static final String THRESHOLD = " HAVING COUNT(DISTINCT id_card) >= " + K;

  /** The vault with the dataset imported, for one cipher suite. */
  @State(Scope.Benchmark)
  public static class VaultResidents {

    @Param({"INTL", "GM"})
    public CipherSuite suite = CipherSuite.INTL;

    @Param("1000000")
    public long rows = 1_000_000;

    private BenchVaults vault;
    private BufferAllocator allocator;
    private Dataset residents;
    private JobScope scope;

    /** Imports the resident CSV once. */
    @Setup(Level.Trial)
    public void importResidents() throws IOException {
      vault = BenchVaults.create(BenchVaults.memoryBackedTemp(), suite);
      var unused =
          vault
              .vault()
              .datasets()
              .importFile(
                  vault.tenantAdmin(),
                  null,
                  "residents",
                  ResidentsCsv.cached(rows),
                  SyntheticResidents.schemaYaml().getBytes(StandardCharsets.UTF_8),
                  Datasets.Progress.NONE);
      residents = vault.vault().datasets().describe(vault.tenantAdmin(), null, "residents");
      allocator = new RootAllocator(1L << 30);
      scope = new JobScope(LocalDate.now(ZoneOffset.UTC), new byte[32]);
    }

    /** Compiles, checks, thresholds and runs {@code sql} as an element query. */
    ElementResult run(String sql) {
      JobLimits limits =
          new JobLimits(Clock.systemUTC(), Duration.ofHours(1), Long.MAX_VALUE, 1_000_000);
      ElementSchema catalog =
          ElementSchema.of(
              List.of(residents),
              Map.of(),
              new VaultSource(vault.vault(), vault.tenantAdmin(), allocator),
              limits);
      try (Compilation compilation = ElementCompiler.compile(sql, catalog)) {
        return scope.run(() -> compilation.run(K, new CalciteExecutor(), limits));
      }
    }

    /** Closes the allocator (which fails on a leaked buffer) and deletes the vault. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      allocator.close();
      vault.close();
    }
  }

  /** The same file in an in-memory DuckDB database. */
  @State(Scope.Benchmark)
  public static class DuckDbResidents {

    @Param("1000000")
    public long rows = 1_000_000;

    private Connection connection;

    /** Loads the resident CSV once, with the vault's column types. */
    @Setup(Level.Trial)
    public void load() throws IOException, SQLException {
      Path csv = ResidentsCsv.cached(rows);
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE residents AS SELECT * FROM read_csv('"
                + csv.toAbsolutePath().toString().replace("'", "''")
                + "', header = true, columns = {'id_card': 'VARCHAR', 'name': 'VARCHAR',"
                + " 'gender': 'VARCHAR', 'birth_date': 'DATE', 'district': 'VARCHAR',"
                + " 'phone': 'VARCHAR', 'income': 'DECIMAL(12,2)', 'age': 'INTEGER'})");
      }
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

  /** Q1 as an element query. */
  @Benchmark
  public ElementResult vaultQ1(VaultResidents vault) {
    return vault.run(Q1);
  }

  /** Q2 as an element query. */
  @Benchmark
  public ElementResult vaultQ2(VaultResidents vault) {
    return vault.run(Q2);
  }

  /** Q3 as an element query. */
  @Benchmark
  public ElementResult vaultQ3(VaultResidents vault) {
    return vault.run(Q3);
  }

  /** Q1 in DuckDB, thresholded by hand. */
  @Benchmark
  public int duckDbQ1(DuckDbResidents duckDb) throws SQLException {
    return duckDb.run(Q1 + THRESHOLD);
  }

  /** Q2 in DuckDB, thresholded by hand. */
  @Benchmark
  public int duckDbQ2(DuckDbResidents duckDb) throws SQLException {
    return duckDb.run(Q2 + THRESHOLD);
  }

  /** Q3 in DuckDB, thresholded by hand. */
  @Benchmark
  public int duckDbQ3(DuckDbResidents duckDb) throws SQLException {
    return duckDb.run(Q3 + THRESHOLD);
  }
}
