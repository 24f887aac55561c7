package org.elementvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.elementvault.sandbox.sample.SyntheticResidents;

/**
 * The benchmarks' resident CSV ({@link SyntheticResidents}), generated once per row count and kept
 * on disk, and a command line that writes one.
 *
 * <p>From the command line (the schema is written beside the file, with {@code .yaml} for {@code
 * .csv}):
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.elementvault.bench.ResidentsCsv /tmp/residents.csv 10000000 [seed]
 * java -cp bench/target/benchmarks.jar org.elementvault.bench.ResidentsCsv --cached 1000000   # prints its path
 * </pre>
 */
public final class ResidentsCsv {

  private ResidentsCsv() {}

  /**
   * The file of {@code rows} rows with {@link SyntheticResidents#DEFAULT_SEED} in {@code
   * ${java.io.tmpdir}/evault-bench}, written first if it is not there yet. Every benchmark of a run
   * (and of later runs) reads the same file, so generating it is paid once.
   */
  public static Path cached(long rows) throws IOException {
    Path file = cachedPath(rows);
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
    try {
      var unused = SyntheticResidents.write(partial, rows, SyntheticResidents.DEFAULT_SEED);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return file;
  }

  /** Where {@link #cached(long)} keeps the file of {@code rows} rows; it may not exist yet. */
  static Path cachedPath(long rows) {
    return Path.of(System.getProperty("java.io.tmpdir"), "evault-bench")
        .resolve(
            "residents-"
                + rows
                + "-"
                + SyntheticResidents.DEFAULT_SEED
                + "-g"
                + SyntheticResidents.GENERATION
                + ".csv");
  }

  /**
   * Writes {@code ROWS} rows to {@code FILE} (seed {@link SyntheticResidents#DEFAULT_SEED} unless
   * given) and the schema beside it.
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--cached")) {
      // bench/run: the benchmarks' own cached file, generated if missing, and its schema.
      Path file = cached(Long.parseLong(args[1]));
      String name = file.getFileName().toString();
      SyntheticResidents.writeSchema(
          file.resolveSibling(name.substring(0, name.length() - 4) + ".yaml"));
      System.out.println(file);
      return;
    }
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: ResidentsCsv FILE.csv ROWS [SEED] | ResidentsCsv --cached ROWS");
      return;
    }
    Path file = Path.of(args[0]);
    long rows = Long.parseLong(args[1]);
    long seed = args.length == 3 ? Long.parseLong(args[2]) : SyntheticResidents.DEFAULT_SEED;
    long started = System.nanoTime();
    long bytes = SyntheticResidents.write(file, rows, seed);
    String name = file.getFileName().toString();
    Path schema =
        file.resolveSibling(
            (name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name) + ".yaml");
    SyntheticResidents.writeSchema(schema);
    System.out.printf(
        Locale.ROOT,
        "%d rows, %.1f MB in %.1f s: %s (schema %s)%n",
        rows,
        bytes / 1e6,
        (System.nanoTime() - started) / 1e9,
        file,
        schema);
  }
}
