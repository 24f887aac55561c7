package org.elementvault.bench.crash;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills the real {@code evault} command line with SIGKILL at seeded random points of import,
 * element run, dataset key rotation, tenant exit and backup, and checks the crash-safety invariants
 * (DESIGN.md, invariant 10, and irreversible exit) after every kill.
 *
 * <pre>
 * bench/crash --trials 1000 [--seed S] [--work DIR]
 * </pre>
 *
 * <p>The run prepares one template vault with the command line, times each operation once
 * uninterrupted (those runs are checked too), then per trial copies the template, starts one
 * operation in a child JVM, kills it after a random delay between half a read-only command's
 * duration (the JVM's start and the vault's open) and 1.1 times the operation's uninterrupted
 * duration (so some commands finish first: their work is acknowledged and must be visible), and
 * reopens the copy in this JVM to check it. Trial {@code i} uses seed {@code S + i}, so {@code
 * --seed S+i --trials 1} repeats its plan (the kill lands at the same delay; where that falls in
 * the child's work still varies with the machine). Failed trials keep their directory; the summary
 * names each violation and its seed. Exit status: 0 every invariant held, 1 a violation, 2 usage.
 *
 * <p>The children run the command line ({@code org.elementvault.cli.Main}) from {@code
 * --cli-class-path}, this JVM's class path by default.
 */
public final class CrashHarness {

  /** The status of a process ended by SIGKILL, as Java reports it on Linux (128 + 9). */
  private static final int SIGKILLED = 137;

  private final Path work;
  private final VaultTemplate template;
  private final Invariants invariants;
  private final Map<CrashOperation, Long> expectedMillis = new EnumMap<>(CrashOperation.class);

  private CrashHarness(Path work, VaultTemplate template) {
    this.work = work;
    this.template = template;
    this.invariants = new Invariants(template);
  }

  /**
   * Prepares a template under {@code work} (an empty or absent directory) with the command line on
   * {@code cliClassPath}, times every operation once, and runs {@code trials} trials from {@code
   * seed}.
   */
  public static CrashSummary run(
      Path work, String cliClassPath, int trials, long seed, PrintStream progress)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    progress.println("crash harness: preparing the template vault in " + work);
    VaultTemplate template = VaultTemplate.prepare(work, cliClassPath, new SecureRandom());
    return run(template, work, trials, seed, progress);
  }

  /** Times every operation once on copies of {@code template} and runs the trials under work. */
  static CrashSummary run(
      VaultTemplate template, Path work, int trials, long seed, PrintStream progress)
      throws IOException, InterruptedException {
    CrashHarness harness = new CrashHarness(work, template);
    List<Trial> calibrations = new ArrayList<>();
    for (CrashOperation operation : CrashOperation.values()) {
      Trial calibration = harness.calibrate(operation);
      progress.printf(
          Locale.ROOT,
          "crash harness: %s takes %d ms uninterrupted%n",
          operation,
          calibration.expectedMillis());
      calibrations.add(calibration);
    }
    long started = System.nanoTime();
    List<Trial> done = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      Trial trial = harness.trial(seed + i);
      done.add(trial);
      if ((i + 1) % 50 == 0 || !trial.violations().isEmpty()) {
        progress.printf(
            Locale.ROOT,
            "crash harness: %d/%d trials, %d failed%n",
            i + 1,
            trials,
            done.stream().filter(t -> !t.violations().isEmpty()).count());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new CrashSummary(seed, calibrations, done, seconds);
  }

  /** Runs {@code operation} to its end on a copy of the template and times it. */
  private Trial calibrate(CrashOperation operation) throws IOException, InterruptedException {
    Path trial = freshCopy("calibrate-" + operation.name().toLowerCase(Locale.ROOT));
    long started = System.nanoTime();
    Process child = start(operation, trial);
    if (!child.waitFor(Evault.COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor(); // hung: reported below as a failure of its own (exit 137)
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    expectedMillis.put(operation, millis);
    return finish(0, operation, millis, millis, child, false, trial);
  }

  private Trial trial(long seed) throws IOException, InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    CrashOperation operation =
        CrashOperation.values()[random.nextInt(CrashOperation.values().length)];
    long expected = expectedMillis.get(operation);
    // From half the JVM's start to a little past the end: most kills land in the work itself, a
    // few before it (nothing to recover) and some after it (acknowledged work must be visible).
    long earliest = Math.min(template.startupMillis() / 2, expected);
    long killAfter = earliest + random.nextLong(expected + expected / 10 - earliest + 1);
    Path trial = freshCopy("trial-" + seed);
    Process child = start(operation, trial);
    boolean killed = !child.waitFor(killAfter, TimeUnit.MILLISECONDS);
    if (killed) {
      child.destroyForcibly().waitFor(); // SIGKILL on Linux: no shutdown hook, no flush
    }
    return finish(seed, operation, killAfter, expected, child, killed, trial);
  }

  private Process start(CrashOperation operation, Path trial) throws IOException {
    return template
        .evault()
        .on(trial.resolve("vault"))
        .start(
            operation.arguments(template, trial),
            trial.resolve("child.out"),
            trial.resolve("child.err"));
  }

  private Trial finish(
      long seed,
      CrashOperation operation,
      long killAfter,
      long expected,
      Process child,
      boolean killed,
      Path trial)
      throws IOException {
    List<String> violations = new ArrayList<>();
    // Killed just as it ended, a command may still report its own status: only a kill excuses it.
    if (child.exitValue() != 0 && !(killed && child.exitValue() == SIGKILLED)) {
      violations.add(
          "the command failed by itself (exit "
              + child.exitValue()
              + "): "
              + firstLine(trial.resolve("child.err")));
    }
    boolean acknowledged = child.exitValue() == 0;
    violations.addAll(invariants.check(trial.resolve("vault"), trial, operation, acknowledged));
    if (violations.isEmpty()) {
      deleteTree(trial);
    }
    return new Trial(seed, operation, killAfter, expected, acknowledged, violations);
  }

  private Path freshCopy(String name) throws IOException {
    Path trial = work.resolve(name);
    deleteTree(trial);
    Files.createDirectories(trial);
    copyTree(template.vault(), trial.resolve("vault"));
    return trial;
  }

  private static String firstLine(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Files.copy(
            source,
            to.resolve(from.relativize(source).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /**
   * {@code --trials N [--seed S] [--work DIR] [--cli-class-path CP]}; see the class comment. The
   * command line's class path defaults to this JVM's.
   */
  @SuppressForbidden // the harness's status is its verdict, for scripts and CI
  public static void main(String[] args) throws IOException, InterruptedException {
    int trials = 20;
    long seed = new SecureRandom().nextLong();
    Path work = null;
    String cliClassPath = System.getProperty("java.class.path");
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--trials" -> trials = Integer.parseInt(args[i + 1]);
          case "--seed" -> seed = Long.parseLong(args[i + 1]);
          case "--work" -> work = Path.of(args[i + 1]);
          case "--cli-class-path" -> cliClassPath = args[i + 1];
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (trials < 0) {
        throw new IllegalArgumentException("--trials must be at least 0");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("crash: " + e.getMessage());
      System.err.println(
          "usage: bench/crash --trials N [--seed S] [--work DIR] [--cli-class-path CP]");
      System.exit(2);
    }
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("evault-crash") : work;
    CrashSummary summary = run(dir, cliClassPath, trials, seed, System.err);
    summary.print(System.out);
    if (temporary && summary.passed()) {
      deleteTree(dir);
    }
    System.exit(summary.passed() ? 0 : 1);
  }
}
