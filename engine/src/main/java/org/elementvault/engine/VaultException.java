package org.elementvault.engine;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception that leaves the engine. Its message names the thing and the rule, never a data
 * value, key byte or passphrase, so shells may show it to users as it is.
 */
public final class VaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public VaultException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public VaultException(ErrorCode code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The category shells map to an exit code or HTTP status. */
  public ErrorCode code() {
    return code;
  }
}
