package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded call on an {@code INTL} vault that signs nothing loads no Bouncy Castle class: its
 * jar is signed, so a fresh JVM verifies it (about a third of a second) before the first class, and
 * the class archive cannot hold its classes. Run in a JVM of its own, as the launcher runs it.
 */
class EmbeddedCallClassLoadingTest {

  @Test
  void embeddedTenantList_intlVaultWithKeyFile_loadsNoBouncyCastleClass(@TempDir Path temp)
      throws IOException, InterruptedException {
    TestingCli cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
    assertThat(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops").status())
        .isZero();
    Path classLog = temp.resolve("classes.log");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The JVM flags every run needs (Arrow's), as this test's JVM got them.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-opens"))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-Xlog:class+load=info:file=" + classLog,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "tenant",
            "list",
            "--output",
            "csv",
            "--vault",
            cli.vault().toString(),
            "--key-file",
            cli.keyFile().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("EVAULT_"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    List<String> loaded = Files.readAllLines(classLog);

    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).contains("acme,");
    assertThat(loaded).anyMatch(line -> line.contains("] org.rocksdb.RocksDB "));
    assertThat(loaded).noneMatch(line -> line.contains("] org.bouncycastle."));
  }
}
