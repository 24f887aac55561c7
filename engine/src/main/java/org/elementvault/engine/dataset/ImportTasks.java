package org.elementvault.engine.dataset;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/** Waiting for an import's work on other threads: its refusals reach the caller as they were. */
final class ImportTasks {

  private ImportTasks() {}

  /**
   * The result of {@code task}, rethrowing its runtime exception (a refusal naming the row) as is.
   *
   * @param failure what failed, for anything else it threw
   */
  static <T> T await(Future<T> task, String failure) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultException(ErrorCode.INTERNAL, "the import was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new VaultException(ErrorCode.INTERNAL, failure, e.getCause());
    }
  }
}
