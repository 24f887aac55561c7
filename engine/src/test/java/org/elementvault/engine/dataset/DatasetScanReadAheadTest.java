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
import org.apache.arrow.vector.FieldVector;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.tenant.Quotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan read whole loads its next batch on a second thread: it must hand out the same batches in
 * the same order as a scan without read-ahead, throw a batch's refusal when it reaches that batch,
 * and free every batch it loaded ahead however it ends.
 */
class DatasetScanReadAheadTest {

  private static final int BATCHES = 4;
  private static final int ROWS = (BATCHES - 1) * Datasets.BATCH_ROWS + 1_000;
  private static final int INCOME = 2;

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  @BeforeEach
  void vaultWithFourBatches() throws IOException {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(256L << 20);
    List<String> lines = TestingDatasetVault.northResidents(ROWS);
    vaults.importAsAlice("residents", vaults.csv(lines));
  }

  /** Closing the allocator throws if a scan leaked a buffer. */
  @AfterEach
  void close() {
    allocator.close();
    vaults.close();
  }

  @Test
  void scan_readWhole_handsOutTheBatchesOfOnePartInOrder() {
    List<String> whole = new ArrayList<>();
    List<String> part = new ArrayList<>();

    try (DatasetScan scan = scan()) {
      while (scan.next()) {
        whole.add(describe(scan.index(), scan.batch().getVector("income")));
      }
    }
    try (DatasetScan scan = scan();
        DatasetScan.Part only = scan.parts(1).get(0)) {
      while (only.next()) {
        part.add(describe(only.index(), only.batch().getVector("income")));
      }
    }

    assertThat(whole).hasSize(BATCHES).isEqualTo(part);
  }

  @Test
  void scan_closedAfterAnyNumberOfBatches_holdsNoMemory() {
    for (int read = 0; read <= BATCHES; read++) {
      try (DatasetScan scan = scan()) {
        for (int i = 0; i < read; i++) {
          assertThat(scan.next()).isTrue();
        }
      }

      assertThat(allocator.getAllocatedMemory()).as("closed after %d batches", read).isZero();
    }
  }

  /** A forged chunk read ahead must not cut short the intact batches before it. */
  @Test
  void scan_forgedChunkInTheThirdBatch_isThrownByTheThirdNextAndFreesEverything() {
    Dataset found = vaults.datasets().describe(vaults.alice(), null, "residents");
    ChunkPlace place = new ChunkPlace(found.tenantId(), found.id(), 1, 2, INCOME);
    vaults.underTheVault(
        store -> {
          byte[] sealed = store.get(Family.DATA, place.key()).orElseThrow();
          sealed[sealed.length / 2] ^= 0x01;
          store.put(Family.DATA, place.key(), sealed);
        });
    List<Integer> read = new ArrayList<>();

    assertVaultException(
        () -> readInto(read),
        ErrorCode.INTEGRITY,
        "column chunk of tenant "
            + place.tenantId()
            + " dataset "
            + place.datasetId()
            + " version 1 batch 2 column 2 fails its integrity check (modified, truncated, moved"
            + " or sealed with another key)");
    assertThat(read).containsExactly(0, 1);
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void scan_quotaReachedByABatchReadAhead_isThrownWhenThatBatchIsReached() {
    var unused =
        vaults
            .vault()
            .tenants()
            .setQuotas(
                vaults.vault().admin(),
                "acme",
                new Quotas(1L << 30, 4, 2L * Datasets.BATCH_ROWS, Quotas.DEFAULT_MIN_THRESHOLD));
    List<Integer> read = new ArrayList<>();

    assertVaultException(
        () -> readInto(read),
        ErrorCode.RESOURCE_LIMIT,
        "scan stopped: it would read more than the tenant's quota of "
            + 2 * Datasets.BATCH_ROWS
            + " rows per job");
    assertThat(read).containsExactly(0, 1);
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  /** Scans to the end, adding each batch's index to {@code read} as it is handed out. */
  private void readInto(List<Integer> read) {
    try (DatasetScan scan = scan()) {
      while (scan.next()) {
        read.add(scan.index());
      }
    }
  }

  private DatasetScan scan() {
    return vaults
        .datasets()
        .scan(
            vaults.alice(),
            null,
            "residents",
            OptionalInt.empty(),
            List.of("income"),
            List.of(),
            allocator);
  }

  /** A batch's index, row count and the sum of its values: enough to tell batches apart. */
  private static String describe(int index, FieldVector income) {
    double sum = 0;
    for (int row = 0; row < income.getValueCount(); row++) {
      Object value = income.getObject(row);
      sum += value == null ? 0 : ((Number) value).doubleValue();
    }
    return index + ":" + income.getValueCount() + ":" + sum;
  }
}
