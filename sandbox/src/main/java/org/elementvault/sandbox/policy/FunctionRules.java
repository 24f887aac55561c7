package org.elementvault.sandbox.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.PiiType;

/**
 * The masking and generalization functions as the policy sees them: which column each fits, and
 * which masking function fits a PII type (for the fixes problems suggest).
 */
final class FunctionRules {

  /** A function callable in element queries that hides the value of its one column argument. */
  enum Kind {
    MASKING,
    GENERALIZATION
  }

  private static final Map<PiiType, String> MASKS =
      Map.of(
          PiiType.ID_CARD, "mask_id_card",
          PiiType.PHONE, "mask_phone",
          PiiType.NAME, "mask_name",
          PiiType.ADDRESS, "mask_address",
          PiiType.BANK_CARD, "mask_bank_card",
          PiiType.EMAIL, "mask_email");

  private FunctionRules() {}

  static Optional<Kind> kind(String function) {
    return switch (function.toLowerCase(Locale.ROOT)) {
      case "mask_id_card",
          "mask_phone",
          "mask_name",
          "mask_address",
          "mask_bank_card",
          "mask_email",
          "pseudonym" ->
          Optional.of(Kind.MASKING);
      case "age_band", "truncate_date", "id_region", "bucket" -> Optional.of(Kind.GENERALIZATION);
      default -> Optional.empty();
    };
  }

  /** Whether {@code function} may take {@code column} as its argument. */
  static boolean fits(String function, Column column) {
    ColumnType.Kind type = column.type().kind();
    return switch (function.toLowerCase(Locale.ROOT)) {
      case "pseudonym" -> true;
      case "age_band" -> type == ColumnType.Kind.DATE;
      case "truncate_date" -> type == ColumnType.Kind.DATE || type == ColumnType.Kind.TIMESTAMP;
      case "id_region" -> column.pii() == PiiType.ID_CARD;
      case "bucket" ->
          type == ColumnType.Kind.INT
              || type == ColumnType.Kind.BIGINT
              || type == ColumnType.Kind.DOUBLE
              || type == ColumnType.Kind.DECIMAL;
      default -> function.equalsIgnoreCase(MASKS.get(column.pii()));
    };
  }

  /** The masking function fit for the column's PII type, if there is one. */
  static Optional<String> maskFor(Column column) {
    return Optional.ofNullable(MASKS.get(column.pii()));
  }

  /** A generalization that fits the column, if there is one. */
  static Optional<String> generalizationFor(Column column) {
    if (column.pii() == PiiType.ID_CARD) {
      return Optional.of("id_region");
    }
    return switch (column.type().kind()) {
      case DATE -> Optional.of(column.pii() == PiiType.BIRTH_DATE ? "age_band" : "truncate_date");
      case TIMESTAMP -> Optional.of("truncate_date");
      case INT, BIGINT, DOUBLE, DECIMAL -> Optional.of("bucket");
      case BOOLEAN, STRING -> Optional.empty();
    };
  }
}
