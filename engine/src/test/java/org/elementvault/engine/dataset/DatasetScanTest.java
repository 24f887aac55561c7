package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.tenant.Quotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans: pruning, row quotas, tenant state and isolation, versions, and no leaked Arrow memory. */
class DatasetScanTest {

  private static final int ROWS = Datasets.BATCH_ROWS + 4_464;

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  @BeforeEach
  void vaultWithTwoBatches() throws IOException {
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
  void scan_rangeExcludingTheFirstBatch_readsOnlyTheSecond() {
    ColumnRange range = new ColumnRange("income", (double) Datasets.BATCH_ROWS + 100, null);

    long scanned = rowsScanned(vaults.alice(), OptionalInt.empty(), List.of(range));

    assertThat(scanned).isEqualTo(ROWS - Datasets.BATCH_ROWS);
  }

  @Test
  void scan_withoutRange_readsEveryBatch() {
    long scanned = rowsScanned(vaults.alice(), OptionalInt.empty(), List.of());

    assertThat(scanned).isEqualTo(ROWS);
  }

  @Test
  void scan_overTheRowQuota_stopsWithResourceLimit() {
    var unused =
        vaults
            .vault()
            .tenants()
            .setQuotas(
                vaults.vault().admin(),
                "acme",
                new Quotas(1L << 30, 4, ROWS - 1, Quotas.DEFAULT_MIN_THRESHOLD));

    assertVaultException(
        () -> rowsScanned(vaults.alice(), OptionalInt.empty(), List.of()),
        ErrorCode.RESOURCE_LIMIT,
        "scan stopped: it would read more than the tenant's quota of 69999 rows per job");
  }

  @Test
  void scan_ofASuspendedTenant_isRefusedByPolicy() {
    var unused = vaults.vault().tenants().suspend(vaults.vault().admin(), "acme");

    assertVaultException(
        () -> rowsScanned(vaults.alice(), OptionalInt.empty(), List.of()),
        ErrorCode.POLICY_REFUSED,
        "tenant acme is SUSPENDED: scans need a working tenant");
  }

  @Test
  void scan_byADeveloperOfAnotherTenant_isNotFound() {
    assertVaultException(
        () ->
            vaults
                .datasets()
                .scan(
                    vaults.dave(),
                    "acme",
                    "residents",
                    OptionalInt.empty(),
                    List.of("income"),
                    List.of(),
                    allocator),
        ErrorCode.NOT_FOUND,
        "tenant acme not found");
  }

  @Test
  void scan_ofTheOwnTenantByADeveloperOfAnother_isNotFound() {
    assertVaultException(
        () -> rowsScanned(vaults.dave(), OptionalInt.empty(), List.of()),
        ErrorCode.NOT_FOUND,
        "dataset residents not found");
  }

  @Test
  void scan_ofAnOlderVersion_returnsItsRows() throws IOException {
    vaults.importAsAlice("residents", vaults.csv(TestingDatasetVault.HEADER, "N1,new,1"));
    List<String> ids = new ArrayList<>();

    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                OptionalInt.of(1),
                List.of("id_card"),
                List.of(new ColumnRange("income", null, 1.0)),
                allocator)) {
      while (scan.next()) {
        VarCharVector idCard = (VarCharVector) scan.batch().getVector(0);
        for (int i = 0; i < 2; i++) {
          ids.add(new String(idCard.get(i), StandardCharsets.UTF_8));
        }
      }
    }

    assertThat(ids).containsExactly("P0", "P1");
  }

  @Test
  void scan_closedAfterTheFirstBatch_holdsNoMemory() {
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                OptionalInt.empty(),
                List.of("id_card", "income"),
                List.of(),
                allocator)) {
      assertThat(scan.next()).isTrue();
      assertThat(allocator.getAllocatedMemory()).isPositive();
    }

    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void parts_ofTwoBatches_readEachBatchOnceInItsPart() {
    List<Integer> indexes = new ArrayList<>();
    long rows = 0;

    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                OptionalInt.empty(),
                List.of("income"),
                List.of(),
                allocator)) {
      List<DatasetScan.Part> parts = scan.parts(3);
      for (DatasetScan.Part part : parts) {
        while (part.next()) {
          indexes.add(part.index());
          rows += part.batch().getRowCount();
        }
        part.close();
      }
      assertThat(scan.rowsScanned()).isEqualTo(ROWS);
    }

    assertThat(indexes).containsExactly(0, 1);
    assertThat(rows).isEqualTo(ROWS);
  }

  @Test
  void parts_overTheRowQuotaTogether_stopWithResourceLimit() {
    var unused =
        vaults
            .vault()
            .tenants()
            .setQuotas(
                vaults.vault().admin(),
                "acme",
                new Quotas(1L << 30, 4, ROWS - 1, Quotas.DEFAULT_MIN_THRESHOLD));

    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(
                vaults.alice(),
                null,
                "residents",
                OptionalInt.empty(),
                List.of("income"),
                List.of(),
                allocator)) {
      List<DatasetScan.Part> parts = scan.parts(2);
      assertThat(parts.get(0).next()).isTrue();

      assertVaultException(
          () -> parts.get(1).next(),
          ErrorCode.RESOURCE_LIMIT,
          "scan stopped: it would read more than the tenant's quota of "
              + (ROWS - 1)
              + " rows per job");
      parts.forEach(DatasetScan.Part::close);
    }
  }

  private long rowsScanned(Principal caller, OptionalInt version, List<ColumnRange> ranges) {
    try (DatasetScan scan =
        vaults
            .datasets()
            .scan(caller, null, "residents", version, List.of("income"), ranges, allocator)) {
      while (scan.next()) {
        assertThat(scan.batch().getRowCount()).isPositive();
      }
      return scan.rowsScanned();
    }
  }
}
