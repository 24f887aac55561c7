package org.elementvault.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental backups: only new SST files stored, restore and verify follow the chain. */
class IncrementalBackupTest {

  private static final int CENSUS_ROWS = 60_000;

  @TempDir Path directory;

  private TestingBackupVault fixture;
  private Vault vault;
  private Path full;

  /**
   * A vault of two datasets, one of {@value #CENSUS_ROWS} rows so that its database files outweigh
   * the files every backup copies (options, manifest, keys), and a full backup of it.
   */
  @BeforeEach
  void setUp() throws IOException {
    fixture = new TestingBackupVault(directory, CipherSuite.INTL);
    vault = fixture.vault();
    fixture.importPeople("census", CENSUS_ROWS);
    full = fixture.path("full");
    var unused = vault.backups().create(vault.admin(), full, Backups.Progress.NONE);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private BackupRecord incremental(String name, Path base) {
    return vault
        .backups()
        .createIncremental(vault.admin(), fixture.path(name), base, Backups.Progress.NONE);
  }

  private void smallChange() {
    var unused = vault.tenants().apply(vault.admin(), "beta", "ops", null);
  }

  private VerifiedBackup restore(Path backup) {
    return BackupRestore.restore(
        backup,
        fixture.path("restored"),
        vault.directory(),
        TestingVaults.passphrase(),
        TestingVaults.options());
  }

  private static long bytesIn(Path backup) throws IOException {
    try (Stream<Path> files = Files.walk(backup)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  @Test
  void incremental_afterASmallChange_isMuchSmallerThanAFullBackup() throws IOException {
    smallChange();

    BackupRecord record = incremental("incremental", full);

    long fullBytes = bytesIn(full);
    long incrementalBytes = bytesIn(fixture.path("incremental"));
    assertThat(incrementalBytes).isLessThan(fullBytes / 10);
    assertThat(record.bytes()).isLessThan(incrementalBytes);
  }

  @Test
  void restore_ofAnIncrementalBackup_holdsTheLiveState() {
    smallChange();
    BackupRecord record = incremental("incremental", full);

    VerifiedBackup restored = restore(fixture.path("incremental"));

    assertThat(restored.inventory())
        .isEqualTo(new Inventory(2, 2, CENSUS_ROWS + TestingBackupVault.ROWS));
    assertThat(restored.chunks()).isEqualTo(6);
    assertThat(restored.manifest().logSize()).isEqualTo(record.logSequence());
    try (Vault reopened = TestingVaults.open(fixture.path("restored"))) {
      assertThat(reopened.tenants().find(reopened.admin(), "beta")).isPresent();
    }
  }

  @Test
  void restore_ofAnIncrementalOnAnIncremental_followsTheWholeChain() throws IOException {
    smallChange();
    var unused = incremental("first", full);
    fixture.importPeople("pupils");

    var unusedSecond = incremental("second", fixture.path("first"));

    VerifiedBackup restored = restore(fixture.path("second"));
    assertThat(restored.manifest().bases()).hasSize(2);
    assertThat(restored.inventory())
        .isEqualTo(new Inventory(3, 3, CENSUS_ROWS + 2 * TestingBackupVault.ROWS));
  }

  @Test
  void verify_ofAnIncrementalWhoseBaseIsMissing_isRefusedNamingIt() throws IOException {
    smallChange();
    var unused = incremental("incremental", full);
    Files.move(full, fixture.path("moved"));

    assertThatThrownBy(
            () ->
                BackupVerifier.verify(
                    fixture.path("incremental"),
                    vault.directory(),
                    TestingVaults.passphrase(),
                    TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "the base backup "
                + full
                + " of this incremental backup is missing: put it back there or use a full backup")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void verify_ofAnIncrementalWhoseBaseWasReplaced_isRefusedNamingIt() throws IOException {
    smallChange();
    var unused = incremental("incremental", full);
    Path other = fixture.path("other");
    var unusedOther = vault.backups().create(vault.admin(), other, Backups.Progress.NONE);
    Files.copy(
        other.resolve(BackupManifest.FILE_NAME),
        full.resolve(BackupManifest.FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(
            () ->
                BackupVerifier.verify(
                    fixture.path("incremental"),
                    vault.directory(),
                    TestingVaults.passphrase(),
                    TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "the backup in " + full + " is not the base this incremental backup was taken from");
  }

  @Test
  void createIncremental_fromADirectoryThatIsNoBackup_isRefusedAndWritesNothing() {
    Path nothing = fixture.path("nothing");

    assertThatThrownBy(() -> incremental("incremental", nothing))
        .isInstanceOf(VaultException.class)
        .hasMessage(nothing + " is not a backup (it has no backup.manifest)");
    assertThat(fixture.path("incremental")).doesNotExist();
  }
}
