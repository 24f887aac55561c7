package org.elementvault.engine.oplog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.engine.store.Family;

/**
 * Lists stored entries of the operation log that match a {@link LogFilter}, in sequence order
 * ({@code evault log show}). Purged entries are gone and never listed. Thread-safe.
 */
public final class LogQuery {

  private final OperationLog log;

  private LogQuery(OperationLog log) {
    this.log = log;
  }

  /** A query over {@code log}'s stored entries. */
  public static LogQuery of(OperationLog log) {
    return new LogQuery(log);
  }

  /**
   * The stored entries matching {@code filter}, in sequence order.
   *
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} naming the entry if a stored
   *     entry fails authentication: nothing is listed from a tampered log
   */
  public List<LogEntry> find(LogFilter filter) {
    List<LogEntry> found = new ArrayList<>();
    log.store()
        .scan(
            Family.OPLOG,
            new byte[] {OperationLog.ENTRY},
            (key, value) -> {
              LogEntry entry = log.open(ByteBuffer.wrap(key, 1, Long.BYTES).getLong(), value);
              if (filter.matches(entry)) {
                found.add(entry);
              }
              return true;
            });
    return found;
  }
}
