package org.elementvault.engine.result;

import java.util.Objects;

/**
 * A released result, as the operation log records it.
 *
 * @param jobId the job that produced it
 * @param hash the suite hash of the result's bytes, lower-case hex
 * @param bytes the result's length in bytes
 */
public record Release(String jobId, String hash, long bytes) {

  public Release {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(hash, "hash");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be at least 0, got " + bytes);
    }
  }
}
