package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.DatasetScan;
import org.elementvault.engine.dataset.Datasets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decrypted-chunk cache in {@code /metrics}: its memory and counts, in total only. */
class ServerMetricsTest {

  private static final byte[] SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: income, type: BIGINT, level: IMPORTANT}
      """
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;

  private Vault vault;
  private Principal alice;
  private ServerMetrics metrics;

  @BeforeEach
  void vaultWithOneDataset() throws IOException {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.GM);
    Object unused = vault.tenants().apply(vault.admin(), "acme", "ops", null);
    unused = vault.tenants().review(vault.admin(), "acme", true, "ok");
    alice = vault.addUser(vault.admin(), "alice", Role.TENANT_ADMIN, "acme", null).principal();
    Path csv = temp.resolve("residents.csv");
    Files.writeString(csv, "id_card,income\nP1,10\nP2,20\n", StandardCharsets.UTF_8);
    unused =
        vault.datasets().importFile(alice, null, "residents", csv, SCHEMA, Datasets.Progress.NONE);
    metrics = new ServerMetrics(vault.chunkCache());
  }

  @AfterEach
  void close() {
    vault.close();
  }

  private void scanTwice() {
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int i = 0; i < 2; i++) {
        try (DatasetScan scan =
            vault
                .datasets()
                .scan(
                    alice,
                    null,
                    "residents",
                    OptionalInt.empty(),
                    List.of("income"),
                    List.of(),
                    allocator)) {
          while (scan.next()) {
            assertThat(scan.batch().getRowCount()).isEqualTo(2);
          }
        }
      }
    }
  }

  @Test
  void scrape_afterAColdAndAWarmScan_showsTheCachedChunkAndItsHit() {
    scanTwice();

    String scraped = metrics.scrape();

    assertThat(scraped)
        .contains("evault_chunk_cache_chunks 1.0")
        .contains("evault_chunk_cache_hits_total 1.0")
        .contains("evault_chunk_cache_misses_total 1.0")
        .contains("evault_chunk_cache_evictions_total 0.0")
        .containsPattern("evault_chunk_cache_memory_bytes [1-9][0-9.E]*\\n");
  }

  @Test
  void scrape_afterTheTenantsExit_showsNoCacheMemory() {
    scanTwice();

    Object unused = vault.exitTenant(vault.admin(), "acme", "acme");

    assertThat(metrics.scrape())
        .contains("evault_chunk_cache_memory_bytes 0.0")
        .contains("evault_chunk_cache_chunks 0.0");
  }
}
