package org.elementvault.bench.crash;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real {@code evault} command line ({@code org.elementvault.cli.Main}) in a child JVM on
 * one vault, with the start-up options that keep a short command cheap: a small heap, the JIT's
 * quick tier only and class data sharing. When the class path is made of jars alone (the JVM
 * archives nothing else), the first command records the classes it loads in an archive that later
 * commands map, as the installed launcher does.
 *
 * @param classPath the CLI's class path
 * @param vault the vault directory every command names
 * @param keyFile the vault's 32-byte key file
 * @param archive the class-data archive the first command writes and later commands map, if any
 */
record Evault(String classPath, Path vault, Path keyFile, Optional<Path> archive) {

  /** Generous: a command that takes longer has hung, which the harness reports as a failure. */
  static final long COMMAND_TIMEOUT_SECONDS = 300;

  Evault {
    Objects.requireNonNull(classPath, "classPath");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(archive, "archive");
  }

  /** The command line on {@code classPath}, archiving its classes in {@code work} if it can. */
  static Evault of(String classPath, Path vault, Path keyFile, Path work) {
    boolean jarsOnly =
        Arrays.stream(classPath.split(File.pathSeparator))
            .allMatch(entry -> entry.endsWith(".jar") || entry.endsWith("*"));
    return new Evault(
        classPath,
        vault,
        keyFile,
        jarsOnly ? Optional.of(work.resolve("classes.jsa")) : Optional.empty());
  }

  /** The same command line on another vault (a trial's copy of the template). */
  Evault on(Path otherVault) {
    return new Evault(classPath, otherVault, keyFile, archive);
  }

  /**
   * Starts {@code evault ARGS --vault V --key-file K}; its stdout goes to {@code out}, its stderr
   * to {@code err}.
   */
  Process start(List<String> args, Path out, Path err) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-Xlog:disable",
            "-Xlog:all=error:stderr",
            "--add-opens=java.base/java.nio=ALL-UNNAMED"));
    archive.ifPresent(
        file ->
            command.add(
                Files.isRegularFile(file)
                    ? "-XX:SharedArchiveFile=" + file
                    : "-XX:ArchiveClassesAtExit=" + file));
    command.addAll(List.of("-cp", classPath, "org.elementvault.cli.Main"));
    command.addAll(args);
    command.addAll(List.of("--vault", vault.toString(), "--key-file", keyFile.toString()));
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
  }

  /**
   * Runs a preparation command to its end and returns its stdout.
   *
   * @throws IllegalStateException if it fails or hangs (the harness cannot go on without it)
   */
  String run(Path scratch, String... args) throws IOException, InterruptedException {
    Path out = scratch.resolve("prepare.out");
    Path err = scratch.resolve("prepare.err");
    Process process = start(List.of(args), out, err);
    if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("evault " + args[0] + " " + args[1] + " hung");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "evault "
              + String.join(" ", args)
              + " exited "
              + process.exitValue()
              + ": "
              + Files.readString(err, StandardCharsets.UTF_8).strip());
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
