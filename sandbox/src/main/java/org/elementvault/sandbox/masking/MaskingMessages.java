package org.elementvault.sandbox.masking;

/**
 * The messages of the masking functions' argument errors, in one place so tests quote the same
 * text. They name the argument and the rule, never a value.
 */
final class MaskingMessages {

  static final String PSEUDONYM_KEY_TOO_SHORT = "pseudonym key must be at least 32 bytes";
  static final String AGE_BAND_WIDTH =
      "age_band width must be 1, 2, 5, 10, 20, 50 or 100 (1, 2 or 5 × 10ⁿ, at most 100)";
  static final String TRUNCATE_DATE_UNIT = "truncate_date unit must be YEAR or MONTH";
  static final String BUCKET_WIDTH = "bucket width must be positive and 1, 2 or 5 × 10ⁿ";
  static final String BUCKET_OVERFLOW = "bucket result is out of the range of BIGINT";

  private MaskingMessages() {}
}
