package org.elementvault.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the one exception the engine throws. */
public final class VaultAssertions {

  private VaultAssertions() {}

  /**
   * Asserts that {@code call} throws a {@link VaultException} with exactly {@code code} and {@code
   * message}, and returns it.
   */
  @CanIgnoreReturnValue
  public static VaultException assertVaultException(
      ThrowingCallable call, ErrorCode code, String message) {
    VaultException thrown = catchThrowableOfType(VaultException.class, call);
    assertThat(thrown).as("expected a VaultException").isNotNull();
    assertThat(thrown).hasMessage(message);
    assertThat(thrown.code()).isEqualTo(code);
    return thrown;
  }
}
