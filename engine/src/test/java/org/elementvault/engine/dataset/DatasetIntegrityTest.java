package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.store.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 2: a sealed chunk moved to another batch, column, version, dataset or tenant, or
 * modified, or deleted, fails to open on scan with {@code INTEGRITY}; its rows never come back.
 * Chunks are moved in RocksDB itself, the vault closed.
 */
class DatasetIntegrityTest {

  private static final int INCOME = 2;

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  @BeforeEach
  void vaultWithTwoVersions() throws IOException {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(256L << 20);
    vaults.importAsAlice("residents", vaults.csv(TestingDatasetVault.HEADER, "A1,north,100"));
    vaults.importAsAlice("residents", vaults.csv(TestingDatasetVault.HEADER, "A2,south,200"));
  }

  @AfterEach
  void close() {
    allocator.close();
    vaults.close();
  }

  @Test
  void scan_chunkCopiedToAnotherColumn_failsIntegrity() {
    ChunkPlace from = place(vaults.alice(), "residents", 2, 0, 1);
    ChunkPlace to = place(vaults.alice(), "residents", 2, 0, 0);
    copy(from, to);

    assertVaultException(
        () -> scan(vaults.alice(), "residents", OptionalInt.empty(), "id_card"),
        ErrorCode.INTEGRITY,
        failsIntegrity(to));
  }

  @Test
  void scan_chunkCopiedToAnotherVersion_failsIntegrity() {
    ChunkPlace from = place(vaults.alice(), "residents", 1, 0, INCOME);
    ChunkPlace to = place(vaults.alice(), "residents", 2, 0, INCOME);
    copy(from, to);

    assertVaultException(
        () -> scan(vaults.alice(), "residents", OptionalInt.of(2), "income"),
        ErrorCode.INTEGRITY,
        failsIntegrity(to));
  }

  @Test
  void scan_chunkCopiedToAnotherDataset_failsIntegrity() throws IOException {
    vaults.importAsAlice("people", vaults.csv(TestingDatasetVault.HEADER, "A3,east,300"));
    ChunkPlace from = place(vaults.alice(), "residents", 2, 0, INCOME);
    ChunkPlace to = place(vaults.alice(), "people", 1, 0, INCOME);
    copy(from, to);

    assertVaultException(
        () -> scan(vaults.alice(), "people", OptionalInt.empty(), "income"),
        ErrorCode.INTEGRITY,
        failsIntegrity(to));
  }

  @Test
  void scan_chunkCopiedToAnotherTenant_failsIntegrity() throws IOException {
    var unused =
        vaults.importFile(
            vaults.bob(),
            null,
            "residents",
            vaults.csv(TestingDatasetVault.HEADER, "B1,west,400"),
            TestingDatasetVault.SCHEMA);
    ChunkPlace from = place(vaults.alice(), "residents", 1, 0, INCOME);
    ChunkPlace to = place(vaults.bob(), "residents", 1, 0, INCOME);
    copy(from, to);

    assertVaultException(
        () -> scan(vaults.bob(), "residents", OptionalInt.empty(), "income"),
        ErrorCode.INTEGRITY,
        failsIntegrity(to));
  }

  @Test
  void scan_chunkCopiedToAnotherBatch_failsIntegrityAfterTheIntactBatch() throws IOException {
    List<String> lines = TestingDatasetVault.northResidents(Datasets.BATCH_ROWS + 10);
    vaults.importAsAlice("people", vaults.csv(lines));
    ChunkPlace from = place(vaults.alice(), "people", 1, 0, INCOME);
    ChunkPlace to = place(vaults.alice(), "people", 1, 1, INCOME);
    copy(from, to);
    List<Integer> batchRows = new ArrayList<>();

    assertVaultException(
        () -> {
          try (DatasetScan scan =
              vaults
                  .datasets()
                  .scan(
                      vaults.alice(),
                      null,
                      "people",
                      OptionalInt.empty(),
                      List.of("income"),
                      List.of(),
                      allocator)) {
            while (scan.next()) {
              batchRows.add(scan.batch().getRowCount());
            }
          }
        },
        ErrorCode.INTEGRITY,
        failsIntegrity(to));
    assertThat(batchRows).containsExactly(Datasets.BATCH_ROWS);
  }

  @Test
  void scan_chunkWithOneByteFlipped_failsIntegrity() {
    ChunkPlace place = place(vaults.alice(), "residents", 2, 0, INCOME);
    vaults.underTheVault(
        store -> {
          byte[] sealed = store.get(Family.DATA, place.key()).orElseThrow();
          sealed[sealed.length / 2] ^= 0x01;
          store.put(Family.DATA, place.key(), sealed);
        });

    assertVaultException(
        () -> scan(vaults.alice(), "residents", OptionalInt.empty(), "income"),
        ErrorCode.INTEGRITY,
        failsIntegrity(place));
  }

  @Test
  void scan_deletedChunk_failsIntegrityNamingItMissing() {
    ChunkPlace place = place(vaults.alice(), "residents", 2, 0, INCOME);
    vaults.underTheVault(
        store ->
            store.write(
                new org.elementvault.engine.store.Batch()
                    .deleteRange(Family.DATA, place.key(), ChunkPlace.prefixEnd(place.key()))));

    assertVaultException(
        () -> scan(vaults.alice(), "residents", OptionalInt.empty(), "income"),
        ErrorCode.INTEGRITY,
        "chunk of batch 0, column 2 is missing");
  }

  @Test
  void scan_intactChunks_returnTheRows() {
    long rows = scan(vaults.alice(), "residents", OptionalInt.of(1), "id_card", "income");

    assertThat(rows).isEqualTo(1);
  }

  private ChunkPlace place(Principal owner, String dataset, int version, int batch, int column) {
    Dataset found = vaults.datasets().describe(owner, null, dataset);
    return new ChunkPlace(found.tenantId(), found.id(), version, batch, column);
  }

  private void copy(ChunkPlace from, ChunkPlace to) {
    vaults.underTheVault(
        store ->
            store.put(Family.DATA, to.key(), store.get(Family.DATA, from.key()).orElseThrow()));
  }

  /** Scans every batch; returns the rows read. */
  private long scan(Principal caller, String dataset, OptionalInt version, String... columns) {
    long rows = 0;
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(caller, null, dataset, version, List.of(columns), List.of(), allocator)) {
      while (scan.next()) {
        rows += scan.batch().getRowCount();
      }
    }
    return rows;
  }

  private static String failsIntegrity(ChunkPlace place) {
    return "column chunk of tenant "
        + place.tenantId()
        + " dataset "
        + place.datasetId()
        + " version "
        + place.version()
        + " batch "
        + place.batch()
        + " column "
        + place.column()
        + " fails its integrity check (modified, truncated, moved or sealed with another key)";
  }
}
