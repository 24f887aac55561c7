package org.elementvault.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.VaultKeys;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogVerifier;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.tenant.TenantState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {

  @TempDir Path directory;

  private TestingBackupVault fixture;
  private Vault vault;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new TestingBackupVault(directory, CipherSuite.INTL);
    vault = fixture.vault();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void restore_ofACreatedBackup_opensWithDatasetsReadableAndLogVerified() {
    Path backup = fixture.path("backup");
    var created = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    VerifiedBackup restored =
        BackupRestore.restore(
            backup,
            fixture.path("restored"),
            live(),
            TestingVaults.passphrase(),
            TestingVaults.options());

    assertThat(restored.inventory()).isEqualTo(new Inventory(1, 1, TestingBackupVault.ROWS));
    assertThat(restored.chunks()).isEqualTo(3);
    assertThat(restored.manifest().logSize()).isEqualTo(created.logSequence());
    try (Vault reopened = TestingVaults.open(fixture.path("restored"))) {
      LogEntry last = reopened.log().entry(reopened.log().size()).orElseThrow();
      assertThat(last.record().action()).isEqualTo("backup.restore");
      assertThat(last.sequence()).isEqualTo(created.logSequence() + 1);
      assertThat(LogVerifier.of(reopened.log()).verify().ok()).isTrue();
      assertThat(reopened.datasets().authenticateChunks()).isEqualTo(3);
      Dataset people = reopened.datasets().describe(reopened.admin(), "acme", "people");
      assertThat(people.latest().orElseThrow().rows()).isEqualTo(TestingBackupVault.ROWS);
    }
  }

  @Test
  void create_isLoggedWithTheManifestDigestAndListed() throws Exception {
    Path backup = fixture.path("backup");

    BackupRecord record = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    byte[] manifest = Files.readAllBytes(backup.resolve(BackupManifest.FILE_NAME));
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
    LogEntry entry = vault.log().entry(vault.log().size()).orElseThrow();
    assertThat(entry.record().action()).isEqualTo("backup.create");
    assertThat(entry.record().outcome()).isEqualTo(Outcome.OK);
    assertThat(entry.record().details()).endsWith("manifest SHA-256 " + digest);
    assertThat(vault.backups().list(vault.admin())).containsExactly(record);
    assertThat(record.directory()).isEqualTo(backup.toAbsolutePath().toString());
    assertThat(record.logSequence()).isEqualTo(entry.sequence() - 1);
  }

  @Test
  void create_intoNonEmptyDirectory_isRefusedAndLogged() throws IOException {
    Path backup = fixture.path("backup");
    Files.createDirectories(backup.resolve("something"));

    assertThatThrownBy(() -> vault.backups().create(vault.admin(), backup, Backups.Progress.NONE))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "backup directory "
                + backup.toAbsolutePath()
                + " is not empty: it must be a new or empty directory")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
    assertThat(vault.log().entry(vault.log().size()).orElseThrow().record().outcome())
        .isEqualTo(Outcome.REFUSED);
  }

  @Test
  void backup_holdsNoImportedValueOrNameInClear() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    List<Path> files;
    try (Stream<Path> walk = Files.walk(backup)) {
      files = walk.filter(Files::isRegularFile).toList();
    }

    assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith(".sst"));
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(text).as(file.toString()).doesNotContain(TestingBackupVault.MARKER);
      assertThat(text).as(file.toString()).doesNotContain("people").doesNotContain("ID100000");
    }
  }

  @Test
  void verify_ofAnIntactBackup_authenticatesEveryChunkAndTheLog() {
    Path backup = fixture.path("backup");
    var created = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    VerifiedBackup verified =
        BackupVerifier.verify(backup, live(), TestingVaults.passphrase(), TestingVaults.options());

    assertThat(verified.chunks()).isEqualTo(3);
    assertThat(verified.manifest().logSize()).isEqualTo(created.logSequence());
    assertThat(verified.manifest().files()).hasSize((int) created.files());
  }

  @Test
  void verify_oneByteFlippedInAnSst_isRefusedNamingTheFile() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    Path sst = sstFiles(backup).get(0);
    flipOneByte(sst);

    assertThatThrownBy(
            () ->
                BackupVerifier.verify(
                    backup, live(), TestingVaults.passphrase(), TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "backup file "
                + sst.toAbsolutePath()
                + " is damaged: its size or SHA-256 differs from the manifest")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void verify_damagedManifest_isRefused() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    Path manifest = backup.resolve(BackupManifest.FILE_NAME);
    flipOneByte(manifest);

    assertThatThrownBy(
            () ->
                BackupVerifier.verify(
                    backup, live(), TestingVaults.passphrase(), TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "backup manifest "
                + manifest.toAbsolutePath()
                + " fails authentication: it is damaged, forged or of another vault");
  }

  @Test
  void verify_fileAddedToTheBackup_isRefusedNamingIt() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    Path extra = backup.resolve("keys/dataset-99.key");
    Files.writeString(extra, "AAAA\n", StandardCharsets.US_ASCII);

    assertThatThrownBy(
            () ->
                BackupVerifier.verify(
                    backup, live(), TestingVaults.passphrase(), TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage("backup file " + extra.toAbsolutePath() + " is not in the backup's manifest");
  }

  @Test
  void restore_intoNonEmptyDirectory_isRefusedAndLeavesItAlone() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    Path target = fixture.path("occupied");
    Files.createDirectories(target);
    Files.writeString(target.resolve("note.txt"), "mine", StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                BackupRestore.restore(
                    backup, target, live(), TestingVaults.passphrase(), TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "restore target "
                + target.toAbsolutePath()
                + " is not empty: it must be a new or empty directory");
    assertThat(Files.readString(target.resolve("note.txt"), StandardCharsets.UTF_8))
        .isEqualTo("mine");
  }

  @Test
  void restore_ofADamagedBackup_leavesNothingBehind() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    flipOneByte(sstFiles(backup).get(0));
    Path target = fixture.path("restored");

    assertThatThrownBy(
            () ->
                BackupRestore.restore(
                    backup, target, live(), TestingVaults.passphrase(), TestingVaults.options()))
        .isInstanceOf(VaultException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void drill_passes_writesItsReportAndIsLogged() throws IOException {
    Path report = fixture.path("drill.json");

    DrillReport drilled =
        vault
            .backups()
            .drill(
                vault.admin(),
                TestingVaults.passphrase(),
                TestingVaults.options(),
                Optional.of(report));

    assertThat(drilled.passed()).isTrue();
    String json = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"result\" : \"OK\"")
        .contains("\"rows\" : " + TestingBackupVault.ROWS)
        .contains("\"chunks_authenticated\" : 3")
        .contains("\"problems\" : [ ]");
    LogEntry entry = vault.log().entry(vault.log().size()).orElseThrow();
    assertThat(entry.record().action()).isEqualTo("backup.drill");
    assertThat(entry.record().outcome()).isEqualTo(Outcome.OK);
    assertThat(vault.backups().list(vault.admin())).isEmpty();
  }

  @Test
  void restore_afterTheTenantExited_reportsItShreddedAndHoldsNoneOfItsData() {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    var unusedExit = vault.exitTenant(vault.admin(), "acme", "acme");

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded()).containsExactly("tenant acme");
    assertThat(restored.inventory()).isEqualTo(new Inventory(0, 0, 0));
    try (Vault reopened = TestingVaults.open(fixture.path("restored"))) {
      assertThat(reopened.tenants().find(reopened.admin(), "acme").orElseThrow().state())
          .isEqualTo(TenantState.DESTROYED);
      assertThat(reopened.log().entry(reopened.log().size()).orElseThrow().record().details())
          .endsWith("log entries; shredded since: tenant acme");
    }
  }

  @Test
  void restore_afterTheDatasetWasDropped_reportsItShreddedAndKeepsTheOthers() throws IOException {
    fixture.importPeople("others");
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    var unusedDrop = vault.datasets().drop(vault.admin(), "acme", "people", "people");

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded()).containsExactly("dataset acme/people");
    assertThat(restored.inventory()).isEqualTo(new Inventory(1, 1, TestingBackupVault.ROWS));
    assertThat(restored.chunks()).isEqualTo(3);
  }

  /**
   * Rotation destroys the old key version everywhere, backups included: a backup taken before it
   * can no longer read the dataset, and says so.
   */
  @Test
  void restore_afterTheDatasetKeyWasRotated_reportsItShreddedAndKeepsTheOthers()
      throws IOException {
    fixture.importPeople("others");
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    var unusedRotation =
        vault.rotateDatasetKey(vault.admin(), "acme", "people", Datasets.RotationProgress.NONE);

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded())
        .containsExactly("dataset acme/people (its key was rotated since the backup)");
    assertThat(restored.inventory()).isEqualTo(new Inventory(1, 1, TestingBackupVault.ROWS));
    assertThat(restored.chunks()).isEqualTo(3);
  }

  @Test
  void restore_ofABackupTakenAfterARotation_readsTheRotatedDataset() {
    var unusedRotation =
        vault.rotateDatasetKey(vault.admin(), "acme", "people", Datasets.RotationProgress.NONE);
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded()).isEmpty();
    assertThat(restored.inventory()).isEqualTo(new Inventory(1, 1, TestingBackupVault.ROWS));
    assertThat(restored.chunks()).isEqualTo(3);
  }

  /**
   * A tenant key rotation destroys the old tenant key version everywhere, backups included: a
   * backup taken before it can no longer read the tenant, and says so.
   */
  @Test
  void restore_afterTheTenantKeyWasRotated_reportsTheTenantShredded() {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    var unusedRotation =
        vault.rotateTenantKeys(vault.admin(), "acme", Datasets.RotationProgress.NONE);

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded())
        .containsExactly("tenant acme (its key was rotated since the backup)");
    assertThat(restored.inventory()).isEqualTo(new Inventory(0, 0, 0));
  }

  @Test
  void restore_ofABackupTakenAfterATenantKeyRotation_readsTheTenant() {
    var unusedRotation =
        vault.rotateTenantKeys(vault.admin(), "acme", Datasets.RotationProgress.NONE);
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded()).isEmpty();
    assertThat(restored.inventory()).isEqualTo(new Inventory(1, 1, TestingBackupVault.ROWS));
    assertThat(restored.chunks()).isEqualTo(3);
  }

  /** Rotation must not weaken crypto-shredding: an exit after it still reaches the backups. */
  @Test
  void restore_ofABackupTakenAfterATenantKeyRotation_afterTheExit_reportsItShredded() {
    var unusedRotation =
        vault.rotateTenantKeys(vault.admin(), "acme", Datasets.RotationProgress.NONE);
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    var unusedExit = vault.exitTenant(vault.admin(), "acme", "acme");

    VerifiedBackup restored = restore(backup);

    assertThat(restored.shredded()).containsExactly("tenant acme");
    assertThat(restored.inventory()).isEqualTo(new Inventory(0, 0, 0));
  }

  /** A copy of the backup taken away before the exit holds only shielded keys, useless now. */
  @Test
  void backup_keepsNoShieldAndNoKeyInTheLiveVaultsWrapping() throws IOException {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);

    List<String> keys;
    try (Stream<Path> files = Files.list(backup.resolve("keys"))) {
      keys = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    List<String> live;
    try (Stream<Path> files = Files.list(vault.directory().resolve("keys"))) {
      live = files.map(f -> f.getFileName().toString()).sorted().toList();
    }

    assertThat(keys)
        .containsExactly("dataset-1.shielded", "sealing-1.shielded", "tenant-1.shielded");
    assertThat(live)
        .containsExactly(
            "dataset-1.key",
            "datasetshield-1.key",
            "sealing-1.key",
            "sealingshield-1.key",
            "tenant-1.key",
            "tenantshield-1.key");
  }

  /** Pins the race of a backup shielding a key while an exit shreds it. */
  @Test
  void open_shredsAShieldWhoseKeyIsGone() throws IOException {
    var unused =
        vault.backups().create(vault.admin(), fixture.path("backup"), Backups.Progress.NONE);

    fixture.underTheVault(directory -> Files.delete(directory.resolve("keys/dataset-1.key")));

    assertThat(fixture.vault().directory().resolve("keys/datasetshield-1.key")).doesNotExist();
    assertThat(fixture.vault().directory().resolve("keys/tenantshield-1.key")).exists();
  }

  @Test
  void restore_withTheKeysOfAnotherVault_isRefused() {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    Path other = fixture.path("other-vault");
    TestingVaults.create(other, CipherSuite.INTL).close();

    assertThatThrownBy(
            () ->
                BackupRestore.restore(
                    backup,
                    fixture.path("restored"),
                    other,
                    TestingVaults.passphrase(),
                    TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            other.toAbsolutePath()
                + " is not the vault this backup was taken of: its keys cannot open the backup's");
  }

  /** A backup taken before the master secret changed holds the old key store. */
  @Test
  void restore_afterTheMasterSecretWasRotated_opensWithTheNewSecret() {
    Path backup = fixture.path("backup");
    var unused = vault.backups().create(vault.admin(), backup, Backups.Progress.NONE);
    var unusedMethod = vault.rotateMasterSecret(vault.admin(), newSecret());

    VerifiedBackup restored =
        BackupRestore.restore(
            backup, fixture.path("restored"), live(), newSecret(), TestingVaults.options());

    assertThat(restored.inventory()).isEqualTo(new Inventory(1, 1, TestingBackupVault.ROWS));
    try (Vault reopened =
        Vault.open(fixture.path("restored"), newSecret(), TestingVaults.options())) {
      assertThat(reopened.datasets().authenticateChunks()).isEqualTo(3);
    }
    assertThatThrownBy(() -> TestingVaults.open(fixture.path("restored")))
        .hasMessage(VaultKeys.WRONG_SECRET);
  }

  private static Unlock newSecret() {
    return Unlock.passphrase("the rotated master passphrase".toCharArray());
  }

  private VerifiedBackup restore(Path backup) {
    return BackupRestore.restore(
        backup,
        fixture.path("restored"),
        live(),
        TestingVaults.passphrase(),
        TestingVaults.options());
  }

  private Path live() {
    return vault.directory();
  }

  private static List<Path> sstFiles(Path backup) throws IOException {
    try (Stream<Path> files = Files.list(backup.resolve("db"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sst")).sorted().toList();
    }
  }

  private static void flipOneByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }
}
