package org.elementvault.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A complete answer: status, content type and body.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body bytes
 */
record Reply(int status, String contentType, byte[] body) {

  Reply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  static Reply of(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
