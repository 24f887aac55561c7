package org.elementvault.engine.dataset;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.jspecify.annotations.Nullable;

/**
 * A real vault in a directory with two approved tenants, {@code acme} (tenant admin {@code alice})
 * and {@code other} (tenant admin {@code bob}, developer {@code dave}), a clock tests move, and
 * ways to reach under the vault: its RocksDB {@code data} family and its key files, with the vault
 * closed meanwhile.
 */
final class TestingDatasetVault implements AutoCloseable {

  static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: district, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: income, type: BIGINT, level: IMPORTANT}
      """;

  static final String HEADER = "id_card,district,income";

  private final Path directory;
  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private final Principal alice;
  private final Principal bob;
  private final Principal dave;
  private int files;

  TestingDatasetVault(Path directory) {
    this.directory = directory;
    this.vault = TestingVaults.create(directory.resolve("vault"), CipherSuite.INTL, clock);
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    unused = vault.tenants().apply(admin, "other", "ops", null);
    unused = vault.tenants().review(admin, "other", true, "ok");
    alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    bob = vault.addUser(admin, "bob", Role.TENANT_ADMIN, "other", null).principal();
    dave = vault.addUser(admin, "dave", Role.DEVELOPER, "other", null).principal();
  }

  Vault vault() {
    return vault;
  }

  Datasets datasets() {
    return vault.datasets();
  }

  TestingClock clock() {
    return clock;
  }

  /** Tenant admin of {@code acme}. */
  Principal alice() {
    return alice;
  }

  /** Tenant admin of {@code other}. */
  Principal bob() {
    return bob;
  }

  /** Developer of {@code other}. */
  Principal dave() {
    return dave;
  }

  long tenantId(String name) {
    return vault.tenants().find(vault.admin(), name).orElseThrow().id();
  }

  /** Writes a new CSV file of {@code lines} (a trailing newline added). */
  Path csv(String... lines) throws IOException {
    return csv(List.of(lines));
  }

  Path csv(List<String> lines) throws IOException {
    Path file = directory.resolve("data-" + ++files + ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** The lines of {@code rows} residents of the north district, {@code P<i>} with income i. */
  static List<String> northResidents(int rows) {
    List<String> lines = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < rows; i++) {
      lines.add("P" + i + ",north," + i);
    }
    return lines;
  }

  /** A file path in the test directory, not yet written. */
  Path file(String suffix) {
    return directory.resolve("file-" + ++files + suffix);
  }

  /** Imports {@code file} as alice into her own tenant with {@link #SCHEMA}. */
  @CanIgnoreReturnValue
  DatasetVersion importAsAlice(String name, Path file) {
    return importFile(alice, null, name, file, SCHEMA);
  }

  @CanIgnoreReturnValue
  DatasetVersion importFile(
      Principal caller, @Nullable String tenant, String name, Path file, String schema) {
    return vault
        .datasets()
        .importFile(
            caller,
            tenant,
            name,
            file,
            schema.getBytes(StandardCharsets.UTF_8),
            Datasets.Progress.NONE);
  }

  /** The newest operation log entry. */
  LogRecord lastLogRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  /** Every key of the {@code data} family, read with the vault closed. */
  List<byte[]> dataKeys() {
    List<byte[]> keys = new ArrayList<>();
    underTheVault(
        store ->
            store.scan(
                Family.DATA,
                new byte[0],
                (key, value) -> {
                  keys.add(key);
                  return true;
                }));
    return keys;
  }

  /** Closes the vault, hands its database to {@code action}, and reopens the vault. */
  void underTheVault(Consumer<VaultStore> action) {
    vault.close();
    try (VaultStore store = VaultStore.open(vault.directory().resolve("db"))) {
      action.accept(store);
    }
    reopen();
  }

  /** Closes the vault, runs {@code action} (another process may open it meanwhile), reopens it. */
  void whileClosed(Runnable action) {
    vault.close();
    try {
      action.run();
    } finally {
      vault = TestingVaults.open(vault.directory(), clock);
    }
  }

  /** Closes and opens the vault, as a restart would. */
  void reopen() {
    vault.close();
    vault = TestingVaults.open(vault.directory(), clock);
  }

  /** The names of the dataset key files. */
  List<String> datasetKeyFiles() throws IOException {
    try (var files = Files.list(vault.directory().resolve("keys"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("dataset-"))
          .sorted()
          .toList();
    }
  }

  @Override
  public void close() {
    vault.close();
  }
}
