package org.elementvault.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The database's user-facing failures, one distinct, actionable line each: corruption (with the
 * damaged file where RocksDB names it), no space left, in use by another process. They quote only
 * file names of the database, never RocksDB's own text, which may carry key bytes.
 */
final class StoreMessages {

  /** RocksDB's file names: WAL and table files, manifests, CURRENT, OPTIONS. */
  private static final Pattern DATABASE_FILE =
      Pattern.compile("(\\d{6,}\\.(?:log|sst|blob)|MANIFEST-\\d+|OPTIONS-\\d+|CURRENT)");

  private StoreMessages() {}

  static VaultException inUse(Path database, RocksDBException cause) {
    return new VaultException(
        ErrorCode.USER_ERROR, "the vault is in use by another process (" + database + ")", cause);
  }

  static VaultException corrupt(Path database, RocksDBException cause) {
    String where =
        damagedFile(cause)
            .or(() -> onlyWriteAheadLog(database))
            .map(file -> "in " + database.resolve(file))
            .orElse("file unknown");
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the vault's database is corrupt ("
            + where
            + "): it is not opened, so no acknowledged write is silently lost; restore from a"
            + " backup or investigate the disk",
        cause);
  }

  static VaultException noSpace(Path database, RocksDBException cause) {
    return new VaultException(
        ErrorCode.RESOURCE_LIMIT,
        "no space left on device: free space under " + database.getParent() + " and retry",
        cause);
  }

  static VaultException cannotOpen(Path database, RocksDBException cause) {
    return new VaultException(
        ErrorCode.INTERNAL, "the vault's database cannot be opened (" + database + ")", cause);
  }

  static VaultException readFailed(RocksDBException cause) {
    return new VaultException(ErrorCode.INTERNAL, "reading the vault's database failed", cause);
  }

  static VaultException writeFailed(Path database, RocksDBException cause) {
    return isNoSpace(cause)
        ? noSpace(database, cause)
        : new VaultException(ErrorCode.INTERNAL, "writing the vault's database failed", cause);
  }

  static boolean isCorruption(RocksDBException e) {
    Status status = e.getStatus();
    return (status != null && status.getCode() == Status.Code.Corruption)
        || text(e).contains("corruption")
        || damagedFile(e).filter("CURRENT"::equals).isPresent();
  }

  static boolean isNoSpace(RocksDBException e) {
    Status status = e.getStatus();
    String text = text(e);
    // RocksDB's own space limit (SstFileManager) has no JNI sub-code; its text says "space".
    return (status != null && status.getSubCode() == Status.SubCode.NoSpace)
        || text.contains("no space left")
        || text.contains("max allowed space");
  }

  static boolean isLockHeld(RocksDBException e) {
    // RocksDB reports a second opener as an IOError on its LOCK file.
    return text(e).contains("lock");
  }

  private static Optional<String> damagedFile(RocksDBException e) {
    // Without CURRENT, RocksDB cannot find the database at all and says it does not exist.
    if (text(e).contains("does not exist (create_if_missing is false)")) {
      return Optional.of("CURRENT");
    }
    Matcher matcher = DATABASE_FILE.matcher(String.valueOf(e.getMessage()));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /**
   * RocksDB names the damaged file in every corruption but one found while replaying the
   * write-ahead log; a vault that closed cleanly has a single one, which is then the damaged file.
   */
  private static Optional<String> onlyWriteAheadLog(Path database) {
    try (Stream<Path> files = Files.list(database)) {
      List<String> logs =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.endsWith(".log") && !name.equals("LOG"))
              .toList();
      return logs.size() == 1 ? Optional.of(logs.get(0)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String text(RocksDBException e) {
    return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
  }
}
