package org.elementvault.engine.backup;

import java.nio.file.Path;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * The user-facing texts of backups, in one place so tests and documentation quote the same words.
 * They name files and rules, never a value of the vault.
 */
final class BackupMessages {

  private BackupMessages() {}

  static VaultException notEmpty(String what, Path directory) {
    return new VaultException(
        ErrorCode.USER_ERROR,
        what + " " + directory + " is not empty: it must be a new or empty directory");
  }

  static VaultException notADirectory(String what, Path directory) {
    return new VaultException(
        ErrorCode.USER_ERROR, what + " " + directory + " exists and is not a directory");
  }

  static VaultException notABackup(Path directory) {
    return new VaultException(
        ErrorCode.USER_ERROR,
        directory + " is not a backup (it has no " + BackupManifest.FILE_NAME + ")");
  }

  static VaultException otherVault(Path live) {
    return new VaultException(
        ErrorCode.USER_ERROR,
        live + " is not the vault this backup was taken of: its keys cannot open the backup's");
  }

  static VaultException manifestDamaged(Path file, Throwable cause) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "backup manifest "
            + file
            + " fails authentication: it is damaged, forged or of another vault",
        cause);
  }

  static VaultException baseMissing(Path base) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the base backup "
            + base
            + " of this incremental backup is missing: put it back there or use a full backup");
  }

  static VaultException baseReplaced(Path base) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the backup in " + base + " is not the base this incremental backup was taken from");
  }

  static VaultException fileMissing(Path file) {
    return new VaultException(ErrorCode.INTEGRITY, "backup file " + file + " is missing");
  }

  static VaultException fileUnlisted(Path file) {
    return new VaultException(
        ErrorCode.INTEGRITY, "backup file " + file + " is not in the backup's manifest");
  }

  static VaultException fileDamaged(Path file, CipherSuite suite) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "backup file "
            + file
            + " is damaged: its size or "
            + digestName(suite)
            + " differs from the manifest");
  }

  static VaultException logFails(String summary) {
    return new VaultException(
        ErrorCode.INTEGRITY, "the backup's operation log fails verification: " + summary);
  }

  static VaultException logDiffers() {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the backup's operation log differs from the size and root its manifest records");
  }

  static VaultException io(String what, Path path, Throwable cause) {
    return new VaultException(ErrorCode.INTERNAL, what + " " + path + " failed", cause);
  }

  static VaultException drillFailed(String reason) {
    return new VaultException(ErrorCode.INTEGRITY, "backup drill failed: " + reason);
  }

  /** The name of the suite's file digest, as the messages and reports give it. */
  static String digestName(CipherSuite suite) {
    return switch (suite) {
      case INTL -> "SHA-256";
      case GM -> "SM3";
    };
  }
}
