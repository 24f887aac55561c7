package org.elementvault.sandbox.catalog;

import java.time.LocalDate;
import java.util.function.Supplier;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * What the SQL functions of one job need beyond their arguments: the business date {@code age_band}
 * counts ages on, and the element's pseudonym key. Set by the executor for the thread that runs the
 * job, cleared after.
 *
 * @param today the job's business date
 * @param pseudonymKey the element's secret HMAC key for {@code pseudonym()}
 */
public record JobScope(LocalDate today, byte[] pseudonymKey) {

  private static final ThreadLocal<JobScope> CURRENT = new ThreadLocal<>();

  /** Runs {@code work} with this scope current on this thread. */
  public <T> T run(Supplier<T> work) {
    JobScope previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  static JobScope current() {
    JobScope scope = CURRENT.get();
    if (scope == null) {
      throw new VaultException(ErrorCode.INTERNAL, "SQL functions called outside a job");
    }
    return scope;
  }

  @Override
  public String toString() {
    return "JobScope[today=" + today + ", pseudonymKey=(redacted)]";
  }
}
