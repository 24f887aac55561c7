package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.engine.backup.Backups;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant key rotation: a new tenant key version, the tenant's key files rewrapped under it, the
 * older versions destroyed, resumption after a stop, and the exit that still shreds everything.
 */
class TenantKeyRotationTest {

  private static final List<String> COLUMNS = List.of("id_card", "district", "income");
  private static final byte[] MODEL = "a trained model".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  @BeforeEach
  void vaultWithADataset() throws IOException {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(256L << 20);
    List<String> lines = new ArrayList<>(List.of(TestingDatasetVault.HEADER));
    for (int i = 0; i < 300; i++) {
      lines.add("P" + i + "," + (i % 2 == 0 ? "north" : "south") + "," + i * 7);
    }
    vaults.importAsAlice("residents", vaults.csv(lines));
  }

  @AfterEach
  void close() {
    allocator.close();
    vaults.close();
  }

  private List<KeyRotation> rotate() {
    return vaults
        .vault()
        .rotateTenantKeys(vaults.vault().admin(), "acme", Datasets.RotationProgress.NONE);
  }

  private Tenant acme() {
    return vaults.vault().tenants().find(vaults.vault().admin(), "acme").orElseThrow();
  }

  private byte[] sealModel() {
    return vaults.vault().tenantSealer().seal(acme(), "model", 1, MODEL);
  }

  private byte[] openModel(byte[] sealed) {
    return vaults.vault().tenantSealer().open(acme(), "model", 1, sealed);
  }

