package org.elementvault.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Map;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiTest {

  @TempDir Path dir;

  @Test
  void reviewTenant_approve_returnsTrialOnTheVaultsBusinessDate() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      var unused = vault.admin().applyTenant("beta", "ops", null);

      TenantInfo info = vault.admin().reviewTenant("beta", true, "documents complete");

      assertThat(info.tenant().state()).isEqualTo(TenantState.TRIAL);
      assertThat(info.businessDate()).isEqualTo(LocalDate.of(2026, 3, 1));
      assertThat(info.overdue()).isEmpty();
    }
  }

  @Test
  void setTenantQuotas_someGiven_keepsTheOthers() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      TenantInfo info = vault.admin().setTenantQuotas("acme", new QuotaChange(null, 2, null, null));

      assertThat(info.tenant().quotas())
          .isEqualTo(
              new Quotas(
                  Quotas.DEFAULTS.storageBytes(),
                  2,
                  Quotas.DEFAULTS.maxRowsScanned(),
                  Quotas.DEFAULT_MIN_THRESHOLD));
    }
  }

  @Test
  void setTenantQuotas_minThresholdGiven_keepsTheOtherQuotas() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      TenantInfo info =
          vault.admin().setTenantQuotas("acme", new QuotaChange(null, null, null, 15));

      assertThat(info.tenant().quotas()).isEqualTo(Quotas.DEFAULTS.withMinThreshold(15));
      assertThat(vault.admin().showTenant("acme").tenant().quotas().minThreshold()).isEqualTo(15);
    }
  }

  @Test
  void addUser_writesTheTokenFileOwnerOnly() throws Exception {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      Path tokenFile = vault.file("eve.token");

      UserInfo user = vault.admin().addUser("eve", Role.DEVELOPER, "acme", null, tokenFile);

      assertThat(user)
          .isEqualTo(
              new UserInfo("eve", Role.DEVELOPER, "acme", user.createdAt(), null, null, true));
      assertThat(Files.readString(tokenFile, StandardCharsets.US_ASCII))
          .matches("[A-Za-z0-9_-]{43}\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void revokeUser_returnsTheUserInactive() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      UserInfo user = vault.admin().revokeUser("dev");

      assertThat(user.active()).isFalse();
      assertThat(user.revokedAt()).isNotNull();
    }
  }

  @Test
  void describeDataset_afterImport_showsTheVersionWithoutStatistics() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      DatasetInfo dataset = vault.alice().describeDataset(null, "residents");

      assertThat(dataset.latestRows()).isEqualTo(TestingApiVault.ROWS);
      assertThat(dataset.versions())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.number()).isEqualTo(1);
                assertThat(v.importedBy()).isEqualTo("alice");
                assertThat(v.batches()).isEqualTo(1);
              });
      assertThat(dataset.schema().subject()).isEqualTo("id_card");
    }
  }

  @Test
  void describeDataset_withoutBudget_hasNone() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      DatasetInfo dataset = vault.alice().describeDataset(null, "residents");

      assertThat(dataset.budget()).isNull();
    }
  }

  @Test
  void setDatasetBudget_showsInDescribe() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      BudgetStatus set =
          vault.admin().setDatasetBudget("acme", "residents", new BigDecimal("0.75"), 14);

      DatasetInfo dataset = vault.alice().describeDataset(null, "residents");

      assertThat(dataset.budget())
          .isEqualTo(set)
          .isEqualTo(
              new BudgetStatus(
                  new BigDecimal("0.75"), 14, BigDecimal.ZERO, new BigDecimal("0.75")));
    }
  }

  @Test
  void setDatasetBudget_byTenantAdmin_isForbidden() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      assertThatThrownBy(
              () -> vault.alice().setDatasetBudget(null, "residents", BigDecimal.ONE, 30))
          .isInstanceOf(VaultException.class)
          .hasMessage("role tenant-admin may not perform dataset.budget");
    }
  }

  @Test
  void classifyColumn_raise_returnsTheNewLevel() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      DatasetInfo dataset =
          vault.alice().classifyColumn(null, "residents", "district", Level.SENSITIVE, "policy");

      assertThat(dataset.schema().column("district").orElseThrow().level())
          .isEqualTo(Level.SENSITIVE);
    }
  }

  @Test
  void checkElement_rawIdentities_listsProblemsAndStoresNothing() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      Sandbox.CheckReport report =
          vault.dev().checkElement(TestingApiVault.REFUSED_SPEC.getBytes(StandardCharsets.UTF_8));

      assertThat(report.passes()).isFalse();
      assertThat(report.problems()).isNotEmpty();
      assertThat(vault.dev().listElements(null)).isEmpty();
    }
  }

  @Test
  void readResult_afterRun_returnsTheReleasedResult() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      String id = vault.approvedElement();
      Sandbox.Job job = vault.dev().runElement(id, false, Map.of());

      var result = vault.dev().readResult(job.jobId());

      assertThat(result.columns()).isEqualTo(job.result().columns());
      assertThat(result.rows()).isEqualTo(job.result().rows()).hasSize(3);
      assertThat(result.protection()).isEqualTo(job.result().protection());
      assertThat(result.protection().mechanism()).isEqualTo(ReleaseProtection.Mechanism.NOISE);
    }
  }

  @Test
  void readResult_otherPrincipalsJob_isNotFound() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      String id = vault.approvedElement();
      Sandbox.Job job = vault.dev().runElement(id, false, Map.of());

      assertThatThrownBy(() -> vault.alice().readResult(job.jobId()))
          .isInstanceOfSatisfying(
              VaultException.class,
              e -> assertThat(e.code()).isIn(ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN));
    }
  }

  @Test
  void applyTenant_byDeveloper_isRefused() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      assertThatThrownBy(() -> vault.dev().applyTenant("gamma", "ops", null))
          .isInstanceOfSatisfying(
              VaultException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }
  }

  @Test
  void showLog_byActionPrefix_listsOnlyThoseActions() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {

      var entries = vault.admin().showLog(new LogSelection(null, null, "tenant.", null, null));

      assertThat(entries).isNotEmpty();
      assertThat(entries)
          .extracting(e -> e.record().action())
          .allMatch(a -> a.startsWith("tenant."));
    }
  }

  @Test
  void verifyLog_againstCheckpoint_passes() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      Path checkpoint = vault.file("head.json");
      var unusedCheckpoint = vault.admin().checkpointLog(checkpoint);
      var unusedTenant = vault.admin().applyTenant("beta", "ops", null);

      var report = vault.admin().verifyLog(checkpoint);

      assertThat(report.ok()).isTrue();
    }
  }

  @Test
  void exportLog_writesTheExportAndThePublicKey() {
    try (TestingApiVault vault = new TestingApiVault(dir)) {
      Path out = vault.file("log.export");

      var head = vault.admin().exportLog(out);

      assertThat(out).exists();
      assertThat(vault.file("log.export.pub")).exists();
      assertThat(head.treeSize()).isPositive();
    }
  }
}
