package org.elementvault.server.http;

import java.util.Arrays;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;

/**
 * The one mapping between the engine's error codes and HTTP statuses, used by the server to answer
 * and by {@link HttpApi} to turn an answer back into the same {@link ErrorCode}.
 */
public final class HttpErrors {

  private HttpErrors() {}

  /** The status a refusal of {@code code} is answered with. */
  public static int status(ErrorCode code) {
    return switch (code) {
      case USER_ERROR -> 400;
      case ACCESS_DENIED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case POLICY_REFUSED -> 422;
      case RESOURCE_LIMIT -> 429;
      case INTEGRITY, INTERNAL -> 500;
    };
  }

  /** The error code named {@code name} in an error body, if it is one. */
  public static Optional<ErrorCode> code(String name) {
    return Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(name)).findFirst();
  }

  /** The code for a status without a JSON body (a proxy's answer, say). */
  public static ErrorCode codeOfStatus(int status) {
    return switch (status) {
      case 400, 405, 411, 413, 415, 431 -> ErrorCode.USER_ERROR;
      case 401 -> ErrorCode.ACCESS_DENIED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 422 -> ErrorCode.POLICY_REFUSED;
      case 429, 503 -> ErrorCode.RESOURCE_LIMIT;
      default -> ErrorCode.INTERNAL;
    };
  }
}
