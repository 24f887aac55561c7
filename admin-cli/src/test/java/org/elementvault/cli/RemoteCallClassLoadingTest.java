package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote call starts only the client: run in a JVM of its own, a remote {@code tenant list} loads
 * no class of RocksDB, Calcite or Arrow, whose native libraries and static initialisation cost
 * seconds at start-up and have no use in a client.
 */
class RemoteCallClassLoadingTest {

  private static final List<String> ENGINE_PACKAGES =
      List.of(
          "org.rocksdb.",
          "org.apache.calcite.",
          "org.apache.arrow.",
          "org.elementvault.engine.store.",
          "org.elementvault.sandbox.catalog.",
          "org.elementvault.sandbox.compile.");

  @Test
  void remoteTenantList_loadsNoEngineClass(@TempDir Path temp)
      throws IOException, InterruptedException {
    List<String> loaded;
    String out;
    int status;
    try (TestingRemoteVault remote = TestingRemoteVault.start(temp)) {
      Path classLog = temp.resolve("classes.log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xlog:class+load=info:file=" + classLog,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "tenant",
                  "list",
                  "--output",
                  "csv",
                  "--server",
                  remote.url(),
                  "--ca-cert",
                  remote.caPem().toString(),
                  "--token-file",
                  remote.rootToken().toString())
              .redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("EVAULT_"));
      Process process = builder.start();
      out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
      status = process.exitValue();
      loaded = Files.readAllLines(classLog);
    }

    assertThat(status).as(out).isZero();
    assertThat(out).contains("acme,TRIAL");
    assertThat(loaded)
        .filteredOn(line -> ENGINE_PACKAGES.stream().anyMatch(p -> line.contains("] " + p)))
        .isEmpty();
    assertThat(loaded).anyMatch(line -> line.contains("] " + Main.class.getName() + " "));
  }
}
