package org.elementvault.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
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
 * The baseline of {@link DatasetImportBenchmark}: DuckDB (in process, through JDBC) loading the
 * same CSV with {@code CREATE TABLE t AS SELECT * FROM read_csv(file, header = true)} into an
 * in-memory database, types sniffed. DuckDB uses every core (two on the project's machines) and
 * neither encrypts nor writes to disk, so the ratio is the price of the vault's guarantees plus
 * whatever it leaves on the table.
 *
 * <p>Each iteration is one load into a new database, opened and closed outside the timing.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class DuckDbImportBenchmark extends AbstractMicrobenchmark {

  @Param("1000000")
  public long rows = 1_000_000;

  private String createTable;
  private Connection connection;

  /** Generates the CSV, unless an earlier run left it. */
  @Setup(Level.Trial)
  public void generate() throws IOException {
    Path csv = ResidentsCsv.cached(rows);
    String literal = "'" + csv.toAbsolutePath().toString().replace("'", "''") + "'";
    createTable = "CREATE TABLE t AS SELECT * FROM read_csv(" + literal + ", header = true)";
  }

  /** Opens an empty in-memory database. */
  @Setup(Level.Iteration)
  public void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  /** Loads the whole file into table {@code t}. */
  @Benchmark
  public int load() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeUpdate(createTable);
    }
  }

  /** Checks that every row arrived, then drops the database. */
  @TearDown(Level.Iteration)
  public void close() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM t")) {
      if (!count.next() || count.getLong(1) != rows) {
        throw new IllegalStateException("DuckDB did not load " + rows + " rows");
      }
    } finally {
      connection.close();
    }
  }
}
