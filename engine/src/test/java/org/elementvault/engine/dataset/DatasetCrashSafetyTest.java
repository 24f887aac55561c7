package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /**
   * Chunks go into the database as a table file, past the write-ahead log: a process killed right
   * after the commit, its vault never closed, must leave the whole version.
   */
  @Test
  void import_processKilledRightAfterTheCommit_reopensWithTheWholeVersion() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.northResidents(Datasets.BATCH_ROWS + 10));

    vaults.whileClosed(() -> importInAProcessKilledAfterTheCommit("people", file));

    assertThat(vaults.datasets().authenticateChunks()).isEqualTo(3 + 2 * 3);
    assertThat(vaults.datasets().describe(vaults.alice(), null, "people").latest())
        .hasValueSatisfying(
            version -> assertThat(version.rows()).isEqualTo(Datasets.BATCH_ROWS + 10));
  }

  @Test
  void import_thenClosedWithoutFlush_reopensWithEveryChunk() throws IOException {
    vaults.importAsAlice(
        "people", vaults.csv(TestingDatasetVault.northResidents(Datasets.BATCH_ROWS + 10)));

    vaults.reopen();

    assertThat(vaults.datasets().authenticateChunks()).isEqualTo(3 + 2 * 3);
  }

  @Test
  void import_committed_leavesNoTableFileBehindInTheIngestDirectory() throws IOException {
    vaults.importAsAlice(
        "people", vaults.csv(TestingDatasetVault.northResidents(Datasets.BATCH_ROWS + 10)));

    try (var staged = Files.list(vaults.vault().directory().resolve("db").resolve("ingest"))) {
      assertThat(staged).isEmpty();
    }
  }

  @Test
  void open_tableFileOfAnImportCutOffBeforeItsChunksMovedIn_isDeleted() {
    Path staged = vaults.vault().directory().resolve("db").resolve("ingest").resolve("chunks.sst");
    vaults.underTheVault(store -> write(staged, new byte[] {1, 2, 3}));

    assertThat(staged).doesNotExist();
    assertThat(vaults.dataKeys()).hasSize(3);
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
    try (var staged = Files.list(vaults.vault().directory().resolve("db").resolve("ingest"))) {
      assertThat(staged).isEmpty();
    }
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

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@link ImportUntilKilled} in a new JVM and kills it, SIGKILL, once it has committed. */
  private void importInAProcessKilledAfterTheCommit(String name, Path file) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-opens") || flag.startsWith("--add-exports"))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ImportUntilKilled.class.getName(),
            vaults.vault().directory().toString(),
            name,
            file.toString()));
    try {
      Process child =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader output = child.inputReader(StandardCharsets.UTF_8)) {
        String said = output.readLine();
        child.destroyForcibly();
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(said).isEqualTo(ImportUntilKilled.COMMITTED);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
