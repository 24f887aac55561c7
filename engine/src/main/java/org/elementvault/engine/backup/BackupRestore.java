package org.elementvault.engine.backup;

import java.nio.file.Path;
import java.util.function.Function;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.keys.Unlock;

/**
 * Restores a backup into a new vault directory ({@code evault backup restore DIR --vault NEW}):
 * everything {@link BackupVerifier} checks, done on the final copy, which then records its own
 * restore in its operation log ({@code backup.restore}). A failed restore leaves nothing behind.
 */
public final class BackupRestore {

  private BackupRestore() {}

  /**
   * Restores the backup in {@code backup} into {@code target}, which must be absent or empty, with
   * the shields of the live vault in {@code live}; the restored vault opens with the same master
   * secret. Tenants and datasets the live vault shredded after the backup are destroyed in the
   * restored vault too, and listed in the result and its log entry.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if {@code target} is not
   *     empty; else as {@link BackupVerifier#verify}
   */
  public static VerifiedBackup restore(
      Path backup, Path target, Path live, Unlock unlock, VaultOptions options) {
    return restore(
        backup, target, vaultId -> Shields.open(live, vaultId, unlock, options), unlock, options);
  }

  /** Restores with the shields of the live vault the caller has open (a drill). */
  static VerifiedBackup restore(
      Path backup, Path target, Shields shields, Unlock unlock, VaultOptions options) {
    return restore(backup, target, vaultId -> shields, unlock, options);
  }

  private static VerifiedBackup restore(
      Path backup,
      Path target,
      Function<String, Shields> shieldsOf,
      Unlock unlock,
      VaultOptions options) {
    Path directory = target.toAbsolutePath().normalize();
    boolean created = BackupFiles.prepareEmpty("restore target", directory);
    try {
      return BackupVerifier.openCopy(
          backup,
          directory,
          shieldsOf,
          unlock,
          options,
          (vault, verified) -> {
            var unused =
                vault
                    .guard()
                    .run(
                        vault.admin(),
                        Operation.BACKUP_RESTORE,
                        "",
                        "",
                        () -> Guard.Change.read(vault.id(), details(verified)));
          });
    } catch (RuntimeException e) {
      BackupFiles.undo(directory, created);
      throw e;
    }
  }

  private static String details(VerifiedBackup verified) {
    BackupManifest manifest = verified.manifest();
    return "restored from the backup taken "
        + manifest.createdAt()
        + " with "
        + manifest.logSize()
        + " log entries"
        + (verified.shredded().isEmpty()
            ? ""
            : "; shredded since: " + String.join(", ", verified.shredded()));
  }
}
