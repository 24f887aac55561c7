package org.elementvault.engine.dataset;

import java.util.Objects;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;

/**
 * One column of a dataset and its classification.
 *
 * <p>A column whose name says it holds a password or PIN is refused: such secrets must not be
 * stored in the vault at all (see {@link #looksLikePasswordOrPin}).
 *
 * @param name the column's name, following {@link Names#check}
 * @param type the type of its values
 * @param level its classification level
 * @param pii the kind of personal information it holds, {@link PiiType#NONE} if none
 * @param quasiIdentifier whether it can help re-identify a person when combined with others
 * @param checkFormat whether an import checks every value against the format of {@code pii}; only
 *     for a PII type that {@linkplain PiiType#hasCheckableFormat() has one}
 */
public record Column(
    String name,
    ColumnType type,
    Level level,
    PiiType pii,
    boolean quasiIdentifier,
    boolean checkFormat) {

  /**
   * Parts of a name (split at {@code _} and {@code -}) that mark a password or PIN: {@code pwd},
   * {@code pin}, {@code pincode}, {@code mima} (密码).
   */
  private static final Set<String> SECRET_PARTS = Set.of("pwd", "pin", "pincode", "mima");

  /**
   * Strings that mark a password anywhere in a name: {@code password}, {@code passwd}, {@code
   * passphrase}, {@code passcode}.
   */
  private static final Set<String> SECRET_SUBSTRINGS =
      Set.of("password", "passwd", "passphrase", "passcode");

  public Column {
    Names.check("column", name);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(pii, "pii");
    if (looksLikePasswordOrPin(name)) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.secretColumnName(name));
    }
    if (checkFormat && !pii.hasCheckableFormat()) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.uncheckableFormat(name, pii));
    }
  }

  /** Returns a column of {@code type} at {@code level} with no PII type and no flags. */
  public static Column of(String name, ColumnType type, Level level) {
    return new Column(name, type, level, PiiType.NONE, false, false);
  }

  /**
   * Returns whether {@code name} says the column holds a password or PIN: it contains {@code
   * password}, {@code passwd}, {@code passphrase} or {@code passcode}, or one of its parts between
   * {@code _} and {@code -} is {@code pwd}, {@code pin}, {@code pincode} or {@code mima}. So {@code
   * pin_code}, {@code password_hash}, {@code user_pwd} and {@code atm-pin} are refused, while
   * {@code pinyin}, {@code spin_rate} and {@code passport_no} are not.
   */
  public static boolean looksLikePasswordOrPin(String name) {
    String lower = Ascii.toLowerCase(name);
    for (String secret : SECRET_SUBSTRINGS) {
      if (lower.contains(secret)) {
        return true;
      }
    }
    int start = 0;
    for (int i = 0; i <= lower.length(); i++) {
      if (i == lower.length() || lower.charAt(i) == '_' || lower.charAt(i) == '-') {
        if (SECRET_PARTS.contains(lower.substring(start, i))) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
