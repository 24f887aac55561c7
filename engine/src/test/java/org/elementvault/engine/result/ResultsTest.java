package org.elementvault.engine.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Released results on a real vault: tenant {@code acme} with developers {@code dev} and {@code
 * dev2}, tenant {@code other} with developer {@code dave}.
 */
class ResultsTest {

  private static final byte[] RESULT =
      "district,people\nMARKERRESULT,42\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private Principal dev;
  private Principal dev2;
  private Principal dave;
  private long acme;

  @BeforeEach
  void createVault() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL, clock);
    Principal admin = vault.admin();
    for (String tenant : List.of("acme", "other")) {
      var unused = vault.tenants().apply(admin, tenant, "ops", null);
      unused = vault.tenants().review(admin, tenant, true, "ok");
    }
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    dev2 = vault.addUser(admin, "dev2", Role.DEVELOPER, "acme", null).principal();
    dave = vault.addUser(admin, "dave", Role.DEVELOPER, "other", null).principal();
    acme = vault.tenants().find(admin, "acme").orElseThrow().id();
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  @Test
  void read_afterRelease_returnsTheReleasedBytes() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);

    byte[] read = vault.results().read(dev, "j1");

    assertThat(read).isEqualTo(RESULT);
  }

  @Test
  void release_logsTheHashAndSizeOfTheResult() throws Exception {
    Release release = vault.results().release(dev, acme, unshaped("j1"), RESULT);

    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(RESULT));
    assertThat(release).isEqualTo(new Release("j1", hash, RESULT.length));
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "result.release",
                "j1",
                Outcome.OK,
                "element e1, job j1, " + RESULT.length + " bytes, hash " + hash));
  }

  @Test
  void read_afterReopen_returnsTheReleasedBytes() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"), clock);

    byte[] read = vault.results().read(dev, "j1");

    assertThat(read).isEqualTo(RESULT);
  }

  @Test
  void read_byAnotherDeveloperOfTheSameTenant_isNotFound() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);

    assertVaultException(
        () -> vault.results().read(dev2, "j1"), ErrorCode.NOT_FOUND, "result of job j1 not found");
  }

  @Test
  void read_byDeveloperOfAnotherTenant_isNotFoundLikeAMissingJob() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);

    assertVaultException(
        () -> vault.results().read(dave, "j1"), ErrorCode.NOT_FOUND, "result of job j1 not found");
    assertVaultException(
        () -> vault.results().read(dave, "j2"), ErrorCode.NOT_FOUND, "result of job j2 not found");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void read_byTheVaultAdmin_isForbidden() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);

    assertVaultException(
        () -> vault.results().read(vault.admin(), "j1"),
        ErrorCode.FORBIDDEN,
        "role admin may not perform result.read");
  }

  @Test
  void release_sameJobTwice_isRefusedAndKeepsTheFirst() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);

    assertVaultException(
        () -> vault.results().release(dev, acme, unshaped("j1"), new byte[] {1}),
        ErrorCode.USER_ERROR,
        "job j1 has already released its result");
    assertThat(vault.results().read(dev, "j1")).isEqualTo(RESULT);
  }

  @Test
  void release_intoAnotherTenant_isNotFoundAndStoresNothing() {
    long before = vault.log().size();

    assertVaultException(
        () -> vault.results().release(dave, acme, unshaped("j1"), RESULT),
        ErrorCode.NOT_FOUND,
        "tenant " + acme + " not found");

    assertThat(vault.log().size()).isEqualTo(before + 1);
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(resultKeys()).isEmpty();
  }

  @Test
  void release_suspendedTenant_isRefusedAndLogged() {
    var unused = vault.tenants().suspend(vault.admin(), "acme");

    assertVaultException(
        () -> vault.results().release(dev, acme, unshaped("j1"), RESULT),
        ErrorCode.POLICY_REFUSED,
        "tenant acme is SUSPENDED: releases need a working tenant");
    assertThat(lastRecord().action()).isEqualTo("result.release");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void release_byTheVaultAdmin_isForbidden() {
    assertVaultException(
        () -> vault.results().release(vault.admin(), acme, unshaped("j1"), RESULT),
        ErrorCode.FORBIDDEN,
        "role admin may not perform result.release");
  }

  @Test
  void release_invalidJobId_isRefusedWithoutEchoingIt() {
    assertVaultException(
        () -> vault.results().release(dev, acme, unshaped("J/1"), RESULT),
        ErrorCode.USER_ERROR,
        "invalid job name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a"
            + " letter or digit");
    assertThat(lastRecord().target()).isEqualTo("<invalid name>");
  }

  @Test
  void exitTenant_deletesItsResults() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);
    unused =
        vault
            .results()
            .release(
                dave,
                vault.tenants().find(vault.admin(), "other").orElseThrow().id(),
                unshaped("j2"),
                RESULT);

    var unusedTenant = vault.exitTenant(vault.admin(), "acme", "acme");

    // other's result and its ledger record stay; acme's are gone.
    assertThat(resultKeys()).hasSize(2).noneMatch(key -> ByteBuffer.wrap(key).getLong() == acme);
    assertVaultException(
        () -> vault.results().read(dev, "j1"), ErrorCode.NOT_FOUND, "result of job j1 not found");
  }

  /** Invariant 2: a sealed result copied under another job's key fails to open. */
  @Test
  void read_resultMovedToAnotherJob_failsIntegrity() {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);
    withStore(
        store -> {
          byte[] key = resultKeys(store).get(0);
          byte[] moved = key.clone();
          moved[moved.length - 1] = '2';
          store.put(Family.RESULTS, moved, store.get(Family.RESULTS, key).orElseThrow());
        });

    assertVaultException(
        () -> vault.results().read(dev, "j2"),
        ErrorCode.INTEGRITY,
        "the result of job j2 fails its integrity check");
    assertThat(lastRecord().outcome()).isEqualTo(Outcome.FAILED);
  }

  /** Invariant 1 on decompressed SST entries: the result's bytes are never stored in clear. */
  @Test
  void release_resultBytes_appearInNoDecompressedSstEntry() throws Exception {
    var unused = vault.results().release(dev, acme, unshaped("j1"), RESULT);
    Path dir = vault.directory();
    vault.close();
    try (VaultStore store = VaultStore.open(dir.resolve("db"))) {
      store.flushAndCompact();
    }

    int entries = 0;
    try (Stream<Path> files = Files.list(dir.resolve("db"));
        Options options = new Options();
        ReadOptions read = new ReadOptions()) {
      for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
        try (SstFileReader reader = new SstFileReader(options)) {
          reader.open(sst.toString());
          try (SstFileReaderIterator iterator = reader.newIterator(read)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
              entries++;
              String entry =
                  new String(iterator.key(), StandardCharsets.ISO_8859_1)
                      + new String(iterator.value(), StandardCharsets.ISO_8859_1);
              assertThat(entry).as(sst + " holds the result").doesNotContain("MARKERRESULT");
            }
          }
        }
      }
    } finally {
      vault = TestingVaults.open(dir, clock);
    }
    assertThat(entries).isPositive();
  }

  /** A row-level result of element {@code e1}: recorded in the ledger without a shape. */
  private static ReleaseOrigin unshaped(String jobId) {
    return new ReleaseOrigin("e1", jobId, Optional.empty());
  }

  private LogRecord lastRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  private List<byte[]> resultKeys() {
    List<List<byte[]>> keys = new ArrayList<>();
    withStore(store -> keys.add(resultKeys(store)));
    return keys.get(0);
  }

  private static List<byte[]> resultKeys(VaultStore store) {
    List<byte[]> keys = new ArrayList<>();
    store.scan(
        Family.RESULTS,
        new byte[0],
        (key, value) -> {
          keys.add(key);
          return true;
        });
    return keys;
  }

  /** Closes the vault, hands its database to {@code action}, and reopens the vault. */
  private void withStore(java.util.function.Consumer<VaultStore> action) {
    Path dir = vault.directory();
    vault.close();
    try (VaultStore store = VaultStore.open(dir.resolve("db"))) {
      action.accept(store);
    } finally {
      vault = TestingVaults.open(dir, clock);
    }
  }
}
