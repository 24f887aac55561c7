package org.elementvault.engine.oplog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * The operation log's user-facing texts: the rules a verification names and the exceptions this
 * package throws, kept in one place so tests and documentation quote the same words. None of them
 * carries a data value.
 */
final class LogMessages {

  static final String ENTRY_MISSING =
      "sequence continuity: the entry is missing (deleted, or entries reordered)";
  static final String HASH_MISSING = "sequence continuity: the entry's stored hash is missing";
  static final String NOT_AN_ENTRY_KEY = "sequence continuity: a stored key is not an entry's key";
  static final String ENTRY_AUTHENTICATION =
      "authentication: the sealed entry does not open at its position (edited, swapped or moved)";
  static final String ENTRY_SEQUENCE = "authentication: the entry records another sequence";
  static final String CHAIN_LINK =
      "hash chain: the entry's previous hash is not the hash of the entry before it";
  static final String CHAIN_HASH = "hash chain: the entry's hash does not match its contents";
  static final String STORED_HASH = "hash chain: the stored hash differs from the entry's hash";
  static final String HEAD_AUTHENTICATION = "head: the log's sealed head fails authentication";
  static final String HEAD_TRUNCATED =
      "head: the log ends before the size its sealed head records (truncated)";
  static final String HEAD_EXCEEDED = "head: an entry lies past the size its sealed head records";
  static final String HEAD_LAST_HASH =
      "head: the last entry's hash differs from the one its sealed head records";
  static final String PURGE_AUTHENTICATION =
      "purge point: the sealed purge point fails authentication";
  static final String PURGE_BEYOND_END = "purge point: it lies beyond the end of the log";
  static final String BELOW_PURGE_POINT = "purge point: an entry is stored below it";

  static final String CHECKPOINT_OTHER_VAULT = "checkpoint: it was made for another vault";
  static final String CHECKPOINT_SIGNATURE =
      "checkpoint: its signature does not verify with the vault's public key";
  static final String CHECKPOINT_LONGER =
      "checkpoint: the log is shorter than the checkpoint (truncated or rolled back)";
  static final String CHECKPOINT_CONSISTENCY =
      "checkpoint: the log does not extend the checkpoint's tree (consistency proof fails)";

  static final String EXPORT_TRUNCATED =
      "tree head: the export ends before the size its signed tree head records";
  static final String EXPORT_EXCEEDED =
      "tree head: an entry lies past the size its signed tree head records";
  static final String EXPORT_ROOT =
      "tree head: the Merkle root over the entries differs from the signed tree head's";
  static final String EXPORT_SIGNATURE =
      "tree head: its signature does not verify with the public key";
  static final String EXPORT_SUITE = "public key: its suite differs from the export's";
  static final String PUBLIC_KEY_INVALID = "public key: not a valid key of its suite";

  private LogMessages() {}

  /** The rule an export breaks by its shape: a missing field, a wrong type, an unknown format. */
  static String exportMalformed(String what) {
    return "export format: " + what;
  }

  static VaultException purgeRefused(Duration retention, Instant before, Instant latest) {
    return new VaultException(
        ErrorCode.POLICY_REFUSED,
        "the operation log keeps entries for at least "
            + retention.toDays()
            + " days (retention rule): purging before "
            + before
            + " is refused; the latest allowed cut-off is "
            + latest);
  }

  static String purged(long from, long to, Instant before) {
    return "purged entries " + from + " to " + to + ", older than " + before;
  }

  static String nothingPurged(Instant before) {
    return "no stored entry is older than " + before;
  }

  static VaultException failsVerification(VerifyReport report, String consequence) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the operation log fails verification (" + report.summary() + "), so " + consequence);
  }

  static VaultException cannotRead(String what, Path file, Exception cause) {
    return new VaultException(ErrorCode.USER_ERROR, "cannot read " + what + " " + file, cause);
  }

  static VaultException notA(String what, Path file) {
    return new VaultException(ErrorCode.USER_ERROR, file + " is not " + what);
  }

  static VaultException olderThanAcknowledged(long acknowledged, long stored) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the vault's database is older than its last acknowledged write (log entry "
            + acknowledged
            + ", database has "
            + stored
            + "): restore from a backup or investigate the disk");
  }

  static VaultException divergesFromAcknowledged(long acknowledged) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the vault's database differs from its last acknowledged write (log entry "
            + acknowledged
            + " has another hash): restore from a backup or investigate the disk");
  }

  static VaultException headFileMissing(Path file) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the operation log's acknowledged head "
            + file
            + " is missing: restore it from a backup or investigate the disk");
  }

  static VaultException headFileDamaged(Path file, Exception cause) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "the operation log's acknowledged head "
            + file
            + " fails its integrity check: restore it from a backup or investigate the disk",
        cause);
  }

  static VaultException cannotWrite(String what, Path file, Exception cause) {
    return new VaultException(ErrorCode.INTERNAL, "cannot write " + what + " " + file, cause);
  }
}
