package org.elementvault.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete answer: status, content type and body.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body bytes
 * @param jobId the job whose result the body is, sent in a header, or null
 */
record Reply(int status, String contentType, byte[] body, @Nullable String jobId) {

  Reply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  Reply(int status, String contentType, byte[] body) {
    this(status, contentType, body, null);
  }

  static Reply of(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
