package org.elementvault.engine.job;

import java.util.regex.Pattern;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/** Job ids: {@code j} and the number of the persistent job sequence. */
final class JobIds {

  private static final Pattern ID = Pattern.compile("j[1-9][0-9]{0,17}");

  private JobIds() {}

  static boolean isValid(String id) {
    return ID.matcher(id).matches();
  }

  static String of(long number) {
    return "j" + number;
  }

  static long number(String id) {
    return Long.parseLong(id.substring(1));
  }

  /**
   * Checks a job id the caller typed.
   *
   * @throws VaultException {@code USER_ERROR} naming the rule, never echoing the input
   */
  static String check(String id) {
    if (!isValid(id)) {
      throw new VaultException(ErrorCode.USER_ERROR, JobMessages.badId());
    }
    return id;
  }
}
