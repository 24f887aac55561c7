package org.elementvault.bench.report;

import static org.elementvault.bench.report.Figures.grouped;
import static org.elementvault.bench.report.Figures.inMillis;
import static org.elementvault.bench.report.Figures.megabytesPerSecond;
import static org.elementvault.bench.report.Figures.millis;
import static org.elementvault.bench.report.Figures.number;
import static org.elementvault.bench.report.Figures.ratio;
import static org.elementvault.bench.report.Figures.ratioText;
import static org.elementvault.bench.report.Figures.rowsPerSecond;
import static org.elementvault.bench.report.Figures.scaled;
import static org.elementvault.bench.report.Figures.share;
import static org.elementvault.bench.report.Figures.valuesPerSecond;
import static org.elementvault.bench.report.Figures.withError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.elementvault.bench.report.JmhRun.Metric;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code bench/run}'s report: reads every {@code jmh-*.json} (JMH's {@code -rf json}) in a
 * directory, and {@code cold-path.tsv}, {@code environment.txt} and JFR profiles ({@link Profile})
 * if present, and writes {@code report.md} and PNG charts beside them.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.elementvault.bench.report.ReportMain DIR
 * </pre>
 *
 * <p>{@code cold-path.tsv} has one line per timed CLI run (see {@link ColdPath}).
 */
public final class ReportMain {

  static final String REPORT = "report.md";

  private static final List<String> QUERIES = List.of("Q1", "Q2", "Q3");
  private static final List<String> SUITES = List.of("INTL", "GM");

  private static final String SERVER_BENCH = "ServerBenchmark";
  private static final String MODEL_BENCH = "ModelBenchmark";
  private static final String OVERHEAD_BENCH = "ElementRunOverheadBenchmark";
  private static final String SERVER_READ = SERVER_BENCH + ".smallRead";

  /** The parts of an element query's time, as published by the benchmark. */
  private static final List<String> PARTS = List.of("part.scan", "part.policy", "part.release");

  private final Results results;
  private final List<ColdPath> cold;
  private final List<Profile> profiles;
  private final List<String> environment;
  private final Path out;

  private ReportMain(
      Results results,
      List<ColdPath> cold,
      List<Profile> profiles,
      List<String> environment,
      Path out) {
    this.results = results;
    this.cold = cold;
    this.profiles = profiles;
    this.environment = environment;
    this.out = out;
  }

