package org.elementvault.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete answer: status, content type and body.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body bytes
 * @param jobId the job whose result the body is, sent in a header, or null
 * @param retryAfter how long a refused client should wait ({@code Retry-After}), or null
 */
record Reply(
    int status,
    String contentType,
    byte[] body,
    @Nullable String jobId,
    @Nullable Duration retryAfter) {

  Reply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  Reply(int status, String contentType, byte[] body, @Nullable String jobId) {
    this(status, contentType, body, jobId, null);
  }

  Reply(int status, String contentType, byte[] body) {
    this(status, contentType, body, null, null);
  }

  /** This reply telling the client to wait {@code wait} before trying again. */
  Reply withRetryAfter(Duration wait) {
    return new Reply(status, contentType, body, jobId, wait);
  }

  static Reply of(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
