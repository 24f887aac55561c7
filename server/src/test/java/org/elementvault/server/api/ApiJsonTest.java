package org.elementvault.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.oplog.Checkpoint;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every value {@link VaultApi} returns or takes reads back equal through {@link ApiJson}. */
class ApiJsonTest {

  private static final ObjectMapper JSON = ApiJson.mapper();

  @TempDir Path dir;

  @Test
  void tenantValues_roundTrip() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      var unused =
          vault.admin().requestTenantChange("acme", new QuotaChange(1L << 20, 3, null, 12));

      assertRoundTrip(vault.admin().showTenant("acme"), TenantInfo.class);
      assertRoundTrip(vault.admin().listTenants(), new TypeReference<List<TenantInfo>>() {});
      assertRoundTrip(new QuotaChange(null, 2, 5L, 20), QuotaChange.class);
    }
  }

  @Test
  void userValues_roundTrip() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      var unused =
          vault
              .admin()
              .addUser(
                  "eve",
                  Role.AUDITOR,
                  null,
                  Instant.parse("2027-01-01T00:00:00Z"),
                  vault.file("eve.token"));
      var revoked = vault.admin().revokeUser("dev");

      assertRoundTrip(revoked, UserInfo.class);
      assertRoundTrip(vault.admin().listUsers(), new TypeReference<List<UserInfo>>() {});
    }
  }

  @Test
  void datasetValues_roundTrip() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      assertRoundTrip(vault.alice().describeDataset(null, "residents"), DatasetInfo.class);
      assertRoundTrip(vault.alice().listDatasets(null), new TypeReference<List<DatasetInfo>>() {});
    }
  }

  @Test
  void budgetValues_roundTrip() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      BudgetStatus budget =
          vault.admin().setDatasetBudget("acme", "residents", new BigDecimal("1.250"), 30);

      assertRoundTrip(budget, BudgetStatus.class);
      assertRoundTrip(vault.alice().describeDataset(null, "residents"), DatasetInfo.class);
    }
  }

  @Test
  void elementValues_roundTrip() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      String id = vault.approvedElement();
      Sandbox.Job job = vault.dev().runElement(id, false, Map.of());

      assertRoundTrip(vault.dev().showElement(id), Element.class);
      assertRoundTrip(vault.dev().listElements(null), new TypeReference<List<Element>>() {});
      assertRoundTrip(job, Sandbox.Job.class);
      assertRoundTrip(vault.dev().readResult(job.jobId()), ElementResult.class);
      assertRoundTrip(
          vault.dev().checkElement(bytes(TestingApiVault.AGGREGATE_SPEC)),
          Sandbox.CheckReport.class);
      assertRoundTrip(
          vault.dev().checkElement(bytes(TestingApiVault.REFUSED_SPEC)), Sandbox.CheckReport.class);
    }
  }

  @Test
  void logValues_roundTrip() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      Checkpoint checkpoint = vault.admin().checkpointLog(vault.file("head.json"));
      SignedTreeHead head = vault.admin().exportLog(vault.file("log.export"));

      assertRoundTrip(
          vault.admin().showLog(LogSelection.all()), new TypeReference<List<LogEntry>>() {});
      assertRoundTrip(vault.admin().verifyLog(null), VerifyReport.class);
      assertRoundTrip(VerifyReport.failed(7, 3, "hash chain: entry 3 changed"), VerifyReport.class);
      assertRoundTrip(checkpoint, Checkpoint.class);
      assertRoundTrip(head, SignedTreeHead.class);
      assertRoundTrip(
          new LogSelection("acme", "alice", "tenant.", Instant.EPOCH, TestingVaults.NOW),
          LogSelection.class);
    }
  }

  @Test
  void elementResult_everyColumnType_roundTripsTyped() throws Exception {
    List<ResultColumn> columns =
        List.of(
            new ResultColumn("b", ColumnType.BOOLEAN),
            new ResultColumn("i", ColumnType.INT),
            new ResultColumn("l", ColumnType.BIGINT),
            new ResultColumn("d", ColumnType.DOUBLE),
            new ResultColumn("m", ColumnType.decimal(12, 2)),
            new ResultColumn("s", ColumnType.STRING),
            new ResultColumn("day", ColumnType.DATE),
            new ResultColumn("t", ColumnType.TIMESTAMP));
    List<List<@Nullable Object>> rows = new ArrayList<>();
    rows.add(
        List.of(
            true,
            -7,
            Long.MAX_VALUE,
            0.1,
            new BigDecimal("1234567890.10"),
            "张*",
            LocalDate.of(1950, 1, 31),
            Instant.parse("2026-03-01T08:00:00.123456Z")));
    rows.add(
        List.of(
            false,
            Integer.MIN_VALUE,
            0L,
            Double.NaN,
            new BigDecimal("1E+3").setScale(2),
            "",
            LocalDate.of(2026, 12, 31),
            Instant.EPOCH));
    rows.add(Arrays.asList(null, null, null, Double.NEGATIVE_INFINITY, null, null, null, null));
    ElementResult result = new ElementResult(columns, rows);

    String json = JSON.writeValueAsString(result);

    assertThat(JSON.readValue(json, ElementResult.class)).isEqualTo(result);
    assertThat(json).contains("1000.00").doesNotContain("E+");
  }

  /** A server from before the threshold floor sends quotas without it. */
  @Test
  void read_quotasWithoutMinThreshold_haveTheDefaultFloor() throws Exception {
    String json = "{\"storageBytes\":1,\"maxJobs\":2,\"maxRowsScanned\":3}";

    Quotas quotas = JSON.readValue(json, Quotas.class);

    assertThat(quotas).isEqualTo(new Quotas(1, 2, 3, Quotas.DEFAULT_MIN_THRESHOLD));
  }

  @Test
  void read_quotasWithoutMaxJobs_isRefused() {
    String json = "{\"storageBytes\":1,\"maxRowsScanned\":3,\"minThreshold\":10}";

    assertThatThrownBy(() -> JSON.readValue(json, Quotas.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("maxJobs");
  }

  @Test
  void read_unknownProperty_isRefused() {
    String json = "{\"storageBytes\":1,\"maxJobs\":2,\"maxRowsScanned\":3,\"extra\":true}";

    assertThatThrownBy(() -> JSON.readValue(json, QuotaChange.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("extra");
  }

  @Test
  void read_resultValueOfTheWrongType_isRefusedWithoutTheValue() {
    String json = "{\"columns\":[{\"name\":\"n\",\"type\":\"BIGINT\"}],\"rows\":[[\"secret\"]]}";

    assertThatThrownBy(() -> JSON.readValue(json, ElementResult.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("column type BIGINT")
        .hasMessageNotContaining("secret");
  }

  @Test
  void read_resultRowTooLong_isRefused() {
    String json = "{\"columns\":[{\"name\":\"n\",\"type\":\"INT\"}],\"rows\":[[1,2]]}";

    assertThatThrownBy(() -> JSON.readValue(json, ElementResult.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> void assertRoundTrip(T value, Class<T> type) throws Exception {
    assertRoundTrip(value, JSON.constructType(type));
  }

  private static <T> void assertRoundTrip(T value, TypeReference<T> type) throws Exception {
    assertRoundTrip(value, JSON.constructType(type));
  }

  private static void assertRoundTrip(Object value, JavaType type) throws Exception {
    String json = JSON.writeValueAsString(value);

    Object back = JSON.readValue(json, type);

    assertThat(back).as(json).isEqualTo(value);
    assertThat(JSON.writeValueAsString(back)).isEqualTo(json);
  }
}
