package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The packaged distribution ({@code bin/evault} beside {@code lib/}, and its tarball) runs as a
 * user runs it.
 */
class DistributionIT {

  private static final Path DIST = Path.of(System.getProperty("evault.dist"));
  private static final Path MAN1 = DIST.resolve("share/man/man1");

  @TempDir Path temp;

  private record Run(int status, String out, String err) {}

  private Run evault(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(DIST.resolve("bin/evault").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(temp.toFile())
            .redirectOutput(temp.resolve("out").toFile())
            .redirectError(temp.resolve("err").toFile());
    builder.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("evault finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(temp.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(temp.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void launcher_carriesTheJvmFlagsFromTheirOnePlace() throws IOException {
    String script = Files.readString(DIST.resolve("bin/evault"), StandardCharsets.UTF_8);

    assertThat(script).contains(System.getProperty("evault.jvm.flags")).doesNotContain("@evault");
  }

  @Test
  void version_fromTheDistribution_exitsZero() throws Exception {
    Run run = evault("--version");

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("evault 0.");
  }

  /** A remote call that fails to connect has still loaded the HTTP client, as one that succeeds. */
  @Test
  void remoteRun_leavesAClassArchiveTheNextRunUses() throws Exception {
    Path token = Files.writeString(temp.resolve("token"), "t0ken\n", StandardCharsets.US_ASCII);
    String[] remoteStatus = {
      "status", "--server", "https://127.0.0.1:1", "--token-file", "" + token
    };
    Run first = evault(remoteStatus);

    Run second = evault(remoteStatus);

    try (var archives = Files.list(temp.resolve("cache/evault"))) {
      assertThat(archives.map(p -> p.getFileName().toString()))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .matches("classes-[0-9]+\\.jsa");
    }
    assertThat(second).isEqualTo(first);
    assertThat(second.err()).startsWith("evault: cannot reach the server");
  }

  /** An archive recorded by {@code --version} would lack the HTTP client every later call needs. */
  @Test
  void versionRun_recordsNoClassArchive() throws Exception {
    Run run = evault("--version");

    assertThat(run.status()).isZero();
    assertThat(temp.resolve("cache/evault")).doesNotExist();
  }

  /**
   * An embedded command other than an element run, check or submit never loads the query planner:
   * an archive it recorded would leave it out of every later element run.
   */
  @Test
  void embeddedInit_recordsNoClassArchive() throws Exception {
    Path keyFile = temp.resolve("master.key");
    Files.write(keyFile, new byte[32]);

    Run run = evault("init", "--vault", "v", "--suite", "INTL", "--key-file", keyFile.toString());

    assertThat(run.status()).isZero();
    assertThat(temp.resolve("cache/evault")).doesNotExist();
  }

  @Test
  void init_fromTheDistribution_createsAVault() throws Exception {
    Path keyFile = temp.resolve("master.key");
    Files.write(keyFile, new byte[32]);

    Run run = evault("init", "--vault", "v", "--suite", "GM", "--key-file", keyFile.toString());

    assertThat(run.status()).isZero();
    assertThat(temp.resolve("v/vault.keystore")).isRegularFile();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void distribution_shipsTheLoggingConfigurationTheLauncherUses() throws IOException {
    String script = Files.readString(DIST.resolve("bin/evault"), StandardCharsets.UTF_8);

    assertThat(DIST.resolve("conf/logback.xml")).isRegularFile();
    assertThat(script).contains("-Dlogback.configurationFile=$home/conf/logback.xml");
  }

  @Test
  void tarball_holdsTheDistributionUnderOneVersionedDirectory() throws IOException {
    Map<String, Integer> modes = tarballModes();
    String top = "evault-" + System.getProperty("evault.version") + "/";

    assertThat(modes)
        .containsEntry(top + "bin/evault", 0755)
        .containsEntry(top + "conf/evault.yaml", 0644)
        .containsEntry(top + "conf/logback.xml", 0644)
        .containsEntry(top + "conf/evault.service", 0644)
        .containsKey(top + "README.md");
    try (Stream<Path> jars = Files.list(DIST.resolve("lib"))) {
      assertThat(modes.keySet())
          .containsAll(jars.map(jar -> top + "lib/" + jar.getFileName()).toList());
    }
    assertThat(modes.keySet()).allMatch(name -> name.startsWith(top));
  }

  @Test
  void tarball_holdsAManualPagePerCommand() throws IOException {
    Map<String, Integer> modes = tarballModes();
    String man1 = "evault-" + System.getProperty("evault.version") + "/share/man/man1/";

    List<String> pages = new ArrayList<>();
    commandNames(CommandTree.whole(Map.of()).getCommandSpec(), pages);
    assertThat(pages).contains("evault", "evault-tenant-list", "evault-backup-create");
    for (String page : pages) {
      assertThat(modes).containsEntry(man1 + page + ".1", 0644);
    }
  }

  @Test
  void manualPages_areTroffWithANameAndASynopsis() throws IOException {
    try (Stream<Path> pages = Files.list(MAN1)) {
      for (Path page : pages.toList()) {
        String troff = Files.readString(page, StandardCharsets.UTF_8);
        String title = page.getFileName().toString().replace(".1", "").toUpperCase(Locale.ROOT);

        assertThat(troff)
            .as(page.getFileName().toString())
            .contains(".TH \"" + title.replace("-", "\\-") + "\" \"1\"")
            .contains(".SH \"NAME\"")
            .contains(".SH \"SYNOPSIS\"")
            .doesNotContainPattern("(?m)^(=|//|:[a-z-]+:)")
            .doesNotContain("::", "*--", "`", "pass:[");
      }
    }
  }

  @Test
  void manualPage_describesItsCommandsOptions() throws IOException {
    String troff = Files.readString(MAN1.resolve("evault-tenant-list.1"), StandardCharsets.UTF_8);

    assertThat(troff)
        .contains("evault-tenant-list \\- List tenants")
        .contains("\\fB\\-\\-output\\fP");
  }

  @Test
  void manualPage_readsWithMan() throws Exception {
    assumeTrue(onPath("man"), "man is installed");
    ProcessBuilder builder =
        new ProcessBuilder("man", "-l", MAN1.resolve("evault-tenant-list.1").toString())
            .redirectOutput(temp.resolve("out").toFile())
            .redirectError(temp.resolve("err").toFile());
    builder.environment().put("MANWIDTH", "80");
    builder.environment().put("MANPAGER", "cat");
    Process man = builder.start();
    assertThat(man.waitFor(60, TimeUnit.SECONDS)).as("man finished").isTrue();

    String shown =
        Files.readString(temp.resolve("out"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    assertThat(man.exitValue()).isZero();
    assertThat(shown)
        .contains("EVAULT-TENANT-LIST(1)")
        .contains("List tenants with their deadlines and overdue reviews.")
        .contains("--output");
  }

  private static void commandNames(CommandSpec command, List<String> names) {
    names.add(command.qualifiedName("-"));
    command.subcommands().values().stream()
        .map(CommandLine::getCommandSpec)
        .distinct()
        .forEach(subcommand -> commandNames(subcommand, names));
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
  }

  @Test
  void systemdUnit_startsServeWithTheConfigAndCountsSigtermAsSuccess() throws IOException {
    String unit = Files.readString(DIST.resolve("conf/evault.service"), StandardCharsets.UTF_8);

    assertThat(unit)
        .contains("ExecStart=/opt/evault/bin/evault serve --config /etc/evault/evault.yaml")
        .contains("SuccessExitStatus=143");
  }

  /**
   * SIGTERM to the launcher reaches the JVM (it execs), which stops the server, logs it and exits
   * 143; the flag beats the config file's log format.
   */
  @Test
  void serve_sigterm_stopsCleanlyLogsItAndExits143() throws Exception {
    Path keyFile = temp.resolve("master.key");
    Files.write(keyFile, new byte[32]);
    assertThat(
            evault("init", "--vault", "v", "--suite", "INTL", "--key-file", "" + keyFile).status())
        .isZero();
    Path config = temp.resolve("evault.yaml");
    Files.writeString(
        config,
        "listen: 127.0.0.1:0\nvault: v\nkey_file: master.key\nlog_format: text\n",
        StandardCharsets.UTF_8);
    ProcessBuilder builder =
        new ProcessBuilder(
                DIST.resolve("bin/evault").toString(),
                "serve",
                "--config",
                config.toString(),
                "--log-format",
                "json")
            .directory(temp.toFile())
            .redirectError(temp.resolve("err").toFile());
    builder.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    Process serve = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> started =
        CompletableFuture.supplyAsync(
            () -> out.lines().anyMatch(line -> line.contains("ca_sha256")));
    assertThat(started.get(120, TimeUnit.SECONDS)).as("serve printed its address").isTrue();

    serve.destroy(); // SIGTERM

    assertThat(serve.waitFor(120, TimeUnit.SECONDS)).as("serve stopped").isTrue();
    assertThat(serve.exitValue()).isEqualTo(143);
    List<String> log = Files.readAllLines(temp.resolve("err"), StandardCharsets.UTF_8);
    assertThat(log).allMatch(line -> line.startsWith("{") && line.endsWith("}"));
    assertThat(String.join("\n", log))
        .contains("shutting down: the JVM was asked to stop (SIGTERM or SIGINT)")
        .contains("stopped: vault ");
  }

  private static Map<String, Integer> tarballModes() throws IOException {
    Map<String, Integer> modes = new HashMap<>();
    try (InputStream file = Files.newInputStream(Path.of(System.getProperty("evault.tarball")));
        TarArchiveInputStream tar =
            new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(file)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          modes.put(entry.getName(), entry.getMode() & 0777);
        }
      }
    }
    return modes;
  }

  @Test
  void usageError_fromTheDistribution_exitsTwo() throws Exception {
    Run run = evault("init", "--vault", "v");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option");
  }
}
