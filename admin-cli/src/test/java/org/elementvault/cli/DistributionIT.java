package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged distribution ({@code bin/evault} beside {@code lib/}) runs as a user runs it. */
class DistributionIT {

  private static final Path DIST = Path.of(System.getProperty("evault.dist"));

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

  @Test
  void clientRun_leavesAClassArchiveTheNextRunUses() throws Exception {
    Run first = evault("--version");

    Run second = evault("--version");

    try (var archives = Files.list(temp.resolve("cache/evault"))) {
      assertThat(archives.map(p -> p.getFileName().toString()))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .matches("classes-[0-9]+\\.jsa");
    }
    assertThat(second).isEqualTo(first);
    assertThat(second.err()).isEmpty();
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
  void usageError_fromTheDistribution_exitsTwo() throws Exception {
    Run run = evault("init", "--vault", "v");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option");
  }
}
