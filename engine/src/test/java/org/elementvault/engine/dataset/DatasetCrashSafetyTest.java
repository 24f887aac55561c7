package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.store.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import cut off at any point — a {@code kill -9} is simulated by writing an uncommitted
 * version's chunks straight into RocksDB, the vault closed — leaves nothing visible, and the next
 * open removes what it left. Tenant exit removes datasets, chunks and keys.
 */
class DatasetCrashSafetyTest {

  @TempDir Path temp;

  private TestingDatasetVault vaults;

  @BeforeEach
  void vaultWithOneVersion() throws IOException {
    vaults = new TestingDatasetVault(temp);
    vaults.importAsAlice("residents", vaults.csv(TestingDatasetVault.HEADER, "A1,north,100"));
  }

  @AfterEach
  void close() {
    vaults.close();
  }

  @Test
  void open_chunksOfAnUncommittedVersion_areDeletedAndTheVersionIsNotVisible() {
    Dataset dataset = vaults.datasets().describe(vaults.alice(), null, "residents");
    writeChunks(dataset.tenantId(), dataset.id(), 2, 3);

    vaults.reopen();

    assertThat(vaults.dataKeys()).hasSize(3);
    assertThat(vaults.datasets().describe(vaults.alice(), null, "residents").versions())
        .extracting(DatasetVersion::number)
        .containsExactly(1);
  }

  @Test
  void open_chunksOfADatasetWithoutRecord_areDeleted() {
    long acme = vaults.tenantId("acme");
    writeChunks(acme, 99, 1, 3);
    writeChunks(acme + 40, 1, 1, 3);

    vaults.reopen();

    assertThat(vaults.dataKeys()).hasSize(3);
  }

  @Test
  void import_afterAnInterruptedImport_works() throws IOException {
    Dataset dataset = vaults.datasets().describe(vaults.alice(), null, "residents");
    writeChunks(dataset.tenantId(), dataset.id(), 2, 3);
    vaults.reopen();

    DatasetVersion second =
        vaults.importAsAlice(
            "residents", vaults.csv(TestingDatasetVault.HEADER, "A2,south,200", "A3,east,300"));

    assertThat(second.number()).isEqualTo(2);
    assertThat(second.rows()).isEqualTo(2);
    assertThat(vaults.dataKeys()).hasSize(6);
  }

  @Test
  void import_failingAfterTheFirstBatch_leavesNoChunkNoKeyNoDataset() throws IOException {
    List<String> lines = TestingDatasetVault.northResidents(Datasets.BATCH_ROWS + 10);
    Path file = vaults.csv(lines);
    List<String> keysBefore = vaults.datasetKeyFiles();

    assertThatThrownBy(
            () ->
                vaults
                    .datasets()
                    .importFile(
                        vaults.alice(),
                        null,
                        "people",
                        file,
                        TestingDatasetVault.SCHEMA.getBytes(StandardCharsets.UTF_8),
                        (rows, bytes) -> {
                          throw new IllegalStateException("killed after " + rows + " rows");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("killed after 65536 rows");

    assertThat(vaults.datasets().list(vaults.alice(), null))
        .extracting(Dataset::name)
        .containsExactly("residents");
    assertThat(vaults.dataKeys()).hasSize(3);
    assertThat(vaults.datasetKeyFiles()).isEqualTo(keysBefore);
  }

  @Test
  void open_keyFileOfADatasetWithoutRecord_isShredded() throws IOException {
    Path keys = vaults.vault().directory().resolve("keys");
    Files.copy(keys.resolve("dataset-1.key"), keys.resolve("dataset-7.key"));

    vaults.reopen();

    assertThat(vaults.datasetKeyFiles()).containsExactly("dataset-1.key");
  }

  @Test
  void exitTenant_removesItsDatasetsChunksAndKeys() throws IOException {
    var unused =
        vaults.importFile(
            vaults.bob(),
            null,
            "residents",
            vaults.csv(TestingDatasetVault.HEADER, "B1,west,1"),
            TestingDatasetVault.SCHEMA);
    long other = vaults.tenantId("other");

    var destroyed = vaults.vault().exitTenant(vaults.vault().admin(), "acme", "acme");

    assertThat(destroyed.name()).isEqualTo("acme");
    assertThat(vaults.dataKeys())
        .hasSize(3)
        .allSatisfy(key -> assertThat(key).startsWith(ChunkPlace.tenantPrefix(other)));
    assertThat(vaults.datasetKeyFiles()).containsExactly("dataset-2.key");
    assertThat(vaults.datasets().list(vaults.bob(), null)).hasSize(1);
    assertThat(vaults.datasets().storedBytes(vaults.tenantId("acme"))).isZero();
  }

  /** Writes {@code columns} chunks of batch 0 at a place, as an import killed mid-way would. */
  private void writeChunks(long tenantId, long datasetId, int version, int columns) {
    vaults.underTheVault(
        store -> {
          for (int column = 0; column < columns; column++) {
            store.put(
                Family.DATA,
                new ChunkPlace(tenantId, datasetId, version, 0, column).key(),
                new byte[] {1, 2, 3});
          }
        });
  }
}
