package org.elementvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.result.Release;
import org.elementvault.engine.result.ReleaseOrigin;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.TableSource;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.Elements;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ResultCodec;
import org.elementvault.sandbox.protection.Protection;
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
 * The fixed cost of one warm element run (issue 14: at most 2 ms), and where it goes. The dataset
 * is tiny ({@code rows}, 1,000 by default), so scanning and executing cost next to nothing and what
 * {@link #run} measures is what every run pays whatever its data: the element's state checks, the
 * job record, the datasets' metadata, parse, validate, plan, the policy and noise-rule checks, the
 * release sealed into the vault with its ledger entry, and the log entries.
 *
 * <p>The other methods each time one part of that on its own, so their medians show where the fixed
 * cost goes:
 *
 * <ul>
 *   <li>{@link #describe}: the datasets' metadata, read and unsealed as each run does first;
 *   <li>{@link #compile}: parse, validate against the element's catalog, plan, the lineage policy
 *       and the noise-condition rules, on a fresh compilation (what a run without a cached plan
 *       pays);
 *   <li>{@link #jobAndLog}: a job of the element with an empty body: authorization, the state and
 *       floor checks, the job record and the run's log entry;
 *   <li>{@link #release}: the result sealed into the vault, its ledger entry and its log entry.
 * </ul>
 *
 * <p>Scores are sample times in microseconds; compare the {@code p0.50} rows (medians). The vault
 * lives on {@code /dev/shm} where it exists, so a log commit's sync costs less than on a disk.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElementRunOverheadBenchmark extends AbstractMicrobenchmark {

  private static final String DATASET = "residents";

  private static final String QUERY =
      "SELECT district, gender, COUNT(*), SUM(income) FROM residents"
          + " WHERE age BETWEEN 30 AND 50 GROUP BY district, gender";

  /** A vault with a tiny resident dataset and one approved element over it. */
  @State(Scope.Benchmark)
  public static class TinyVault {

    @Param("1000")
    public long rows = 1_000;

    /**
     * Where the vault lives: {@code memory} ({@code /dev/shm}, the default, so the figure is the
     * CPU a run pays) or {@code disk} ({@code java.io.tmpdir}: with the syncs of its log writes).
     */
    @Param("memory")
    public String storage = "memory";

    private BenchVaults vault;
    private Principal dev;
    private Sandbox sandbox;
    private Elements elements;
    private Element element;
    private BufferAllocator allocator;
    private Sandbox.Job last;
    private long releases;

    /** Imports the residents and approves the element. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      Path parent =
          switch (storage) {
            case "memory" -> BenchVaults.memoryBackedTemp();
            case "disk" -> Path.of(System.getProperty("java.io.tmpdir"));
            default -> throw new IllegalArgumentException("storage must be memory or disk");
          };
      vault = BenchVaults.create(parent, CipherSuite.INTL);
      vault.importDataset(DATASET, ResidentsCsv.cached(rows), SyntheticResidents.schemaYaml());
      Principal admin = vault.vault().admin();
      dev = vault.addDeveloper();
      sandbox = new Sandbox(vault.vault());
      elements = new Elements(vault.vault());
      byte[] spec =
          ("name: run-overhead\ntype: DATASET\nscenario: fixed cost\npurpose: capacity planning\n"
                  + "datasets: ["
                  + DATASET
                  + "]\nthreshold: 10\nquery: |\n  "
                  + QUERY
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
      element = sandbox.review(admin, sandbox.submit(dev, spec).id(), true, "fixed cost");
      allocator = new RootAllocator(Sandbox.JOB_MEMORY);
      last = sandbox.run(dev, element.id(), false);
    }

    /** Closes the allocator (which fails on a leaked buffer) and deletes the vault. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      allocator.close();
      vault.close();
    }
  }

  /** A whole warm run of the element, as the CLI and server make it. */
  @Benchmark
  public Sandbox.Job run(TinyVault tiny) {
    return tiny.sandbox.run(tiny.dev, tiny.element.id(), false);
  }

  /** The datasets' metadata, as a run reads it. */
  @Benchmark
  public Dataset describe(TinyVault tiny) {
    return tiny.vault.vault().datasets().describe(tiny.dev, null, DATASET);
  }

  /** Parse, validate, plan, policy and noise rules of the element's query, reading no data. */
  @Benchmark
  public int compile(TinyVault tiny) {
    Dataset residents = tiny.vault.vault().datasets().describe(tiny.dev, null, DATASET);
    Set<String> readable = new LinkedHashSet<>();
    tiny.element.assessment().columns().forEach(c -> readable.add(c.column()));
    TableSource nothing =
        (dataset, columns) -> {
          throw new IllegalStateException("the compile step reads no data");
        };
    JobLimits limits =
        new JobLimits(
            tiny.vault.vault().clock(), Sandbox.WALL_TIME, Long.MAX_VALUE, Sandbox.MAX_RESULT_ROWS);
    try (Compilation compilation =
        ElementCompiler.compile(
            tiny.element.spec().query(),
            ElementSchema.of(List.of(residents), Map.of(DATASET, readable), nothing, limits))) {
      compilation.requirePasses();
      return compilation.protectionProblems(Protection.NOISE).size();
    }
  }

  /** A job of the element whose body does nothing: guard, checks, job record, log entry. */
  @Benchmark
  public String jobAndLog(TinyVault tiny) {
    return tiny.elements.run(tiny.dev, tiny.element.id(), false, (e, jobId) -> jobId);
  }

  /**
   * The last run's result sealed into the vault again under a new job id (a job releases once):
   * result store, ledger, log entry.
   */
  @Benchmark
  public Release release(TinyVault tiny) {
    Element element = tiny.element;
    return tiny.vault
        .vault()
        .results()
        .release(
            tiny.dev,
            element.tenantId(),
            new ReleaseOrigin(
                element.id(), "overhead-" + ++tiny.releases, tiny.last.result().shape()),
            ResultCodec.encode(tiny.last.result(), tiny.allocator));
  }
}
