package org.elementvault.engine.backup;

import java.nio.file.Path;
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
   * Restores the backup in {@code backup} into {@code target}, which must be absent or empty; the
   * restored vault opens with the same master secret.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if {@code target} is not
   *     empty; else as {@link BackupVerifier#verify}
   */
  public static VerifiedBackup restore(
      Path backup, Path target, Unlock unlock, VaultOptions options) {
    Path directory = target.toAbsolutePath().normalize();
    boolean created = BackupFiles.prepareEmpty("restore target", directory);
    try {
      return BackupVerifier.openCopy(
          backup,
          directory,
          unlock,
          options,
          (vault, manifest) -> {
            var unused =
                vault
                    .guard()
                    .run(
                        vault.admin(),
                        Operation.BACKUP_RESTORE,
                        "",
                        "",
                        () ->
                            Guard.Change.read(
                                vault.id(),
                                "restored from the backup taken "
                                    + manifest.createdAt()
                                    + " with "
                                    + manifest.logSize()
                                    + " log entries"));
          });
    } catch (RuntimeException e) {
      BackupFiles.undo(directory, created);
      throw e;
    }
  }
}
