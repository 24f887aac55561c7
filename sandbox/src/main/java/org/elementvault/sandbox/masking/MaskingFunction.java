package org.elementvault.sandbox.masking;

import java.util.Locale;
import java.util.Optional;
import org.elementvault.engine.dataset.PiiType;

/**
 * The masking and generalization functions an element query may call, by SQL name, with the PII
 * types whose columns each may release. {@link #fits} answers for the PII type alone; whether the
 * column's SQL type suits the function's argument (a date for {@code age_band}, a number for {@code
 * bucket}) is the validator's concern.
 */
public enum MaskingFunction {
  /** {@link Masking#maskIdCard}. */
  MASK_ID_CARD("mask_id_card", Kind.MASKING),
  /** {@link Masking#maskPhone}. */
  MASK_PHONE("mask_phone", Kind.MASKING),
  /** {@link Masking#maskName}. */
  MASK_NAME("mask_name", Kind.MASKING),
  /** {@link Masking#maskAddress}. */
  MASK_ADDRESS("mask_address", Kind.MASKING),
  /** {@link Masking#maskBankCard}. */
  MASK_BANK_CARD("mask_bank_card", Kind.MASKING),
  /** {@link Masking#maskEmail}. */
  MASK_EMAIL("mask_email", Kind.MASKING),
  /** {@link Masking#pseudonym}: fits every PII type. */
  PSEUDONYM("pseudonym", Kind.MASKING),
  /** {@link Masking#ageBand}: birth dates and other dates. */
  AGE_BAND("age_band", Kind.GENERALIZATION),
  /** {@link Masking#truncateDate}: birth dates and other dates. */
  TRUNCATE_DATE("truncate_date", Kind.GENERALIZATION),
  /** {@link Masking#idRegion}: resident IDs. */
  ID_REGION("id_region", Kind.GENERALIZATION),
  /**
   * {@link Masking#bucket(java.math.BigDecimal, java.math.BigDecimal)}: coordinates and numbers.
   */
  BUCKET("bucket", Kind.GENERALIZATION);

  /** Whether a function hides a value's characters or coarsens its value. */
  public enum Kind {
    /** Hides all or part of one kind of value, keeping its display shape. */
    MASKING,
    /** Maps a value to a coarser one (a band, a period, a region, a bucket). */
    GENERALIZATION
  }

  private final String sqlName;
  private final Kind kind;

  MaskingFunction(String sqlName, Kind kind) {
    this.sqlName = sqlName;
    this.kind = kind;
  }

  /** Returns the function's name in SQL, in lower case. */
  public String sqlName() {
    return sqlName;
  }

  /** Returns whether the function masks or generalizes. */
  public Kind kind() {
    return kind;
  }

  /** Returns whether the function is a masking. */
  public boolean isMasking() {
    return kind == Kind.MASKING;
  }

  /** Returns whether the function may release a column of PII type {@code pii}. */
  public boolean fits(PiiType pii) {
    return switch (this) {
      case MASK_ID_CARD, ID_REGION -> pii == PiiType.ID_CARD;
      case MASK_PHONE -> pii == PiiType.PHONE;
      case MASK_NAME -> pii == PiiType.NAME;
      case MASK_ADDRESS -> pii == PiiType.ADDRESS;
      case MASK_BANK_CARD -> pii == PiiType.BANK_CARD;
      case MASK_EMAIL -> pii == PiiType.EMAIL;
      case PSEUDONYM -> true;
      case AGE_BAND, TRUNCATE_DATE -> pii == PiiType.BIRTH_DATE || pii == PiiType.NONE;
      case BUCKET -> pii == PiiType.GEO || pii == PiiType.NONE;
    };
  }

  /**
   * Returns the function named {@code name} in SQL, read case-insensitively, or empty if there is
   * none.
   */
  public static Optional<MaskingFunction> ofSqlName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (MaskingFunction function : values()) {
      if (function.sqlName.equals(lower)) {
        return Optional.of(function);
      }
    }
    return Optional.empty();
  }
}
