package org.elementvault.engine.oplog;

import java.time.Duration;
import java.time.Instant;
import org.elementvault.crypto.CryptoException;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;

/**
 * Purges old entries of the operation log within the retention rule ({@code evault log purge
 * --before DATE}).
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Entries are kept for at least {@link #MINIMUM_RETENTION} (180 days): a cut-off later than
 *       {@code now - 180 days} is refused, and the refusal is logged.
 *   <li>Only a prefix is purged: the entries from the first retained one up to the first entry at
 *       or after the cut-off. Their clear hashes stay, so the Merkle tree over all entries and
 *       every checkpoint stay verifiable, and the chain resumes at the first retained entry, whose
 *       previous hash must equal the last purged hash.
 *   <li>The deletion, the new sealed purge point (the first retained sequence) and the purge's own
 *       {@code log.purge} entry are written in one atomic batch through {@link
 *       OperationLog#commit}: a purge never happens unlogged.
 *   <li>A log that fails verification is not purged: that would destroy the evidence.
 * </ul>
 *
 * <p>Thread-safe: appends wait while a purge runs.
 */
public final class LogRetention {

  /** The shortest time an entry is kept, from the vault rules (at least six months). */
  public static final Duration MINIMUM_RETENTION = Duration.ofDays(180);

  static final String ACTION = "log.purge";

  private final OperationLog log;

  private LogRetention(OperationLog log) {
    this.log = log;
  }

  /** The retention of {@code log}. */
  public static LogRetention of(OperationLog log) {
    return new LogRetention(log);
  }

  /**
   * Deletes the stored entries older than {@code before}, as a prefix, and logs the purge as done
   * by {@code actor}.
   *
   * @param now the current time, from the vault's clock
   * @return the purge's own log entry
   * @throws org.elementvault.engine.VaultException {@code POLICY_REFUSED} naming the 180-day
   *     retention rule if {@code before} is later than {@code now - 180 days} (the refusal is
   *     logged first); {@code INTEGRITY} if the log fails verification; {@code INTERNAL} if the
   *     write fails, in which case nothing was purged
   */
  public LogEntry purgeBefore(String actor, Instant before, Instant now) {
    Instant latest = now.minus(MINIMUM_RETENTION);
    if (before.isAfter(latest)) {
      RuntimeException refusal = LogMessages.purgeRefused(MINIMUM_RETENTION, before, latest);
      LogEntry unused =
          log.append(new LogRecord(actor, "", ACTION, "", Outcome.REFUSED, refusal.getMessage()));
      throw refusal;
    }
    return log.exclusively(() -> purge(actor, before));
  }

  private LogEntry purge(String actor, Instant before) {
    VerifyReport report = LogVerifier.of(log).read().report();
    if (!report.ok()) {
      throw LogMessages.failsVerification(report, "nothing was purged");
    }
    long first;
    try {
      first = log.firstRetained();
    } catch (CryptoException e) {
      throw new IllegalStateException("the purge point opened during verification", e);
    }
    long end = first;
    while (end <= report.size() && log.entry(end).orElseThrow().time().isBefore(before)) {
      end++;
    }
    Batch effects = new Batch();
    String details;
    if (end == first) {
      details = LogMessages.nothingPurged(before);
    } else {
      effects.deleteRange(
          Family.OPLOG,
          OperationLog.key(OperationLog.ENTRY, first),
          OperationLog.key(OperationLog.ENTRY, end));
      log.putFirstRetained(effects, end);
      details = LogMessages.purged(first, end - 1, before);
    }
    return log.commit(new LogRecord(actor, "", ACTION, "", Outcome.OK, details), effects);
  }
}
