package org.elementvault.engine.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;

/**
 * The child process of a crash test: opens a {@link TestingDatasetVault}'s vault, imports a file as
 * alice, prints {@value #COMMITTED} once the import has returned, and then waits, vault open, for
 * the test to kill it.
 */
final class ImportUntilKilled {

  static final String COMMITTED = "committed";

  private ImportUntilKilled() {}

  /** Arguments: the vault's directory, the dataset's name and the CSV file to import. */
  @SuppressForbidden // tells the parent, on its standard output, when to kill it
  public static void main(String[] args) throws IOException {
    Vault vault = TestingVaults.open(Path.of(args[0]), new TestingClock(TestingVaults.NOW));
    Principal alice =
        vault.users(vault.admin()).stream()
            .filter(user -> user.name().equals("alice"))
            .findFirst()
            .orElseThrow();
    var unused =
        vault
            .datasets()
            .importFile(
                alice,
                null,
                args[1],
                Path.of(args[2]),
                TestingDatasetVault.SCHEMA.getBytes(StandardCharsets.UTF_8),
                Datasets.Progress.NONE);
    System.out.println(COMMITTED);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Waits to be killed, the vault never closed.
    }
  }
}
