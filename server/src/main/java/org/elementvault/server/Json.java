package org.elementvault.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.server.api.ApiJson;
import org.elementvault.server.http.MediaTypes;

/** Request bodies read and replies written with the API's one JSON mapping. */
final class Json {

  private Json() {}

  /**
   * The body of {@code call} as a {@code type}.
   *
   * @throws VaultException {@code USER_ERROR} if it is not a JSON document of that shape; the
   *     message names the expected shape, never the content
   */
  static <T> T read(ApiCall call, Class<T> type) {
    try {
      T value = ApiJson.mapper().readValue(call.body(), type);
      if (value == null) {
        throw new VaultException(ErrorCode.USER_ERROR, malformed(type));
      }
      return value;
    } catch (StreamReadException e) {
      // Jackson's message would quote the key, which may be a value: name the rule only.
      String why =
          e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
              ? "malformed request body: a key appears twice in one JSON object"
              : malformed(type);
      throw new VaultException(ErrorCode.USER_ERROR, why);
    } catch (IOException | IllegalArgumentException e) {
      throw new VaultException(ErrorCode.USER_ERROR, malformed(type));
    }
  }

  private static String malformed(Class<?> type) {
    return "malformed request body: expected a JSON " + type.getSimpleName() + " object";
  }

  /** A 200 reply holding {@code value} as JSON. */
  static Reply ok(Object value) {
    return reply(200, value);
  }

  /** A reply with {@code status} holding {@code value} as JSON. */
  static Reply reply(int status, Object value) {
    try {
      return new Reply(status, MediaTypes.JSON, ApiJson.mapper().writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new VaultException(ErrorCode.INTERNAL, "a reply could not be written as JSON", e);
    }
  }
}
