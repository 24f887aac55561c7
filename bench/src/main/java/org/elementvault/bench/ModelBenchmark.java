package org.elementvault.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.auth.Principal;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.Element;
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

/**
 * Model elements end to end through {@link Sandbox#run}, over an imported {@code rows}-row
 * borrowers dataset with planted relationships (those of the model tests: {@code income = 20000 +
 * 1000·age + 3000·debt + noise}, {@code has_loan ~ Bernoulli(sigmoid(-3 + 0.04·age + 0.5·debt))},
 * one row per {@code customer_no}): a run reads and decrypts the rows, checks the model rules, fits
 * with Tribuo, noises and releases the result, seals and registers the model ({@code
 * trainLogistic}, {@code trainTree}); or scores every row with the logistic model trained once at
 * set-up and releases one protected average per group ({@code score}). Each operation is one job,
 * in seconds.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ModelBenchmark -p rows=1000000
 * </pre>
 *
 * A job reads at most {@link Sandbox#MAX_RESULT_ROWS} rows, so {@code rows} above it is refused.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ModelBenchmark extends AbstractMicrobenchmark {

  private static final String DATASET = "borrowers";

  private static final String SCHEMA =
      """
      subject: customer_no
      open_category: CONDITIONAL
      columns:
        - {name: customer_no, type: BIGINT, level: SENSITIVE}
        - {name: age, type: INT, level: GENERAL}
        - {name: debt, type: DOUBLE, level: GENERAL}
        - {name: income, type: "DECIMAL(12,2)", level: IMPORTANT}
        - {name: has_loan, type: BOOLEAN, level: GENERAL}
      """;

  private static final long SEED = 17;

  /** The vault with the borrowers imported, the three elements approved and one model trained. */
  @State(Scope.Benchmark)
  public static class Borrowers {

    @Param("1000000")
    public long rows = 1_000_000;

    private BenchVaults vault;
    private Principal dev;
    private Sandbox sandbox;
    private Element logistic;
    private Element tree;
    private Element scoring;

    /** Imports the borrowers, approves the elements and trains the model {@code score} uses. */
    @Setup(Level.Trial)
    public void importBorrowers() throws IOException {
      vault = BenchVaults.create(BenchVaults.memoryBackedTemp(), CipherSuite.INTL);
      Path csv = vault.directory().resolve("borrowers.csv");
      writeCsv(csv, rows);
      vault.importDataset(DATASET, csv, SCHEMA);
      Files.delete(csv);
      dev = vault.addDeveloper();
      sandbox = new Sandbox(vault.vault());
      logistic =
          approve(
              "bench-loan-model",
              "SELECT age, debt, has_loan FROM borrowers",
              "{task: train, algorithm: logistic_regression, target: has_loan,"
                  + " features: [age, debt]}");
      tree =
          approve(
              "bench-income-tree",
              "SELECT age, debt, income FROM borrowers",
              "{task: train, algorithm: decision_tree, target: income, features: [age, debt]}");
      // A scoring element names a model that exists when it is submitted.
      var unusedModel = run(logistic);
      scoring =
          approve(
              "bench-loan-risk",
              "SELECT customer_no, age, debt, has_loan FROM borrowers",
              "{task: score, model: bench-loan-model, output: \"SELECT has_loan, AVG(score) AS s"
                  + " FROM scored GROUP BY has_loan\"}");
    }

    private Element approve(String name, String query, String model) {
      byte[] spec =
          ("name: "
                  + name
                  + "\ntype: FEATURE\nscenario: capacity benchmark\npurpose: capacity planning\n"
                  + "datasets: ["
                  + DATASET
                  + "]\nquery: |\n  "
                  + query
                  + "\nmodel: "
                  + model
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
      Element submitted = sandbox.submit(dev, spec);
      return sandbox.review(vault.vault().admin(), submitted.id(), true, "capacity benchmark");
    }

    Sandbox.Job run(Element element) {
      return sandbox.run(dev, element.id(), false);
    }

    /** Deletes the vault. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      vault.close();
    }
  }

  /** Writes {@code rows} borrowers with the planted relationships, from a fixed seed. */
  static void writeCsv(Path file, long rows) throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("customer_no,age,debt,income,has_loan\n");
      for (long i = 0; i < rows; i++) {
        int age = 20 + random.nextInt(50);
        double debt = random.nextInt(400) / 100.0;
        double gaussian =
            Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                * Math.cos(2 * Math.PI * random.nextDouble());
        double income = 20_000 + 1_000 * age + 3_000 * debt + 5_000 * gaussian;
        double logit = -3 + 0.04 * age + 0.5 * debt;
        boolean loan = random.nextDouble() < 1 / (1 + Math.exp(-logit));
        out.write(
            String.format(
                Locale.ROOT, "%d,%d,%.2f,%.2f,%b%n", 100_000 + i, age, debt, income, loan));
      }
    }
  }

  /** Trains a logistic regression of has_loan on age and debt. */
  @Benchmark
  public Sandbox.Job trainLogistic(Borrowers borrowers) {
    return borrowers.run(borrowers.logistic);
  }

  /** Trains a decision tree of income on age and debt. */
  @Benchmark
  public Sandbox.Job trainTree(Borrowers borrowers) {
    return borrowers.run(borrowers.tree);
  }

  /** Scores every row with the trained logistic model; releases the average per has_loan group. */
  @Benchmark
  public Sandbox.Job score(Borrowers borrowers) {
    return borrowers.run(borrowers.scoring);
  }
}