  private List<String> residents() {
    List<String> text = new ArrayList<>();
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                OptionalInt.empty(),
                COLUMNS,
                List.of(),
                allocator)) {
      while (scan.next()) {
        text.add(scan.batch().contentToTSVString());
      }
    }
    return text;
  }

  /** The key files of tenant acme (id 1): its tenant key versions and sealing key, with shields. */
  private List<String> acmeKeyFiles() throws IOException {
    try (Stream<Path> files = Files.list(vaults.vault().directory().resolve("keys"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("(tenant|tenantshield|sealing|sealingshield)-1(-v[0-9]+)?\\.key"))
          .sorted()
          .toList();
    }
  }

  /** A rotation cut off after its new version and the sealing key's rewrap, before the rest. */
  private void rotateAndStopAfterTheSealingKey() {
    var unused = vaults.vault().tenants().addKeyVersion(acme());
    var unusedRewrapped = vaults.vault().tenants().rewrapSealingKey(acme());
  }

  /** A vault made before sealing keys: the tenant key sealed directly, and no sealing key file. */
  private void forgetTheSealingKey() throws IOException {
    Path keys = vaults.vault().directory().resolve("keys");
    Files.delete(keys.resolve("sealing-1.key"));
    Files.deleteIfExists(keys.resolve("sealingshield-1.key"));
  }

  /**
   * Such a vault's tenant key becomes its sealing key, so what it sealed opens, and a rotation,
   * which shreds that version of the tenant key, keeps it.
   */
  @Test
  void rotateTenant_vaultFromBeforeSealingKeys_keepsWhatTheTenantKeySealed() throws IOException {
    forgetTheSealingKey();
    byte[] sealed = sealModel();
    forgetTheSealingKey();

    var unused = rotate();

    assertThat(openModel(sealed)).isEqualTo(MODEL);
    assertThat(acmeKeyFiles()).contains("sealing-1.key").doesNotContain("tenant-1.key");
  }

  @Test
  void rotateTenant_modelSealedBefore_opensAfter() {
    byte[] sealed = sealModel();

    var unused = rotate();

    assertThat(openModel(sealed)).isEqualTo(MODEL);
  }

  @Test
  void rotateTenant_datasetReadsTheSameAfterwards() {
    List<String> before = residents();

    var unused = rotate();

    assertThat(residents()).isEqualTo(before);
  }

  @Test
  void rotateTenant_destroysTheOldVersionAndItsShield() throws IOException {
    var unusedBackup =
        vaults
            .vault()
            .backups()
            .create(vaults.vault().admin(), temp.resolve("backup"), Backups.Progress.NONE);

    var unused = rotate();

    assertThat(acmeKeyFiles())
        .containsExactly("sealing-1.key", "sealingshield-1.key", "tenant-1-v2.key");
  }

  /**
   * Nothing stays wrapped under the old version: with only the new one left, every key file of the
   * tenant still opens (the dataset's key, the sealing key under the sealed model).
   */
  @Test
  void rotateTenant_leavesNothingWrappedUnderTheOldVersion() throws IOException {
    byte[] sealed = sealModel();

    var unused = rotate();

    assertThat(vaults.vault().tenants().keyVersions(acme())).containsExactly(2);
    assertThat(openModel(sealed)).isEqualTo(MODEL);
    assertThat(residents()).isNotEmpty();
  }

  @Test
  void rotateTenant_isLoggedAsRotateThenDestroy() {
    List<KeyRotation> rotations = rotate();

    LogRecord destroyed = vaults.lastLogRecord();
    assertThat(rotations)
        .extracting(KeyRotation::key, KeyRotation::owner, KeyRotation::version)
        .startsWith(tuple("tenant-1-v2", "acme", 2));
    assertThat(destroyed.action()).isEqualTo("keys.destroy");
    assertThat(destroyed.details())
        .startsWith("older versions of tenant-1-v2, dataset-1-v2 destroyed with their backup")
        .endsWith("3 chunks re-encrypted and 2 keys rewrapped by job " + rotations.get(0).job());
  }

  @Test
  void rotateTenant_twice_neverReusesAVersion() {
    var unused = rotate();

    List<KeyRotation> second = rotate();

    assertThat(second.get(0).key()).isEqualTo("tenant-1-v3");
    assertThat(vaults.vault().tenants().keyVersions(acme())).containsExactly(3);
  }

  @Test
  void rotateTenant_withoutDatasets_rotatesTheTenantKeyOnly() {
    List<KeyRotation> rotations =
        vaults
            .vault()
            .rotateTenantKeys(vaults.vault().admin(), "other", Datasets.RotationProgress.NONE);

    assertThat(rotations)
        .extracting(KeyRotation::key, KeyRotation::owner, KeyRotation::reencrypted)
        .containsExactly(tuple("tenant-2-v2", "other", 1L));
  }

  @Test
  void rotation_stoppedMidway_everythingStillReads() {
    byte[] sealed = sealModel();
    List<String> before = residents();

    rotateAndStopAfterTheSealingKey();

    assertThat(vaults.vault().tenants().keyVersions(acme())).containsExactly(1, 2);
    assertThat(openModel(sealed)).isEqualTo(MODEL);
    assertThat(residents()).isEqualTo(before);
  }

  @Test
  void finishKeyRotations_afterReopening_completesTheStoppedRotation() throws IOException {
    byte[] sealed = sealModel();
    List<String> before = residents();
    rotateAndStopAfterTheSealingKey();
    vaults.reopen();

    int finished = vaults.vault().finishKeyRotations();

    LogRecord ended = vaults.lastLogRecord();
    assertThat(finished).isEqualTo(1);
    assertThat(ended.action()).isEqualTo("keys.destroy");
    assertThat(ended.actor()).isEqualTo("vault");
    assertThat(ended.details()).contains("0 chunks re-encrypted and 1 keys rewrapped");
    assertThat(acmeKeyFiles()).containsExactly("sealing-1.key", "tenant-1-v2.key");
    assertThat(openModel(sealed)).isEqualTo(MODEL);
    assertThat(residents()).isEqualTo(before);
  }

  @Test
  void rotateTenant_afterAStoppedRotation_finishesItBeforeTheNextVersion() throws IOException {
    rotateAndStopAfterTheSealingKey();

    List<KeyRotation> next = rotate();

    assertThat(next.get(0).key()).isEqualTo("tenant-1-v3");
    assertThat(acmeKeyFiles()).containsExactly("sealing-1.key", "tenant-1-v3.key");
  }

  @Test
  void exit_afterRotation_shredsEveryKeyOfTheTenant() throws IOException {
    var unused = rotate();

    var unusedExit = vaults.vault().exitTenant(vaults.vault().admin(), "acme", "acme");

    assertThat(acmeKeyFiles()).isEmpty();
    assertThat(vaults.datasetKeyFiles()).isEmpty();
  }

  @Test
  void keyStatus_afterRotation_showsTheNewTenantKeyVersionAndTheSealingKey() {
    var unused = rotate();

    List<KeyStatus> status = vaults.vault().keyStatus(vaults.vault().admin());

    assertThat(status)
        .filteredOn(k -> k.owner().equals("acme"))
        .extracting(KeyStatus::key, KeyStatus::version)
        .containsExactly(tuple("tenant-1", 2), tuple("sealing-1", 1));
  }
}
