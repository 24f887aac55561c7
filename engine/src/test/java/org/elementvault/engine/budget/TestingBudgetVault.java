package org.elementvault.engine.budget;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;

/**
 * A real vault with tenant {@code acme} (tenant admin {@code alice}, developer {@code dev}) holding
 * datasets {@code residents} and {@code loans}, tenant {@code other} (developer {@code dave}), and
 * a clock tests move. The vault can be closed and reopened in place.
 */
final class TestingBudgetVault implements AutoCloseable {

  private static final String SCHEMA =
      """
      subject: id
      open_category: CONDITIONAL
      columns:
        - {name: id, type: STRING, level: GENERAL}
        - {name: district, type: STRING, level: GENERAL}
      """;

  private final Path directory;
  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private final Principal alice;
  private final Principal dev;
  private final Principal dave;

  TestingBudgetVault(Path directory) throws IOException {
    this.directory = directory;
    this.vault = TestingVaults.create(directory.resolve("vault"), CipherSuite.INTL, clock);
    Principal admin = vault.admin();
    for (String tenant : List.of("acme", "other")) {
      var unused = vault.tenants().apply(admin, tenant, "ops", null);
      unused = vault.tenants().review(admin, tenant, true, "ok");
    }
    alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    dave = vault.addUser(admin, "dave", Role.DEVELOPER, "other", null).principal();
    Path csv = directory.resolve("rows.csv");
    Files.writeString(csv, "id,district\na1,north\na2,south\n", StandardCharsets.UTF_8);
    for (String dataset : List.of("residents", "loans")) {
      var unused =
          vault
              .datasets()
              .importFile(
                  alice,
                  null,
                  dataset,
                  csv,
                  SCHEMA.getBytes(StandardCharsets.UTF_8),
                  Datasets.Progress.NONE);
    }
  }

  Vault vault() {
    return vault;
  }

  Budgets budgets() {
    return vault.budgets();
  }

  TestingClock clock() {
    return clock;
  }

  Principal admin() {
    return vault.admin();
  }

  /** Tenant admin of {@code acme}. */
  Principal alice() {
    return alice;
  }

  /** Developer of {@code acme}. */
  Principal dev() {
    return dev;
  }

  /** Developer of {@code other}. */
  Principal dave() {
    return dave;
  }

  long acme() {
    return vault.tenants().find(vault.admin(), "acme").orElseThrow().id();
  }

  /** The vault admin sets {@code dataset}'s budget in {@code acme}. */
  @CanIgnoreReturnValue
  BudgetStatus set(String dataset, String epsilon, int windowDays) {
    return budgets().set(admin(), "acme", dataset, new BigDecimal(epsilon), windowDays);
  }

  /** {@code dev} charges {@code epsilon} on {@code datasets} of {@code acme}. */
  @CanIgnoreReturnValue
  Charge charge(String epsilon, String... datasets) {
    return budgets().charge(dev, acme(), List.of(datasets), new BigDecimal(epsilon), "j1");
  }

  /** What {@code dataset} of {@code acme} has left, as the vault admin sees it. */
  BigDecimal left(String dataset) {
    return budgets().status(admin(), "acme", dataset).orElseThrow().left();
  }

  /** What {@code dataset} of {@code acme} has used, as the vault admin sees it. */
  BigDecimal used(String dataset) {
    return budgets().status(admin(), "acme", dataset).orElseThrow().used();
  }

  /** The newest operation log entry. */
  LogRecord lastLogRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  /** Every log record from sequence {@code from} on, oldest first. */
  List<LogRecord> logRecordsFrom(long from) {
    List<LogRecord> records = new ArrayList<>();
    for (long sequence = from; sequence <= vault.log().size(); sequence++) {
      records.add(vault.log().entry(sequence).orElseThrow().record());
    }
    return records;
  }

  /** How many {@code meta} keys start with {@code prefix}, read with the vault closed. */
  int storedKeys(String prefix) {
    return countMeta(prefix.getBytes(StandardCharsets.US_ASCII), value -> true);
  }

  /** How many {@code meta} values hold {@code text} in clear, read with the vault closed. */
  int metaValuesContaining(String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    return countMeta(new byte[0], value -> indexOf(value, needle) >= 0);
  }

  private int countMeta(byte[] prefix, Predicate<byte[]> test) {
    vault.close();
    int[] count = new int[1];
    try (VaultStore store = VaultStore.open(directory.resolve("vault").resolve("db"))) {
      store.scan(
          Family.META,
          prefix,
          (key, value) -> {
            if (test.test(value)) {
              count[0]++;
            }
            return true;
          });
    }
    vault = TestingVaults.open(directory.resolve("vault"), clock);
    return count[0];
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  /** Closes the vault and opens it again with the same clock. */
  void reopen() {
    vault.close();
    vault = TestingVaults.open(directory.resolve("vault"), clock);
  }

  @Override
  public void close() {
    vault.close();
  }
}
