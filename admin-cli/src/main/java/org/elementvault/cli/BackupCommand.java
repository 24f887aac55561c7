package org.elementvault.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.backup.BackupRecord;
import org.elementvault.engine.backup.BackupRestore;
import org.elementvault.engine.backup.BackupVerifier;
import org.elementvault.engine.backup.Backups;
import org.elementvault.engine.backup.DrillReport;
import org.elementvault.engine.backup.VerifiedBackup;
import org.elementvault.engine.keys.Unlock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code evault backup …}: encrypted backups, their verification and restore, and restore drills.
 * Embedded mode only, as the vault admin who holds the master secret: a backup is restored with
 * that secret, and a drill needs it to open what it restored.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypted backups of the vault (vault admin, embedded mode with the master secret).",
      "Nothing in a backup is readable without the master secret; every backup is registered in"
          + " the operation log."
    })
final class BackupCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Back the vault up into DIR, which must be new or empty: a consistent copy of its"
            + " database, key store, wrapped keys and log head, with a sealed manifest of every"
            + " file's size and digest.",
        "With --incremental-from PREV (a backup of this vault, full or incremental), database"
            + " files PREV's chain already stores are listed, not copied; verify and restore then"
            + " need PREV and its bases where they were (paths are kept relative to DIR).",
        "Registered in the log as backup.create with the manifest's digest."
      })
  void create(
      @Option(names = "--out", required = true, paramLabel = "DIR") Path out,
      @Option(
              names = "--incremental-from",
              paramLabel = "PREV",
              description = "Store only what the backup in PREV and its bases lack.")
          @Nullable Path base) {
    Unlock unlock = unlock("backup create");
    try (Vault vault = open(unlock)) {
      ProgressBar bar =
          Secrets.terminal() == null ? null : new ProgressBar(spec.commandLine().getErr(), 0);
      BackupRecord record;
      try {
        Backups.Progress progress = bar == null ? Backups.Progress.NONE : bar;
        record =
            base == null
                ? vault.backups().create(vault.admin(), out, progress)
                : vault.backups().createIncremental(vault.admin(), out, base, progress);
      } finally {
        if (bar != null) {
          bar.finish();
        }
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("backup", record.id());
      fields.put("directory", record.directory());
      fields.put("files", record.files());
      fields.put("bytes", record.bytes());
      fields.put("log_sequence", record.logSequence());
      fields.put("manifest_digest", record.manifestHash());
      Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
    } finally {
      unlock.destroy();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The backups registered in the log, oldest first.")
  void list() {
    Unlock unlock = unlock("backup list");
    try (Vault vault = open(unlock)) {
      List<List<String>> rows = new ArrayList<>();
      for (BackupRecord record : vault.backups().list(vault.admin())) {
        rows.add(
            List.of(
                Long.toString(record.id()),
                record.createdAt().toString(),
                record.directory(),
                Long.toString(record.bytes()),
                Long.toString(record.logSequence())));
      }
      Rendering.printTable(
          spec.commandLine().getOut(),
          global.output,
          List.of("backup", "time", "directory", "bytes", "log_sequence"),
          rows);
    } finally {
      unlock.destroy();
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify the backup in DIR with the master secret: the manifest's authenticity, every"
            + " file's size and digest, then, on a temporary copy, the operation log and every"
            + " data chunk.",
        "The backup's keys open only with the shields in the live vault's key directory"
            + " (--keys-from VAULT, or --vault VAULT); tenants and datasets shredded there since"
            + " are reported, not read.",
        "Exit status 1 with the damaged file named if anything fails."
      })
  void verify(
      @Parameters(paramLabel = "DIR") Path backup,
      @Option(
              names = "--keys-from",
              paramLabel = "VAULT",
              description = "The live vault whose key directory holds the backup's shields.")
          @Nullable Path keysFrom) {
    Path live = keysFrom != null ? keysFrom : global.vault();
    if (live == null) {
      throw new ParameterException(
          spec.commandLine(), "backup verify needs the live vault's keys: --keys-from VAULT");
    }
    Unlock unlock = Secrets.read(global, spec.commandLine(), false);
    try {
      print(BackupVerifier.verify(backup, live, unlock, VaultOptions.defaults()));
    } finally {
      unlock.destroy();
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = {
        "Restore the backup in DIR into a new vault (--vault NEW, which must be new or empty),"
            + " after verifying it as backup verify does; the restored vault opens with the same"
            + " master secret and logs its restore.",
        "Tenants and datasets the live vault (--keys-from VAULT) shredded after the backup are"
            + " destroyed in the restored vault too, and listed."
      })
  void restore(
      @Parameters(paramLabel = "DIR") Path backup,
      @Option(
              names = "--keys-from",
              required = true,
              paramLabel = "VAULT",
              description = "The live vault whose key directory holds the backup's shields.")
          Path keysFrom) {
    Path target = global.embeddedVault("backup restore");
    Unlock unlock = Secrets.read(global, spec.commandLine(), false);
    try {
      print(BackupRestore.restore(backup, target, keysFrom, unlock, VaultOptions.defaults()));
    } finally {
      unlock.destroy();
    }
  }

  @Command(
      name = "drill",
      mixinStandardHelpOptions = true,
      description = {
        "Drill a restore: back up to a temporary place, restore to another, verify, compare the"
            + " datasets, rows and log with the live vault, and log backup.drill with the result.",
        "With --report F, also write the report to F as JSON. Exit status 1 if the drill fails."
      })
  void drill(@Option(names = "--report", paramLabel = "F") @Nullable Path report) {
    Unlock unlock = unlock("backup drill");
    try (Vault vault = open(unlock)) {
      DrillReport drilled =
          vault
              .backups()
              .drill(vault.admin(), unlock, VaultOptions.defaults(), Optional.ofNullable(report));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("result", "OK");
      drilled
          .restored()
          .ifPresent(
              restored -> {
                fields.put("datasets", restored.inventory().datasets());
                fields.put("rows", restored.inventory().rows());
                fields.put("chunks", restored.chunks());
              });
      fields.put("log_entries", drilled.backup().logSize());
      fields.put("log_root", drilled.backup().logRoot());
      if (report != null) {
        fields.put("report", report.toAbsolutePath().toString());
      }
      Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
    } finally {
      unlock.destroy();
    }
  }

  private void print(VerifiedBackup verified) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("result", "OK");
    fields.put("vault_id", verified.manifest().vaultId());
    fields.put("created_at", verified.manifest().createdAt().toString());
    fields.put("files", verified.manifest().files().size());
    fields.put("bytes", verified.manifest().totalBytes());
    fields.put("datasets", verified.inventory().datasets());
    fields.put("versions", verified.inventory().versions());
    fields.put("rows", verified.inventory().rows());
    fields.put("chunks", verified.chunks());
    fields.put("log_entries", verified.manifest().logSize());
    fields.put("log_root", verified.manifest().logRoot());
    fields.put("shredded", String.join(", ", verified.shredded()));
    Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
  }

  /** The master secret for a command on the live vault, which acts as the built-in admin. */
  private Unlock unlock(String command) {
    var unused = global.embeddedVault(command);
    if (global.tokenFile() != null) {
      throw new ParameterException(
          spec.commandLine(),
          command + " acts as the vault admin with the master secret; it takes no --token-file");
    }
    return Secrets.read(global, spec.commandLine(), false);
  }

  private Vault open(Unlock unlock) {
    return Vault.open(global.embeddedVault("backup"), unlock, VaultOptions.defaults());
  }
}
