package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.chunk.ChunkSealer;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.job.JobState;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.store.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset key rotation: new versions, re-encryption, resumption after a stop, destruction. */
class DatasetKeyRotationTest {

  private static final List<String> COLUMNS = List.of("id_card", "district", "income");

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  /** Two versions of {@code residents}, one batch each, so a rotation has two batches to do. */
  @BeforeEach
  void vaultWithTwoVersions() throws IOException {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(256L << 20);
    vaults.importAsAlice("residents", vaults.csv(rows(0, 500)));
    vaults.importAsAlice("residents", vaults.csv(rows(500, 900)));
  }

  @AfterEach
  void close() {
    allocator.close();
    vaults.close();
  }

  private static List<String> rows(int from, int to) {
    List<String> lines = new ArrayList<>(List.of(TestingDatasetVault.HEADER));
    for (int i = from; i < to; i++) {
      lines.add("P" + i + "," + (i % 2 == 0 ? "north" : "south") + "," + i * 7);
    }
    return lines;
  }

  private KeyRotation rotate() {
    return vaults
        .vault()
        .rotateDatasetKey(
            vaults.vault().admin(), "acme", "residents", Datasets.RotationProgress.NONE);
  }

  private Dataset residents() {
    return vaults.datasets().visible(vaults.alice(), null, "residents");
  }

  /** Every row of every version, as text. */
  private List<String> contents() {
    List<String> text = new ArrayList<>();
    for (int version = 1; version <= 2; version++) {
      try (DatasetScan scan =
          vaults
              .datasets()
              .scan(
                  vaults.alice(),
                  null,
                  "residents",
                  OptionalInt.of(version),
                  COLUMNS,
                  List.of(),
                  allocator)) {
        while (scan.next()) {
          text.add(scan.batch().contentToTSVString());
        }
      }
    }
    return text;
  }

  /** The key version every stored chunk names, read with the vault closed. */
  private List<Integer> chunkKeyVersions() {
    List<Integer> versions = new ArrayList<>();
    vaults.underTheVault(
        store ->
            store.scan(
                Family.DATA,
                new byte[0],
                (key, value) -> {
                  versions.add(ChunkSealer.keyVersion(value, new ChunkPlace(0, 0, 0, 0, 0)));
                  return true;
                }));
    return versions;
  }

