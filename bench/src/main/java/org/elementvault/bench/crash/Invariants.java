package org.elementvault.bench.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Token;
import org.elementvault.engine.backup.BackupRecord;
import org.elementvault.engine.backup.BackupVerifier;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetScan;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.job.JobState;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.tenant.TenantState;

/**
 * Checks a trial's vault after the kill, in this JVM: it opens (and completes any cut-off key
 * rotation, as every command's open does); the log verifies; the dataset's versions are the
 * template's one or that plus the whole import, each reading back exactly its rows; no job is left
 * running; the tenant is either intact or wholly shredded; the tenant that exited before the trial
 * stays unreadable; a registered backup verifies; and the operation, when its command exited 0
 * before the kill, is visible.
 *
 * <p>Violations are returned as lines naming the invariant; data values never appear in them.
 */
final class Invariants {

  private final VaultTemplate template;

  Invariants(VaultTemplate template) {
    this.template = template;
  }

  /** The violations found in the vault at {@code vault} after {@code operation} was cut off. */
  List<String> check(Path vault, Path trial, CrashOperation operation, boolean acknowledged)
      throws IOException {
    List<String> violations = new ArrayList<>();
    List<BackupRecord> backups;
    try (Vault opened = Vault.open(vault, unlock(), VaultOptions.defaults())) {
      var unused = opened.finishKeyRotations();
      checkOpen(opened, operation, acknowledged, violations);
      backups = opened.backups().list(opened.admin());
    } catch (VaultException e) {
      violations.add("the vault does not open: " + e.getMessage());
      return violations;
    }
    Path backup = CrashOperation.backupDirectory(trial).toAbsolutePath().normalize();
    boolean registered =
        backups.stream().anyMatch(r -> Path.of(r.directory()).toAbsolutePath().equals(backup));
    if (acknowledged && operation == CrashOperation.BACKUP && !registered) {
      violations.add("an acknowledged backup is not registered");
    }
    if (registered) {
      try {
        var unused = BackupVerifier.verify(backup, vault, unlock(), VaultOptions.defaults());
      } catch (VaultException e) {
        violations.add("a registered backup fails to verify: " + e.getMessage());
      }
    }
    return violations;
  }

  private void checkOpen(
      Vault vault, CrashOperation operation, boolean acknowledged, List<String> violations)
      throws IOException {
    Principal admin = vault.admin();
    var report = vault.auditLog().verify(admin, Optional.empty());
    if (!report.ok()) {
      violations.add("log verify fails: " + report.reason());
    }
    checkExitedTenant(vault, admin, violations);
    checkJobs(vault, admin, operation, acknowledged, violations);
    boolean destroyed =
        vault.tenants().show(admin, VaultTemplate.TENANT).state() == TenantState.DESTROYED;
    if (destroyed) {
      if (operation != CrashOperation.TENANT_EXIT) {
        violations.add("the tenant is destroyed though no exit ran");
      }
      checkShredded(vault, admin, VaultTemplate.TENANT, VaultTemplate.DATASET, violations);
      return;
    }
    if (acknowledged && operation == CrashOperation.TENANT_EXIT) {
      violations.add("an acknowledged tenant exit is undone");
    }
    Principal tenantAdmin;
    try {
      tenantAdmin = vault.authenticate(token(template.tenantToken()));
    } catch (VaultException e) {
      violations.add("the tenant admin's token no longer works: " + e.getMessage());
      return;
    }
    checkVersions(vault, admin, tenantAdmin, operation, acknowledged, violations);
  }

  private void checkVersions(
      Vault vault,
      Principal admin,
      Principal tenantAdmin,
      CrashOperation operation,
      boolean acknowledged,
      List<String> violations) {
    Dataset dataset = vault.datasets().describe(admin, VaultTemplate.TENANT, VaultTemplate.DATASET);
    List<Long> expected =
        List.of(VaultTemplate.FIRST_ROWS, VaultTemplate.SECOND_ROWS)
            .subList(0, Math.min(dataset.versions().size(), 2));
    List<Long> rows = dataset.versions().stream().map(DatasetVersion::rows).toList();
    if (dataset.versions().isEmpty()
        || dataset.versions().size() > (operation == CrashOperation.IMPORT ? 2 : 1)
        || !rows.equals(expected)) {
      violations.add("dataset versions are not all-or-nothing: rows per version " + rows);
    }
    if (acknowledged && operation == CrashOperation.IMPORT && dataset.versions().size() != 2) {
      violations.add("an acknowledged import is not visible");
    }
    if (acknowledged
        && operation == CrashOperation.KEY_ROTATION
        && vault.datasets().keyVersions(dataset).stream().allMatch(v -> v < 2)) {
      violations.add("an acknowledged key rotation is not visible");
    }
    for (DatasetVersion version : dataset.versions()) {
      try {
        long read = scannedRows(vault, tenantAdmin, dataset, version.number());
        if (read != version.rows()) {
          violations.add(
              "version " + version.number() + " reads " + read + " rows of " + version.rows());
        }
      } catch (VaultException e) {
        violations.add("version " + version.number() + " is unreadable: " + e.getMessage());
      }
    }
  }

  private static long scannedRows(Vault vault, Principal caller, Dataset dataset, int version) {
    String column = dataset.schema().columns().get(0).name();
    long rows = 0;
    try (BufferAllocator allocator = new RootAllocator();
        DatasetScan scan =
            vault
                .datasets()
                .scan(
                    caller,
                    null,
                    dataset.name(),
                    OptionalInt.of(version),
                    List.of(column),
                    List.of(),
                    allocator)) {
      while (scan.next()) {
        rows += scan.batch().getRowCount();
      }
    }
    return rows;
  }

  private static void checkJobs(
      Vault vault,
      Principal admin,
      CrashOperation operation,
      boolean acknowledged,
      List<String> violations) {
    List<JobRecord> jobs = vault.jobs().list(admin);
    if (jobs.stream().anyMatch(job -> job.state() == JobState.RUNNING)) {
      violations.add("a job is still RUNNING after the reopen");
    }
    if (acknowledged
        && operation == CrashOperation.ELEMENT_RUN
        && jobs.stream().noneMatch(job -> job.state() == JobState.DONE)) {
      violations.add("an acknowledged element run has no DONE job");
    }
  }

  private void checkExitedTenant(Vault vault, Principal admin, List<String> violations)
      throws IOException {
    if (vault.tenants().show(admin, VaultTemplate.EXITED_TENANT).state() != TenantState.DESTROYED) {
      violations.add("the tenant exited before the trial is no longer DESTROYED");
    }
    checkShredded(
        vault, admin, VaultTemplate.EXITED_TENANT, VaultTemplate.EXITED_DATASET, violations);
    try {
      var unused = vault.authenticate(token(template.exitedToken()));
      violations.add("the exited tenant's token authenticates again");
    } catch (VaultException expected) {
      // Revoked with the exit: the wanted outcome.
    }
  }

  private static void checkShredded(
      Vault vault, Principal admin, String tenant, String dataset, List<String> violations) {
    try {
      var unused = vault.datasets().describe(admin, tenant, dataset);
      violations.add("a shredded dataset is visible again (tenant " + tenant + ")");
    } catch (VaultException expected) {
      // Forgotten with the exit: the wanted outcome.
    }
  }

  private Unlock unlock() throws IOException {
    return Unlock.keyFile(Files.readAllBytes(template.evault().keyFile()));
  }

  private static Token token(Path file) throws IOException {
    return Token.of(Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray());
  }
}
