package org.elementvault.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.oplog.HeadFile;
import org.elementvault.engine.tenant.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault whose files were damaged or rolled back after it acknowledged work refuses to open with a
 * message that says what happened, instead of opening older than it was (issue 15: a damaged
 * write-ahead log used to lose acknowledged operations silently).
 */
class VaultDurabilityTest {

  private static final String CONTACT = "ops desk";

  @TempDir Path temp;

  private Path vaultDir() {
    return temp.resolve("vault");
  }

  private Path database() {
    return vaultDir().resolve("db");
  }

  @Test
  void open_writeAheadLogCutBy40Bytes_isRefusedAsCorrupt() throws IOException {
    vaultWithTenants("acme", "beta");
    Path wal = newestWriteAheadLog();
    truncate(wal, 40);

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(corrupt(wal))
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void open_refusedForACutWriteAheadLog_staysRefused() throws IOException {
    vaultWithTenants("acme", "beta");
    Path wal = newestWriteAheadLog();
    truncate(wal, 40);
    byte[] damaged = Files.readAllBytes(wal);
    assertThatThrownBy(() -> TestingVaults.open(vaultDir())).isInstanceOf(VaultException.class);

    assertThat(Files.readAllBytes(wal)).isEqualTo(damaged);
    assertThatThrownBy(() -> TestingVaults.open(vaultDir())).hasMessage(corrupt(wal));
  }

  @Test
  void open_writeAheadLogWithOneByteFlipped_isRefusedAsCorrupt() throws IOException {
    vaultWithTenants("acme", "beta");
    Path wal = newestWriteAheadLog();
    flipByte(wal, Files.size(wal) / 2);

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(corrupt(wal))
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void open_lastWriteCutShortBeforeItWasAcknowledged_opensWithoutIt() throws IOException {
    vaultWithTenants("acme");
    Path head = vaultDir().resolve(HeadFile.FILE_NAME);
    Path acknowledged = temp.resolve("head-before");
    Files.copy(head, acknowledged);
    try (Vault vault = TestingVaults.open(vaultDir())) {
      var unused = vault.tenants().apply(vault.admin(), "beta", CONTACT, null);
    }
    // A crash in the middle of the write: its record is torn and its head was never kept.
    truncate(newestWriteAheadLog(), 40);
    Files.copy(acknowledged, head, StandardCopyOption.REPLACE_EXISTING);

    try (Vault vault = TestingVaults.open(vaultDir())) {

      assertThat(vault.tenants().list(vault.admin()))
          .extracting(Tenant::name)
          .containsExactly("acme");
      assertThat(vault.auditLog().verify(vault.admin(), Optional.empty()).ok()).isTrue();
    }
  }

  @Test
  void open_databaseRolledBackToBeforeAWrite_isRefusedAsOlder() throws IOException {
    long acknowledged;
    vaultWithTenants("acme");
    copyTree(database(), temp.resolve("db-copy"));
    try (Vault vault = TestingVaults.open(vaultDir())) {
      var unused = vault.tenants().apply(vault.admin(), "beta", CONTACT, null);
      acknowledged = vault.log().size();
    }
    deleteTree(database());
    copyTree(temp.resolve("db-copy"), database());

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "the vault's database is older than its last acknowledged write (log entry "
                + acknowledged
                + ", database has "
                + (acknowledged - 1)
                + "): restore from a backup or investigate the disk")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void open_headFileDeleted_isRefused() throws IOException {
    vaultWithTenants("acme");
    Path head = vaultDir().resolve(HeadFile.FILE_NAME);
    Files.delete(head);

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "the operation log's acknowledged head "
                + head
                + " is missing: restore it from a backup or investigate the disk");
  }

  @Test
  void open_currentFileDeleted_isRefusedAsCorrupt() throws IOException {
    vaultWithTenants("acme");
    Files.delete(database().resolve("CURRENT"));

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(corrupt(database().resolve("CURRENT")));
  }

  @Test
  void open_whileOpen_isRefusedAsInUse() {
    try (Vault open = TestingVaults.create(vaultDir(), CipherSuite.INTL)) {

      assertThat(open.id()).isNotEmpty();
      assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
          .isInstanceOf(VaultException.class)
          .hasMessage("the vault is in use by another process (" + database() + ")")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.USER_ERROR);
    }
  }

  private void vaultWithTenants(String... names) {
    try (Vault vault = TestingVaults.create(vaultDir(), CipherSuite.INTL)) {
      for (String name : names) {
        var unused = vault.tenants().apply(vault.admin(), name, CONTACT, null);
      }
    }
  }

  private static String corrupt(Path file) {
    return "the vault's database is corrupt (in "
        + file
        + "): it is not opened, so no acknowledged write is silently lost; restore from a backup"
        + " or investigate the disk";
  }

  private Path newestWriteAheadLog() throws IOException {
    try (Stream<Path> files = Files.list(database())) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .max(Comparator.comparing(f -> f.getFileName().toString()))
          .orElseThrow();
    }
  }

  private static void truncate(Path file, long bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - bytes);
    }
  }

  private static void flipByte(Path file, long position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[Math.toIntExact(position)] ^= 0x01;
    Files.write(file, bytes);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
