package org.elementvault.engine;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.regex.Pattern;

/** The rule every name of a tenant, user, dataset or element follows. */
public final class Names {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private Names() {}

  /**
   * Returns {@code name} if it is valid. An invalid name is not echoed back: it is input that
   * failed validation and may hold anything.
   *
   * @throws VaultException {@code USER_ERROR} naming the kind of name and the rule
   */
  @CanIgnoreReturnValue
  public static String check(String kind, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new VaultException(
          ErrorCode.USER_ERROR,
          "invalid "
              + kind
              + " name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a"
              + " letter or digit");
    }
    return name;
  }
}