  /** Writes the report of the results in {@code args[0]} into the same directory. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: ReportMain DIR   (DIR holds jmh-*.json; report.md goes there)");
    }
    Path report = write(Path.of(args[0]));
    System.out.println("report: " + report);
  }

  /** Reads the results in {@code dir}, writes the report and charts there; returns the report. */
  static Path write(Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<JmhRun> runs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("jmh-.*\\.json"))
              .sorted()
              .toList()) {
        runs.addAll(JmhRun.read(file));
      }
    }
    Path environmentFile = dir.resolve("environment.txt");
    List<String> environment =
        Files.isRegularFile(environmentFile)
            ? Files.readAllLines(environmentFile, StandardCharsets.UTF_8)
            : List.of();
    return new ReportMain(
            new Results(runs), ColdPath.read(dir), Profile.readAll(dir), environment, dir)
        .write();
  }

  private Path write() throws IOException {
    Path report = out.resolve(REPORT);
    try (PrintStream md = new PrintStream(Files.newOutputStream(report), true, "UTF-8")) {
      md.println("# ElementVault benchmark report");
      md.println();
      if (!environment.isEmpty()) {
        environment.forEach(line -> md.println(line.isBlank() ? "" : "- " + line));
        md.println();
      }
      md.println(
          "Figures are medians of JMH's measured iterations, ± the half-width of JMH's 99.9%"
              + " confidence interval. The machine is shared with other work, so treat"
              + " differences under about 20% as noise.");
      md.println();
      for (String jdk : results.jdks()) {
        summary(md, jdk);
      }
      goals(md);
      charts(md);
      memory(md);
      coldPath(md);
      fixedCost(md);
      crypto(md);
      imports(md);
      scans(md);
      log(md);
      models(md);
      server(md);
      method(md);
    }
    return report;
  }

  /** The summary table of {@code jdk}, one per suite that ran. */
  private void summary(PrintStream md, String jdk) {
    for (String suite : SUITES) {
      if (QUERIES.stream().allMatch(q -> results.vault(jdk, suite, q) == null)) {
        continue;
      }
      String rows =
          QUERIES.stream()
              .map(q -> results.vault(jdk, suite, q))
              .filter(r -> r != null)
              .map(r -> r.param("rows"))
              .findFirst()
              .orElse("?");
      md.printf(
          Locale.ROOT,
          "## Summary: element queries, %s suite, JDK %s, %s rows%n%n",
          suite,
          jdk,
          grouped(rows));
      StringBuilder header = new StringBuilder("| query | ElementVault (all cores) |");
      StringBuilder rule = new StringBuilder("| --- | ---: |");
      for (DuckDbWay way : DuckDbWay.ALL) {
        header.append(' ').append(way.label()).append(" | × |");
        rule.append(" ---: | ---: |");
      }
      header.append(" scan and decrypt | execute | policy and threshold | release and log |");
      rule.append(" ---: | ---: | ---: | ---: |");
      md.println(header);
      md.println(rule);
      for (String query : QUERIES) {
        JmhRun vault = results.vault(jdk, suite, query);
        if (vault == null) {
          continue;
        }
        StringBuilder row =
            new StringBuilder("| " + query + " | " + millis(vault.primary()) + " |");
        for (DuckDbWay way : DuckDbWay.ALL) {
          JmhRun duckDb = results.duckDb(jdk, way, query);
          row.append(' ')
              .append(duckDb == null ? "–" : millis(duckDb.primary()))
              .append(" | ")
              .append(duckDb == null ? "–" : ratio(vault.primary(), duckDb.primary()))
              .append(" |");
        }
        Split split = split(vault);
        row.append(' ').append(share(split.scan(), split.total())).append(" |");
        row.append(' ').append(share(split.execute(), split.total())).append(" |");
        row.append(' ').append(share(split.policy(), split.total())).append(" |");
        row.append(' ').append(share(split.release(), split.total())).append(" |");
        md.println(row);
      }
      md.println();
      String whereTheTimeGoes = whereTheTimeGoes(jdk, suite);
      if (!whereTheTimeGoes.isEmpty()) {
        md.println(whereTheTimeGoes);
        md.println();
      }
    }
  }

  /**
   * Issue 14's goals, each met, not met or not measured, from this run's figures, and where the
   * time of the profiled ones goes.
   */
  private void goals(PrintStream md) {
    List<String> jdks = results.jdks();
    if (jdks.isEmpty()) {
      return;
    }
    String jdk = jdks.get(0);
    md.println("## Goals (issue 14)");
    md.println();
    md.printf(
        Locale.ROOT,
        "Each goal judged from this run's figures on JDK %s. The issue sets the query, import and"
            + " memory goals at 10 M rows; the figures say at how many rows they were measured. A"
            + " goal without its figures in this run is not measured, never estimated.%n%n",
        jdk);
    md.println("| goal | measured | verdict | where the time goes |");
    md.println("| --- | --- | --- | --- |");
    List<Goal> goals = Goals.judge(results, cold, profiles, jdk);
    for (Goal goal : goals) {
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s |%n",
          goal.goal(),
          goal.measured(),
          goal.verdict().text(),
          WhereTheTimeGoes.cell(goal));
    }
    md.println();
    List<Goal> missed =
        goals.stream()
            .filter(g -> g.verdict() == Goal.Verdict.NOT_MET && !g.nextStep().isEmpty())
            .toList();
    if (!missed.isEmpty()) {
      md.println("Next steps for the goals not met (from the profiles so far):");
      md.println();
      missed.forEach(g -> md.printf(Locale.ROOT, "- %s: %s.%n", g.goal(), g.nextStep()));
      md.println();
    }
    WhereTheTimeGoes.write(md, goals);
  }

  /** An element query's median and its parts, in ms; NaN where not measured. */
  private record Split(double total, double scan, double policy, double release) {
    double execute() {
      return total - scan - policy - release;
    }
  }

  private static Split split(JmhRun vault) {
    return new Split(
        vault.primary().median(),
        mean(vault.metric(PARTS.get(0))),
        mean(vault.metric(PARTS.get(1))),
        mean(vault.metric(PARTS.get(2))));
  }

  private static double mean(@Nullable Metric metric) {
    return metric == null ? Double.NaN : metric.score();
  }

  /** One plain sentence per query: the ratio to DuckDB's plain query, and the biggest part. */
  private String whereTheTimeGoes(String jdk, String suite) {
    List<String> sentences = new ArrayList<>();
    for (String query : QUERIES) {
      JmhRun vault = results.vault(jdk, suite, query);
      JmhRun duckDb = results.duckDb(jdk, DuckDbWay.PLAIN, query);
      if (vault == null || duckDb == null) {
        continue;
      }
      Split split = split(vault);
      double ratio = vault.primary().median() / duckDb.primary().median();
      String verdict = ratio <= 1 ? "at or below" : "above";
      String biggest = "";
      if (!Double.isNaN(split.scan())) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("scan and decrypt", split.scan());
        parts.put("execute", split.execute());
        parts.put("policy and threshold", split.policy());
        parts.put("release and log", split.release());
        Map.Entry<String, Double> top =
            parts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        biggest =
            String.format(
                Locale.ROOT,
                "; most of it is %s (%.0f%%)",
                top.getKey(),
                100 * top.getValue() / split.total());
      }
      sentences.add(
          String.format(
              Locale.ROOT,
              "%s takes %s the time of DuckDB's plain query on its encrypted database, %s the"
                  + " goal of 1×%s.",
              query,
              ratioText(ratio),
              verdict,
              biggest));
    }
    return String.join(" ", sentences);
  }

  private void charts(PrintStream md) throws IOException {
    List<String> jdks = results.jdks();
    if (jdks.isEmpty()) {
      return;
    }
    String jdk = jdks.get(0);
    // Ratios rather than times: DuckDB's milliseconds would not show beside the vault's.
    Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
    for (String suite : SUITES) {
      for (DuckDbWay way : DuckDbWay.ALL) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String query : QUERIES) {
          JmhRun vault = results.vault(jdk, suite, query);
          JmhRun duckDb = results.duckDb(jdk, way, query);
          if (vault != null && duckDb != null) {
            values.put(query, vault.primary().median() / duckDb.primary().median());
          }
        }
        ratios.put(suite + " / " + way.label(), values);
      }
    }
    List<String> written = new ArrayList<>();
    chart(
        written,
        "queries.png",
        "ElementVault's time as a multiple of DuckDB's (goal: 1x the plain query), JDK " + jdk,
        "x DuckDB",
        QUERIES,
        ratios,
        false,
        false);

    Map<String, Map<String, Double>> parts = new LinkedHashMap<>();
    List<String> categories = new ArrayList<>();
    for (String suite : SUITES) {
      for (String query : QUERIES) {
        JmhRun vault = results.vault(jdk, suite, query);
        if (vault == null) {
          continue;
        }
        String category = query + " " + suite;
        categories.add(category);
        Split split = split(vault);
        parts
            .computeIfAbsent("scan and decrypt", k -> new LinkedHashMap<>())
            .put(category, split.scan());
        parts.computeIfAbsent("execute", k -> new LinkedHashMap<>()).put(category, split.execute());
        parts
            .computeIfAbsent("policy and threshold", k -> new LinkedHashMap<>())
            .put(category, split.policy());
        parts
            .computeIfAbsent("release and log", k -> new LinkedHashMap<>())
            .put(category, split.release());
      }
    }
    chart(
        written,
        "query-split.png",
        "Where an element query's time goes, ms, JDK " + jdk,
        "ms",
        categories,
        parts,
        false,
        true);

    Map<String, Map<String, Double>> seal = new LinkedHashMap<>();
    List<String> sealCategories = new ArrayList<>();
    for (JmhRun run : results.select("SealBenchmark.seal", r -> true)) {
      sealCategories.add(run.param("suite") + " seal");
    }
    for (JmhRun run : results.select("SealBenchmark.open", r -> true)) {
      sealCategories.add(run.param("suite") + " open");
    }
    for (String j : jdks) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (String method : List.of("seal", "open")) {
        for (JmhRun run : results.select("SealBenchmark." + method, r -> r.jdk().equals(j))) {
          values.put(run.param("suite") + " " + method, megabytesPerSecond(run));
        }
      }
      seal.put("JDK " + j, values);
    }
    chart(
        written,
        "seal.png",
        "Sealing and opening 64 KiB values, MB/s",
        "MB/s",
        sealCategories.stream().distinct().toList(),
        seal,
        false,
        false);

    Map<String, Map<String, Double>> scan = new LinkedHashMap<>();
    List<String> columnTypes = List.of("BIGINT", "DECIMAL(12,2)", "STRING");
    for (String j : jdks) {
      for (String suite : SUITES) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JmhRun run :
            results.ofClass(
                "DatasetScanBenchmark", r -> r.jdk().equals(j) && suite.equals(r.param("suite")))) {
          values.put(columnType(run), valuesPerSecond(run) / 1e6);
        }
        scan.put(suite + ", JDK " + j, values);
      }
    }
    chart(
        written,
        "scan.png",
        "Decrypting scans, million values/s",
        "M values/s",
        columnTypes,
        scan,
        false,
        false);

    Map<String, Map<String, Double>> imports = new LinkedHashMap<>();
    for (String j : jdks) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (JmhRun run : importRuns(j)) {
        values.put(importLabel(run), rowsPerSecond(run) / 1e6);
      }
      imports.put("JDK " + j, values);
    }
    chart(
        written,
        "import.png",
        "CSV import, million rows/s",
        "M rows/s",
        List.of("ElementVault INTL", "ElementVault GM", "DuckDB (in-memory)"),
        imports,
        false,
        false);

    List<String> serverJdks = serverJdks();
    if (!serverJdks.isEmpty()) {
      String serverJdk = serverJdks.get(0);
      List<String> clients = new ArrayList<>();
      Map<String, Map<String, Double>> latencies = new LinkedHashMap<>();
      for (JmhRun run : serverReads(serverJdk)) {
        String category = run.threads() + (run.threads() == 1 ? " client" : " clients");
        clients.add(category);
        Metric latency = inMillis(run.primary());
        latencies
            .computeIfAbsent("p50", k -> new LinkedHashMap<>())
            .put(category, latency.median());
        latencies
            .computeIfAbsent("mean", k -> new LinkedHashMap<>())
            .put(category, latency.score());
        latencies.computeIfAbsent("p99", k -> new LinkedHashMap<>()).put(category, latency.p99());
      }
      // Logarithmic: one client's p50 and 64 clients' p99 differ by two orders of magnitude.
      chart(
          written,
          "server.png",
          "HTTPS small read latency by concurrent clients, ms (log scale), JDK " + serverJdk,
          "ms",
          clients,
          latencies,
          true,
          false);
    }

    if (!written.isEmpty()) {
      md.println("## Charts");
      md.println();
      for (String png : written) {
        md.println("![" + png + "](" + png + ")");
        md.println();
      }
    }
  }

  private void chart(
      List<String> written,
      String name,
      String title,
      String yTitle,
      List<String> categories,
      Map<String, Map<String, Double>> series,
      boolean logarithmic,
      boolean stacked)
      throws IOException {
    if (categories.isEmpty()) {
      return;
    }
    Path file = out.resolve(name);
    Files.deleteIfExists(file);
    Charts.bars(file, title, yTitle, categories, series, logarithmic, stacked);
    if (Files.isRegularFile(file)) {
      written.add(name);
    }
  }

  private void memory(PrintStream md) {
    List<JmhRun> vaults = results.select(Results.QUERY_BENCH + ".vault", r -> true);
    if (vaults.isEmpty()) {
      return;
    }
    md.println("## Memory of each element query");
    md.println();
    md.println(
        "| query | suite | JDK | peak heap (MB) | Arrow off-heap peak of its scan (MB) | allocated"
            + " per query (MB) |");
    md.println("| --- | --- | --- | ---: | ---: | ---: |");
    for (JmhRun run : vaults) {
      Metric allocated = run.metric("gc.alloc.rate.norm");
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s |%n",
          run.param("query"),
          run.param("suite"),
          run.jdk(),
          number(mean(run.metric("mem.heap.peak")), "%.0f"),
          number(mean(run.metric("mem.arrow.peak")), "%.1f"),
          number(allocated == null ? Double.NaN : allocated.score() / 1e6, "%.0f"));
    }
    md.println();
    md.println(
        "Peak heap: the sum of the heap pools' peaks during an iteration, garbage not yet"
            + " collected included (what `-Xmx` must allow; an upper bound of live data). Arrow:"
            + " the most off-heap memory the query's columns held at once while streaming"
            + " (batches are released as they are consumed). Allocated: JMH's GC profiler.");
    md.println();
  }

  /** Where a warm run's fixed cost goes: each part of {@code ElementRunOverheadBenchmark}. */
  private void fixedCost(PrintStream md) {
    List<JmhRun> parts = results.ofClass(OVERHEAD_BENCH, r -> true);
    if (parts.isEmpty()) {
      return;
    }
    md.println("## Per-run fixed cost");
    md.println();
    md.printf(
        Locale.ROOT,
        "A warm element run over a %s-row dataset, so scanning and executing cost next to nothing,"
            + " and each of its parts timed on its own (sampled times; see"
            + " `ElementRunOverheadBenchmark`).%n%n",
        grouped(parts.get(0).param("rows")));
    md.println("| part | JDK | p50 | p99 | samples |");
    md.println("| --- | --- | ---: | ---: | ---: |");
    for (JmhRun run : parts) {
      Metric latency = inMillis(run.primary());
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s |%n",
          run.benchmark().substring(OVERHEAD_BENCH.length() + 1),
          run.jdk(),
          latency(latency.median()),
          latency(latency.p99()),
          grouped(Integer.toString(latency.samples())));
    }
    md.println();
  }

  private void coldPath(PrintStream md) {
    if (cold.isEmpty()) {
      return;
    }
    md.println("## The cold path: `./evault element run` of Q1");
    md.println();
    md.println(
        "A fresh JVM per run (the launcher, the vault opened with a key file, the element run,"
            + " the CSV written), on a vault prepared with the CLI, beside the warm JMH figure of"
            + " the same query.");
    md.println();
    md.println("| JDK | suite | rows | runs | cold, median (s) | warm JMH (s) | cold / warm |");
    md.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (ColdPath path : cold) {
      JmhRun warm = results.warm(path);
      double warmSeconds = warm == null ? Double.NaN : warm.primary().median() / 1e3;
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %d | %.2f | %s | %s |%n",
          path.jdk(),
          path.suite(),
          grouped(path.rows()),
          path.seconds().size(),
          path.median(),
          number(warmSeconds, "%.2f"),
          Double.isNaN(warmSeconds) ? "–" : ratioText(path.median() / warmSeconds));
    }
    md.println();
  }

  private void crypto(PrintStream md) {
    List<JmhRun> seals = new ArrayList<>(results.select("SealBenchmark.seal", r -> true));
    seals.addAll(results.select("SealBenchmark.open", r -> true));
    // The raw cipher does not depend on the suite parameter: its INTL rows stand for it.
    seals.addAll(results.select("SealBenchmark.jca", r -> "INTL".equals(r.param("suite"))));
    if (seals.isEmpty()) {
      return;
    }
    md.println("## Sealing and opening (64 KiB values)");
    md.println();
    md.println("| operation | suite | JDK | MB/s | ops/s |");
    md.println("| --- | --- | --- | ---: | ---: |");
    for (JmhRun run : seals) {
      boolean raw = run.benchmark().endsWith(".jca");
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %.0f | %s |%n",
          raw
              ? "raw JCA seal (the peer)"
              : run.benchmark().substring(run.benchmark().indexOf('.') + 1),
          raw ? "AES-256-GCM" : run.param("suite"),
          run.jdk(),
          megabytesPerSecond(run),
          withError(run.primary(), "%.0f"));
    }
    md.println();
  }

  private void imports(PrintStream md) {
    boolean header = false;
    for (String jdk : results.jdks()) {
      List<JmhRun> imports = importRuns(jdk);
      JmhRun duckDb =
          Results.first(imports.stream().filter(r -> r.benchmark().startsWith("DuckDb")).toList());
      for (JmhRun run : imports) {
        if (!header) {
          md.println("## CSV import");
          md.println();
          md.println("| import | JDK | rows | seconds | rows/s | × DuckDB |");
          md.println("| --- | --- | ---: | ---: | ---: | ---: |");
          header = true;
        }
        md.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %.0f | %s |%n",
            importLabel(run),
            jdk,
            grouped(run.param("rows")),
            withError(scaled(run.primary(), 1e-3), "%.2f"),
            rowsPerSecond(run),
            duckDb == null || duckDb.equals(run)
                ? "–"
                : ratioText(run.primary().median() / duckDb.primary().median()));
      }
    }
    if (header) {
      md.println();
    }
  }

  private List<JmhRun> importRuns(String jdk) {
    List<JmhRun> imports =
        new ArrayList<>(
            results.select("DatasetImportBenchmark.importCsv", r -> r.jdk().equals(jdk)));
    imports.addAll(results.select("DuckDbImportBenchmark.load", r -> r.jdk().equals(jdk)));
    return imports;
  }

  private static String importLabel(JmhRun run) {
    return run.benchmark().startsWith("DuckDb")
        ? "DuckDB (in-memory)"
        : "ElementVault " + run.param("suite");
  }

  private void scans(PrintStream md) {
    List<JmhRun> scans = results.ofClass("DatasetScanBenchmark", r -> true);
    if (scans.isEmpty()) {
      return;
    }
    md.println("## Decrypting scans (one column, every batch)");
    md.println();
    md.println("| column type | suite | JDK | rows | million values/s |");
    md.println("| --- | --- | --- | ---: | ---: |");
    for (JmhRun run : scans) {
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %.1f |%n",
          columnType(run),
          run.param("suite"),
          run.jdk(),
          grouped(run.param("rows")),
          valuesPerSecond(run) / 1e6);
    }
    md.println();
  }

  /** Model element jobs end to end, one row per job: training, or scoring and release. */
  private void models(PrintStream md) {
    List<JmhRun> jobs = results.ofClass(MODEL_BENCH, r -> true);
    if (jobs.isEmpty()) {
      return;
    }
    md.println("## Model elements (one job each, end to end)");
    md.println();
    md.println("| job | JDK | rows | seconds |");
    md.println("| --- | --- | ---: | ---: |");
    for (JmhRun run : jobs) {
      md.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s |%n",
          modelJob(run),
          run.jdk(),
          grouped(run.param("rows")),
          withError(run.primary(), "%.2f"));
    }
    md.println();
  }

  private static String modelJob(JmhRun run) {
    return switch (run.benchmark().substring(run.benchmark().indexOf('.') + 1)) {
      case "trainLogistic" -> "train logistic_regression";
      case "trainTree" -> "train decision_tree";
      case "score" -> "score with a trained model, release AVG per group";
      default -> run.benchmark();
    };
  }

  private static String columnType(JmhRun run) {
    return switch (run.benchmark().substring(run.benchmark().indexOf('.') + 1)) {
      case "scanBigint" -> "BIGINT";
      case "scanDecimal" -> "DECIMAL(12,2)";
      case "scanString" -> "STRING";
      default -> run.benchmark();
    };
  }

  private void log(PrintStream md) {
    List<JmhRun> appends = results.select("LogAppendBenchmark.append", r -> true);
    List<JmhRun> verifies = results.select("LogVerifyBenchmark.verify", r -> true);
    if (appends.isEmpty() && verifies.isEmpty()) {
      return;
    }
    md.println("## Operation log");
    md.println();
    md.println("| measure | suite | JDK | figure |");
    md.println("| --- | --- | --- | ---: |");
    for (JmhRun run : appends) {
      md.printf(
          Locale.ROOT,
          "| synced appends/s | %s | %s | %s |%n",
          run.param("suite"),
          run.jdk(),
          withError(run.primary(), "%.0f"));
    }
    for (JmhRun run : verifies) {
      md.printf(
          Locale.ROOT,
          "| full verify of %s entries (ms) | %s | %s | %s |%n",
          grouped(run.param("entries")),
          run.param("suite"),
          run.jdk(),
          withError(run.primary(), "%.0f"));
    }
    md.println();
  }

  /** The JDKs that ran {@code ServerBenchmark}. */
  private List<String> serverJdks() {
    return results.jdks().stream()
        .filter(j -> !results.ofClass(SERVER_BENCH, r -> r.jdk().equals(j)).isEmpty())
        .toList();
  }

  /** The small reads on {@code jdk}, by concurrent clients (JMH's threads). */
  private List<JmhRun> serverReads(String jdk) {
    return results.all().stream()
        .filter(r -> r.benchmark().startsWith(SERVER_READ) && r.jdk().equals(jdk))
        .sorted(Comparator.comparingInt(JmhRun::threads))
        .toList();
  }

  private void server(PrintStream md) {
    md.println("## Server request latency");
    md.println();
    List<String> jdks = serverJdks();
    if (jdks.isEmpty()) {
      md.println("Not measured in this run: no `ServerBenchmark` results among the JMH files.");
      md.println();
      return;
    }
    md.println(
        "The HTTPS API on loopback (TLS with the vault's own certificate, HTTP/1.1 with"
            + " keep-alive, the JDK's `HttpClient`; client and server share the machine's cores)."
            + " A small authenticated read, `GET /tenants/acme` (a token check and one JSON"
            + " object), by 1, 16 and 64 concurrent clients, each sending its next request as"
            + " soon as the last one is answered. Latencies are JMH's sampled times (every"
            + " request is timed). Requests/s is derived, not measured: clients ÷ mean latency,"
            + " as each client has exactly one request in flight.");
    md.println();
    for (String jdk : jdks) {
      List<JmhRun> reads = serverReads(jdk);
      if (!reads.isEmpty()) {
        md.printf(Locale.ROOT, "Small reads, JDK %s:%n%n", jdk);
        md.println("| clients | requests/s | mean | p50 | p99 | samples |");
        md.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (JmhRun run : reads) {
          Metric latency = inMillis(run.primary());
          md.printf(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s |%n",
              run.threads(),
              grouped(number(run.threads() / (latency.score() / 1e3), "%.0f")),
              latency(latency.score()),
              latency(latency.median()),
              latency(latency.p99()),
              grouped(Integer.toString(latency.samples())));
        }
        md.println();
      }
      JmhRun embedded =
          Results.first(
              results.select(SERVER_BENCH + ".elementRunEmbedded", r -> r.jdk().equals(jdk)));
      JmhRun http =
          Results.first(results.select(SERVER_BENCH + ".elementRunHttp", r -> r.jdk().equals(jdk)));
      if (embedded == null && http == null) {
        continue;
      }
      JmhRun either = embedded == null ? http : embedded;
      md.printf(
          Locale.ROOT,
          "An element run (an aggregate with k = 10 over %s residents, its released result"
              + " returned), one client, JDK %s:%n%n",
          grouped(either.param("rows")),
          jdk);
      md.println("| element run | mean | p50 | p99 | samples |");
      md.println("| --- | ---: | ---: | ---: | ---: |");
      Map<String, JmhRun> ways = new LinkedHashMap<>();
      if (embedded != null) {
        ways.put("embedded (`EmbeddedApi`)", embedded);
      }
      if (http != null) {
        ways.put("over HTTPS (`HttpApi`)", http);
      }
      for (Map.Entry<String, JmhRun> way : ways.entrySet()) {
        Metric latency = inMillis(way.getValue().primary());
        md.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s |%n",
            way.getKey(),
            latency(latency.score()),
            latency(latency.median()),
            latency(latency.p99()),
            grouped(Integer.toString(latency.samples())));
      }
      md.println();
      if (embedded != null && http != null) {
        Metric e = inMillis(embedded.primary());
        Metric h = inMillis(http.primary());
        md.printf(
            Locale.ROOT,
            "HTTPS / embedded: %s on the mean (%+.1f ms), %s at p50 (%+.1f ms).%n%n",
            ratioText(h.score() / e.score()),
            h.score() - e.score(),
            ratioText(h.median() / e.median()),
            h.median() - e.median());
      }
    }
  }

  private static String latency(double millis) {
    if (Double.isNaN(millis)) {
      return "–";
    }
    String format = millis < 10 ? "%.2f ms" : millis < 100 ? "%.1f ms" : "%.0f ms";
    return String.format(Locale.ROOT, format, millis);
  }

  private void method(PrintStream md) {
    md.println("## How this was measured");
    md.println();
    TreeSet<String> settings = new TreeSet<>();
    for (JmhRun run : results.all()) {
      settings.add(
          String.format(
              Locale.ROOT,
              "%s: %d fork(s), %d warm-up and %d measured iterations",
              run.benchmark().substring(0, run.benchmark().indexOf('.')),
              run.forks(),
              run.warmupIterations(),
              run.iterations()));
    }
    settings.forEach(s -> md.println("- " + s));
    md.println();
    md.println(
        "Element queries run through the sandbox's entry point (`Sandbox.run` of an approved"
            + " element): state and validity checks, compile, the lineage policy, the threshold"
            + " (k = 10 distinct subjects), scan and decrypt, the current executor, the sealed"
            + " release and its log entries. DuckDB runs the same SQL on the same generated file,"
            + " reading every value of the result over JDBC, in two forms: plain, as a user of an"
            + " encrypted database would run it (on its encrypted database, all cores: the figure"
            + " to beat), and with the threshold added by hand (`HAVING COUNT(DISTINCT id_card) >="
            + " 10`, four ways). The sandbox splits a query's batches across every core, so the"
            + " fair peer is DuckDB on all cores; DuckDB on one thread is there for scale.");
    md.println();
    md.println(
        "The time split: after each measured iteration the benchmark times, once each, a scan"
            + " of exactly the columns the element reads (scan and decrypt), the policy's share of"
            + " a warm run, which reuses the compiled and checked plan while the element and its"
            + " datasets are unchanged (policy and threshold), and a job of the same element that only"
            + " seals the last result (release and log); execute is the median total less those"
            + " three (the executor's work, the threshold's distinct count included). Each part is"
            + " the mean over the measured iterations; percentages are of the median total.");
    md.println();
    md.println(
        "DuckDB's encrypted database is written once with its bundled mbedtls"
            + " (`force_mbedtls_unsafe`: its OpenSSL extension cannot be fetched here) and"
            + " attached read-only; DuckDB keeps decrypted pages in its buffer pool, so warm"
            + " queries there decrypt little. The vault's element queries here likewise keep"
            + " decrypted chunks in its bounded per-tenant cache (`chunkCacheMiB`, 256 MiB by"
            + " default); the decrypting scans have no cache and open every chunk.");
    md.println();
    md.println(
        "The import and query suites' forks run with `-Xmx1g` (the memory goal); the other"
            + " suites with the JVM's default heap.");
    md.println();
    md.println("Raw JMH results: the `jmh-*.json` files beside this report.");
  }
}
