package org.elementvault.engine;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.regex.Pattern;

/** The rule every name of a tenant, user, dataset or element follows. */
public final class Names {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** Free text (contacts, reasons) is at most this long. */
  public static final int MAX_TEXT = 500;

  private Names() {}

  /** Whether {@code name} follows the rule. */
  public static boolean isValid(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * Returns {@code text} if it is free text the vault accepts: 1 to {@link #MAX_TEXT} characters on
   * one line, without control characters, so it cannot forge log or table lines.
   *
   * @throws VaultException {@code USER_ERROR} naming {@code what} and the rule
   */
  @CanIgnoreReturnValue
  public static String checkText(String what, String text) {
    if (text.isBlank()
        || text.length() > MAX_TEXT
        || text.chars().anyMatch(Character::isISOControl)) {
      throw new VaultException(
          ErrorCode.USER_ERROR,
          what
              + " must be 1 to "
              + MAX_TEXT
              + " characters on one line, without control characters");
    }
    return text;
  }

  /**
   * Returns {@code name} if it is valid. An invalid name is not echoed back: it is input that
   * failed validation and may hold anything.
   *
   * @throws VaultException {@code USER_ERROR} naming the kind of name and the rule
   */
  @CanIgnoreReturnValue
  public static String check(String kind, String name) {
    if (!isValid(name)) {
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
