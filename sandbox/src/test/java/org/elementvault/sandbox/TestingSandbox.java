package org.elementvault.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.JobScope;
import org.elementvault.sandbox.catalog.VaultSource;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.policy.PolicyReport;

/**
 * A real vault in a directory with an approved tenant {@code acme} (tenant admin {@code alice},
 * developer {@code dev}), datasets imported from CSV text, and element queries compiled and run as
 * {@code dev}.
 */
public final class TestingSandbox implements AutoCloseable {

  private final Path directory;
  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private final Vault vault;
  private final Principal alice;
  private final Principal dev;
  private final BufferAllocator allocator = new RootAllocator(256L << 20);
  private int files;

  public TestingSandbox(Path directory) {
    this(directory, CipherSuite.INTL);
  }

  public TestingSandbox(Path directory, CipherSuite suite) {
    this.directory = directory;
    this.vault = TestingVaults.create(directory.resolve("vault"), suite, clock);
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
  }

  public Vault vault() {
    return vault;
  }

  public Principal dev() {
    return dev;
  }

  public Principal alice() {
    return alice;
  }

  public TestingClock clock() {
    return clock;
  }

  /** Sets acme's threshold floor to {@code k}, as the vault admin ({@code tenant quota}). */
  public void setMinThreshold(int k) {
    Principal admin = vault.admin();
    Quotas quotas = vault.tenants().show(admin, "acme").quotas();
    var unused = vault.tenants().setQuotas(admin, "acme", quotas.withMinThreshold(k));
  }

  /** Sets the ε budget of acme's {@code dataset}, as the vault admin ({@code dataset budget}). */
  public void setBudget(String dataset, String epsilon, int windowDays) {
    var unused =
        vault
            .budgets()
            .set(vault.admin(), "acme", dataset, new java.math.BigDecimal(epsilon), windowDays);
  }

  /** What is left of the ε budget of acme's {@code dataset}. */
  public java.math.BigDecimal budgetLeft(String dataset) {
    return vault.budgets().status(vault.admin(), "acme", dataset).orElseThrow().left();
  }

  /** Imports {@code csv} (header first) as dataset {@code name} of acme with {@code schema}. */
  public Dataset importCsv(String name, String schema, List<String> csv) {
    try {
      Path file = directory.resolve("data-" + ++files + ".csv");
      Files.writeString(file, String.join("\n", csv) + "\n", StandardCharsets.UTF_8);
      var unused =
          vault
              .datasets()
              .importFile(
                  alice,
                  null,
                  name,
                  file,
                  schema.getBytes(StandardCharsets.UTF_8),
                  Datasets.Progress.NONE);
      return vault.datasets().describe(dev, null, name);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Compiles {@code sql} over {@code datasets} as dev; the caller closes the compilation. */
  public Compilation compile(String sql, String... datasets) {
    List<Dataset> read =
        List.of(datasets).stream().map(d -> vault.datasets().describe(dev, null, d)).toList();
    JobLimits limits = new JobLimits(clock, Duration.ofMinutes(5), 1_000_000_000L, 1_000_000);
    return ElementCompiler.compile(
        sql, ElementSchema.of(read, null, new VaultSource(vault, dev, allocator), limits));
  }

  /** What the policy says of {@code sql}. */
  public PolicyReport check(String sql, String... datasets) {
    try (Compilation compilation = compile(sql, datasets)) {
      return compilation.report();
    }
  }

  /** Runs {@code sql} with threshold {@code k} as dev. */
  public ElementResult run(String sql, int k, String... datasets) {
    return run(sql, k, new CalciteExecutor(), datasets);
  }

  /** Runs {@code sql} with threshold {@code k} as dev through {@code executor}. */
  public ElementResult run(String sql, int k, Executor executor, String... datasets) {
    JobLimits limits = new JobLimits(clock, Duration.ofMinutes(5), 1_000_000_000L, 1_000_000);
    try (Compilation compilation = compile(sql, datasets)) {
      return new JobScope(
              clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate(), new byte[32])
          .run(() -> compilation.run(k, executor, limits, vault.noiseSecret()));
    }
  }

  /**
   * Runs {@code sql} with threshold {@code k} and exact aggregates, no noise, through {@code
   * executor}: what differential tests compare executors and DuckDB on.
   */
  public ElementResult runExact(String sql, int k, Executor executor, String... datasets) {
    JobLimits limits = new JobLimits(clock, Duration.ofMinutes(5), 1_000_000_000L, 1_000_000);
    try (Compilation compilation = compile(sql, datasets)) {
      return new JobScope(
              clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate(), new byte[32])
          .run(() -> compilation.runExactForDifferentialTests(k, executor, limits));
    }
  }

  /** Adds an approved tenant {@code tenant} with developer {@code developer}, and returns it. */
  public Principal addTenantDeveloper(String tenant, String developer) {
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, tenant, "ops", null);
    unused = vault.tenants().review(admin, tenant, true, "ok");
    return vault.addUser(admin, developer, Role.DEVELOPER, tenant, null).principal();
  }

  /** Every entry of the operation log, oldest first. */
  public List<LogRecord> logRecords() {
    return LongStream.rangeClosed(1, vault.log().size())
        .mapToObj(n -> vault.log().entry(n).orElseThrow().record())
        .toList();
  }

  @Override
  public void close() {
    vault.close();
    allocator.close();
  }
}
