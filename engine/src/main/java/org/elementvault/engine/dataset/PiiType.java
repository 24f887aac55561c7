package org.elementvault.engine.dataset;

/**
 * The kind of personal information a column holds, which decides the masking functions fit for it.
 * Passwords and PINs are deliberately absent: they must not be stored in the vault at all, and the
 * schema parser refuses a column marked as one.
 */
public enum PiiType {
  /** The 18-character PRC resident ID (居民身份证号码, GB 11643-1999). */
  ID_CARD,
  /** A mainland mobile phone number. */
  PHONE,
  /** A person's name. */
  NAME,
  /** A postal address. */
  ADDRESS,
  /** A bank card number. */
  BANK_CARD,
  /** An email address. */
  EMAIL,
  /** A geographic location (coordinates or a precise place). */
  GEO,
  /** A date of birth. */
  BIRTH_DATE,
  /** Not personal information. */
  NONE;

  /**
   * Returns whether {@link PiiFormats} can check a value's format for this type, so a schema may
   * ask for {@code check_format}: names, addresses and places have no checkable format.
   */
  public boolean hasCheckableFormat() {
    return switch (this) {
      case ID_CARD, PHONE, BANK_CARD, EMAIL, BIRTH_DATE -> true;
      case NAME, ADDRESS, GEO, NONE -> false;
    };
  }
}
