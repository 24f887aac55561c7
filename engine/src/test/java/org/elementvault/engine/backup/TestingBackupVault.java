package org.elementvault.engine.backup;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.dataset.Datasets;

/**
 * A real vault with one approved tenant {@code acme} whose admin imported a dataset {@code people}
 * of {@link #ROWS} rows, each with a district named {@link #MARKER} so tests can look for it in
 * clear in backup files.
 */
final class TestingBackupVault implements AutoCloseable {

  static final int ROWS = 300;

  /** A value of every row, which must never appear in clear in any file. */
  static final String MARKER = "plaintextdistrictmarker";

  private static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: district, type: STRING, level: GENERAL}
        - {name: income, type: BIGINT, level: IMPORTANT}
      """;

  private final Path directory;
  private Vault vault;
  private final Principal alice;

  TestingBackupVault(Path directory, CipherSuite suite) throws IOException {
    this.directory = directory;
    this.vault = TestingVaults.create(directory.resolve("vault"), suite);
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    importPeople("people");
  }

  Vault vault() {
    return vault;
  }

  /** Closes the vault, hands its directory to {@code action}, and opens it again. */
  void underTheVault(IoAction action) throws IOException {
    vault.close();
    action.run(vault.directory());
    vault = TestingVaults.open(vault.directory());
  }

  /** What a test does to a closed vault's files. */
  @FunctionalInterface
  interface IoAction {
    void run(Path vaultDirectory) throws IOException;
  }

  /** A path in the test directory, not yet created. */
  Path path(String name) {
    return directory.resolve(name);
  }

  /** Imports a new dataset of {@link #ROWS} rows as acme's admin. */
  @CanIgnoreReturnValue
  DatasetVersion importPeople(String name) throws IOException {
    return importPeople(name, ROWS);
  }

  /** Imports a new dataset of {@code rows} rows as acme's admin. */
  @CanIgnoreReturnValue
  DatasetVersion importPeople(String name, int rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("id_card,district,income");
    for (int i = 0; i < rows; i++) {
      lines.add("ID" + (100_000 + i) + "," + MARKER + (i % 3) + "," + (1_000 + i));
    }
    Path file = directory.resolve(name + ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return vault
        .datasets()
        .importFile(
            alice,
            null,
            name,
            file,
            SCHEMA.getBytes(StandardCharsets.UTF_8),
            Datasets.Progress.NONE);
  }

  @Override
  public void close() {
    vault.close();
  }
}
