package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.elementvault.engine.Vault;
import org.elementvault.engine.chunk.ChunkCacheStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans through the vault's decrypted-chunk cache: warm scans hit it, and every change of what a
 * place holds or who may read it empties the part of the cache it concerns.
 */
class DatasetScanCacheTest {

  private static final int ROWS = Datasets.BATCH_ROWS + 4_464;

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  @BeforeEach
  void vaultWithTwoBatches() throws IOException {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(256L << 20);
    vaults.importAsAlice("residents", residents(0));
  }

  /** Closing the allocator throws if a scan leaked a buffer. */
  @AfterEach
  void close() {
    allocator.close();
    vaults.close();
  }

  /** Rows whose incomes start at {@code firstIncome}. */
  private Path residents(long firstIncome) throws IOException {
    List<String> lines = new ArrayList<>(List.of(TestingDatasetVault.HEADER));
    for (int i = 0; i < ROWS; i++) {
      lines.add("P" + i + ",north," + (firstIncome + i));
    }
    return vaults.csv(lines);
  }

  private List<Long> incomes(OptionalInt version) {
    List<Long> incomes = new ArrayList<>();
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                version,
                List.of("income"),
                List.of(),
                allocator)) {
      while (scan.next()) {
        BigIntVector income = (BigIntVector) scan.batch().getVector(0);
        for (int i = 0; i < income.getValueCount(); i++) {
          incomes.add(income.get(i));
        }
      }
    }
    return incomes;
  }

  private ChunkCacheStats stats() {
    return vaults.vault().chunkCache().stats();
  }

  @Test
  void scan_twice_decodesTheSecondFromTheCache() {
    List<Long> cold = incomes(OptionalInt.empty());

    List<Long> warm = incomes(OptionalInt.empty());

    assertThat(warm).isEqualTo(cold).hasSize(ROWS);
    assertThat(stats()).extracting("hits", "misses", "entries").containsExactly(2L, 2L, 2L);
  }

  /** A dropped dataset's id (and key names) never come back: the new one reads its own rows. */
  @Test
  void scan_afterDropAndImportUnderTheSameName_returnsTheNewRowsUnderANewId() throws IOException {
    long droppedId = vaults.datasets().visible(vaults.alice(), null, "residents").id();
    Object unused = incomes(OptionalInt.empty());
    unused = vaults.datasets().drop(vaults.alice(), null, "residents", "residents");
    vaults.importAsAlice("residents", residents(1_000_000));

    List<Long> incomes = incomes(OptionalInt.empty());

    assertThat(vaults.datasets().visible(vaults.alice(), null, "residents").id())
        .isGreaterThan(droppedId);
    assertThat(incomes).hasSize(ROWS).allMatch(income -> income >= 1_000_000);
  }

  @Test
  void drop_releasesTheDatasetsCachedChunks() {
    Object unused = incomes(OptionalInt.empty());

    unused = vaults.datasets().drop(vaults.alice(), null, "residents", "residents");

    assertThat(stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
  }

  @Test
  void classify_releasesTheDatasetsCachedChunks() {
    Object unused = incomes(OptionalInt.empty());

    unused =
        vaults
            .datasets()
            .classify(vaults.alice(), null, "residents", "income", Level.CORE, "audit finding");

    assertThat(stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
  }

  @Test
  void import_ofANewVersion_keepsTheOlderVersionsChunks() throws IOException {
    Object unused = incomes(OptionalInt.empty());

    vaults.importAsAlice("residents", residents(1_000_000));

    assertThat(incomes(OptionalInt.of(1))).hasSize(ROWS).allMatch(income -> income < ROWS);
    assertThat(incomes(OptionalInt.of(2))).hasSize(ROWS).allMatch(income -> income >= 1_000_000);
    assertThat(stats()).extracting("hits", "entries").containsExactly(2L, 4L);
  }

  @Test
  void suspend_releasesTheTenantsCachedChunks() {
    Object unused = incomes(OptionalInt.empty());

    unused = vaults.vault().tenants().suspend(vaults.vault().admin(), "acme");

    assertThat(stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
  }

  @Test
  void exit_returnsTheCacheMemoryToZero() {
    Object unused = incomes(OptionalInt.empty());
    assertThat(stats().bytes()).isPositive();

    unused = vaults.vault().exitTenant(vaults.vault().admin(), "acme", "acme");

    assertThat(stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
  }

  @Test
  void close_ofTheVault_releasesTheCache() {
    Object unused = incomes(OptionalInt.empty());
    Vault closed = vaults.vault();

    vaults.reopen();

    assertThat(closed.chunkCache().stats()).extracting("bytes", "entries").containsExactly(0L, 0L);
  }
}
