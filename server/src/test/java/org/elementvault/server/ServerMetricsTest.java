package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.DatasetScan;
import org.elementvault.engine.dataset.Datasets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /metrics} shows: the decrypted-chunk cache in total only, latency histograms, and the
 * JVM, process and build figures.
 */
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
    metrics.close();
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

  @Test
  void scrape_showsJvmAndProcessMetrics() {
    String scraped = metrics.scrape();

    assertThat(scraped)
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_gc_memory_allocated_bytes_total")
        .contains("jvm_threads_live_threads")
        .contains("process_cpu_usage")
        .contains("system_cpu_count")
        .contains("process_uptime_seconds")
        .contains("process_start_time_seconds")
        .contains("process_files_open_files");
  }

  @Test
  void scrape_showsTheBuildVersionAndJava() {
    String scraped = metrics.scrape();

    assertThat(scraped)
        .containsPattern(
            "evault_build_info\\{java=\""
                + Pattern.quote(Runtime.version().toString())
                + "\",version=\"0\\.[0-9]+\\.[0-9][^\"]*\"} 1\n");
  }

  @Test
  void request_isCountedInItsLatencyBucketAndAllAbove() {
    metrics.request("GET", "/tenants", 200, Duration.ofMillis(30));

    String scraped = metrics.scrape();

    assertThat(scraped)
        .contains(
            "evault_http_requests_seconds_bucket{method=\"GET\",route=\"/tenants\",status=\"200\",le=\"0.025\"} 0")
        .contains(
            "evault_http_requests_seconds_bucket{method=\"GET\",route=\"/tenants\",status=\"200\",le=\"0.05\"} 1")
        .contains(
            "evault_http_requests_seconds_bucket{method=\"GET\",route=\"/tenants\",status=\"200\",le=\"+Inf\"} 1");
  }

  @Test
  void job_refused_isTimedUnderItsErrorCode() {
    assertThatThrownBy(
            () ->
                metrics.job(
                    () -> {
                      throw new VaultException(ErrorCode.POLICY_REFUSED, "refused");
                    }))
        .isInstanceOf(VaultException.class);

    String scraped = metrics.scrape();

    assertThat(scraped)
        .contains("evault_jobs_seconds_count{outcome=\"POLICY_REFUSED\"} 1")
        .contains("evault_jobs_seconds_bucket{outcome=\"POLICY_REFUSED\",le=\"+Inf\"} 1");
  }

  @Test
  void job_done_returnsItsResultAndIsTimedAsOk() {
    String result = metrics.job(() -> "released");

    assertThat(result).isEqualTo("released");
    assertThat(metrics.scrape()).contains("evault_jobs_seconds_count{outcome=\"OK\"} 1");
  }
}