  @Test
  void rotate_dataset_everyVersionReadsTheSameAfterwards() {
    List<String> before = contents();

    var unused = rotate();

    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void rotate_dataset_readsTheSameAfterReopening() {
    List<String> before = contents();
    var unused = rotate();

    vaults.reopen();

    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void rotate_dataset_noChunkIsSealedUnderTheOldVersion() {
    KeyRotation rotation = rotate();

    assertThat(rotation.version()).isEqualTo(2);
    assertThat(rotation.reencrypted()).isEqualTo(6);
    assertThat(chunkKeyVersions()).hasSize(6).containsOnly(2);
  }

  @Test
  void rotate_dataset_destroysTheOldVersionAndKeepsOnlyTheNew() throws IOException {
    long id = residents().id();

    var unused = rotate();

    assertThat(vaults.datasetKeyFiles()).containsExactly("dataset-" + id + "-v2.key");
    assertThat(vaults.datasets().keyVersions(residents())).containsExactly(2);
  }

  @Test
  void rotate_twice_versionsKeepGrowing() throws IOException {
    long id = residents().id();
    var unused = rotate();

    KeyRotation second = rotate();

    assertThat(second.version()).isEqualTo(3);
    assertThat(second.key()).isEqualTo("dataset-" + id + "-v3");
    assertThat(vaults.datasetKeyFiles()).containsExactly("dataset-" + id + "-v3.key");
  }

  @Test
  void rotate_dataset_isLoggedAsRotateThenDestroy() {
    long before = vaults.vault().log().size();

    KeyRotation rotation = rotate();

    LogRecord started = vaults.vault().log().entry(before + 1).orElseThrow().record();
    LogRecord ended = vaults.lastLogRecord();
    assertThat(started.action()).isEqualTo("keys.rotate");
    assertThat(started.details())
        .isEqualTo(
            "new key versions " + rotation.key() + "; re-encryption is job " + rotation.job());
    assertThat(ended.action()).isEqualTo("keys.destroy");
    assertThat(ended.details())
        .isEqualTo(
            "older versions of "
                + rotation.key()
                + " destroyed with their backup shields; 6 chunks re-encrypted by job "
                + rotation.job());
  }

  @Test
  void rotate_dataset_isAJobThatEndsDone() {
    KeyRotation rotation = rotate();

    JobRecord job = vaults.vault().jobs().show(vaults.vault().admin(), rotation.job());
    assertThat(job.state()).isEqualTo(JobState.DONE);
    assertThat(job.element()).isEqualTo("keys.rotate dataset-" + residents().id());
  }

  @Test
  void rotate_byTenantAdmin_isForbiddenAndChangesNothing() throws IOException {
    List<String> keyFiles = vaults.datasetKeyFiles();

    assertThatThrownBy(
            () ->
                vaults
                    .vault()
                    .rotateDatasetKey(
                        vaults.alice(), "acme", "residents", Datasets.RotationProgress.NONE))
        .isInstanceOf(VaultException.class)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(vaults.datasetKeyFiles()).isEqualTo(keyFiles);
  }

  @Test
  void rotate_unknownDataset_isNotFound() {
    assertThatThrownBy(
            () ->
                vaults
                    .vault()
                    .rotateDatasetKey(
                        vaults.vault().admin(), "acme", "nobody", Datasets.RotationProgress.NONE))
        .isInstanceOf(VaultException.class)
        .hasMessage("dataset nobody not found");
  }

  @Test
  void rotate_dataset_dropsItsDecryptedChunksFromTheCache() {
    List<String> read = contents();
    assertThat(read).isNotEmpty();
    assertThat(vaults.vault().chunkCache().stats().entries()).isPositive();

    var unused = rotate();

    assertThat(vaults.vault().chunkCache().stats())
        .extracting("bytes", "entries")
        .containsExactly(0L, 0L);
  }

  @Test
  void rotateTenant_rotatesEveryDatasetOfTheTenantInOneJob() throws IOException {
    vaults.importAsAlice("visitors", vaults.csv(rows(0, 50)));

    List<KeyRotation> rotations =
        vaults
            .vault()
            .rotateTenantKeys(vaults.vault().admin(), "acme", Datasets.RotationProgress.NONE);

    assertThat(rotations)
        .extracting(KeyRotation::owner, KeyRotation::version, KeyRotation::reencrypted)
        .containsExactly(
            tuple("acme", 2, 3L), tuple("acme/residents", 2, 6L), tuple("acme/visitors", 2, 3L));
    assertThat(rotations).extracting(KeyRotation::job).containsOnly(rotations.get(0).job());
    assertThat(chunkKeyVersions()).hasSize(9).containsOnly(2);
  }

  /** A stop between two batches: the first is under the new version, the second under the old. */
  private void rotateAndStopAfterTheFirstBatch() {
    Dataset dataset = residents();
    var unused = vaults.datasets().addKeyVersion(dataset);
    assertThatThrownBy(
            () ->
                vaults
                    .datasets()
                    .reencrypt(
                        dataset,
                        (done, total) -> {
                          if (done > 0) {
                            throw new IllegalStateException("stopped");
                          }
                        }))
        .hasMessage("stopped");
  }

  @Test
  void reencrypt_stoppedBetweenBatches_leavesBothVersionsReadable() {
    List<String> before = contents();

    rotateAndStopAfterTheFirstBatch();

    assertThat(contents()).isEqualTo(before);
    assertThat(chunkKeyVersions()).containsExactlyInAnyOrder(2, 2, 2, 1, 1, 1);
  }

  @Test
  void reencrypt_stoppedBetweenBatches_keyStatusShowsThePendingChunks() {
    rotateAndStopAfterTheFirstBatch();

    KeyStatus status =
        vaults.vault().keyStatus(vaults.vault().admin()).stream()
            .filter(k -> k.owner().equals("acme/residents"))
            .findFirst()
            .orElseThrow();
    assertThat(status.version()).isEqualTo(2);
    assertThat(status.pendingChunks()).isEqualTo(3);
  }

  @Test
  void finishKeyRotations_afterReopening_completesTheStoppedRotation() throws IOException {
    List<String> before = contents();
    rotateAndStopAfterTheFirstBatch();
    vaults.reopen();

    int finished = vaults.vault().finishKeyRotations();

    LogRecord ended = vaults.lastLogRecord();
    assertThat(finished).isEqualTo(1);
    assertThat(ended.action()).isEqualTo("keys.destroy");
    assertThat(ended.actor()).isEqualTo("vault");
    assertThat(contents()).isEqualTo(before);
    assertThat(chunkKeyVersions()).hasSize(6).containsOnly(2);
    assertThat(vaults.datasetKeyFiles()).containsExactly("dataset-" + residents().id() + "-v2.key");
  }

  @Test
  void rotate_afterAStoppedRotation_finishesItBeforeTheNextVersion() throws IOException {
    rotateAndStopAfterTheFirstBatch();

    KeyRotation next = rotate();

    assertThat(next.version()).isEqualTo(3);
    assertThat(chunkKeyVersions()).hasSize(6).containsOnly(3);
    assertThat(vaults.datasetKeyFiles()).containsExactly("dataset-" + residents().id() + "-v3.key");
  }

  @Test
  void import_whileARotationIsPending_sealsUnderTheNewVersion() throws IOException {
    rotateAndStopAfterTheFirstBatch();

    vaults.importAsAlice("residents", vaults.csv(rows(900, 1000)));

    assertThat(chunkKeyVersions()).containsExactlyInAnyOrder(2, 2, 2, 1, 1, 1, 2, 2, 2);
  }

  @Test
  void drop_whileARotationIsPending_shredsEveryVersionAndLeavesNothingToFinish()
      throws IOException {
    rotateAndStopAfterTheFirstBatch();

    var unused = vaults.datasets().drop(vaults.alice(), null, "residents", "residents");

    assertThat(vaults.datasetKeyFiles()).isEmpty();
    assertThat(vaults.vault().finishKeyRotations()).isZero();
  }

  @Test
  void scan_startedBeforeARotation_readsTheChunksReencryptedMeanwhile() {
    List<String> before = contents();
    List<String> during = new ArrayList<>();
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                OptionalInt.of(2),
                COLUMNS,
                List.of(),
                allocator)) {
      var unused = rotate();

      while (scan.next()) {
        during.add(scan.batch().contentToTSVString());
      }
    }

    assertThat(during).containsExactly(before.get(1));
  }
}
