package org.elementvault.sandbox.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.PiiType;
import org.jspecify.annotations.Nullable;

/**
 * Every function, operator and aggregate an element query may use, one entry each, with its privacy
 * facts (DESIGN.md, Sandbox step 3 and Release protection). The validator's allow-list ({@code
 * AllowedFunctions}), the SQL registration of the vault's own functions ({@link SqlFunctions}) and
 * the policy all derive from this list: a construct that has no entry does not exist for an element
 * query, and a new entry does not compile until it states every fact.
 *
 * <p>The facts:
 *
 * <ul>
 *   <li>{@link Role}: what the output is, for the policy — a masked or pseudonymized value of one
 *       column, a generalization, a computation that stays as raw as its inputs, a condition (one
 *       bit), or an aggregate (and whether it returns one member's value);
 *   <li>{@link Totality}: whether it can fail on some value. A job must not fail because of a row
 *       the threshold later suppresses, so only total entries run; the others become total by
 *       checks at compile time (constant arguments) or by a rewrite (division by zero is NULL);
 *   <li>{@link #fits(Column)}: for masking, pseudonymization and generalization, the columns its
 *       one column argument may be (it must be that bare column, never a literal or an expression);
 *   <li>{@link Width}: for generalizations, the constant that sets how coarse the output is.
 * </ul>
 */
public enum FunctionCatalog {
  // Masking: one bare column of its PII type in, its display-masked form out.
  MASK_ID_CARD("mask_id_card", "maskIdCard", Role.MASK, PiiType.ID_CARD),
  MASK_PHONE("mask_phone", "maskPhone", Role.MASK, PiiType.PHONE),
  MASK_NAME("mask_name", "maskName", Role.MASK, PiiType.NAME),
  MASK_ADDRESS("mask_address", "maskAddress", Role.MASK, PiiType.ADDRESS),
  MASK_BANK_CARD("mask_bank_card", "maskBankCard", Role.MASK, PiiType.BANK_CARD),
  MASK_EMAIL("mask_email", "maskEmail", Role.MASK, PiiType.EMAIL),
  /** Keyed HMAC, stable within one element: fits any bare column. */
  PSEUDONYM("pseudonym", "pseudonym", Role.PSEUDONYMIZE, null),

  // Generalization: one bare column in, a coarser value out, as coarse as the constant says.
  AGE_BAND("age_band", "ageBand", Width.YEARS),
  TRUNCATE_DATE("truncate_date", "truncateDate", Width.DATE_UNIT),
  ID_REGION("id_region", "idRegion", Width.NONE),
  BUCKET("bucket", "bucket", Width.NUMBER),

  // Scalar functions and operators: the output is as raw as the inputs.
  UPPER(SqlStdOperatorTable.UPPER, Role.COMPUTE, Totality.TOTAL),
  LOWER(SqlStdOperatorTable.LOWER, Role.COMPUTE, Totality.TOTAL),
  CHAR_LENGTH(SqlStdOperatorTable.CHAR_LENGTH, Role.COMPUTE, Totality.TOTAL),
  CHARACTER_LENGTH(SqlStdOperatorTable.CHARACTER_LENGTH, Role.COMPUTE, Totality.TOTAL),
  ABS(SqlStdOperatorTable.ABS, Role.COMPUTE, Totality.TOTAL),
  ROUND(SqlStdOperatorTable.ROUND, Role.COMPUTE, Totality.TOTAL),
  FLOOR(SqlStdOperatorTable.FLOOR, Role.COMPUTE, Totality.TOTAL),
  CEIL(SqlStdOperatorTable.CEIL, Role.COMPUTE, Totality.TOTAL),
  COALESCE(SqlStdOperatorTable.COALESCE, Role.COMPUTE, Totality.TOTAL),
  NULLIF(SqlStdOperatorTable.NULLIF, Role.COMPUTE, Totality.TOTAL),
  TRIM(SqlStdOperatorTable.TRIM, Role.COMPUTE, Totality.TOTAL),
  POSITION(SqlStdOperatorTable.POSITION, Role.COMPUTE, Totality.TOTAL),
  EXTRACT(SqlStdOperatorTable.EXTRACT, Role.COMPUTE, Totality.TOTAL),
  /** A negative length fails: only constant positions and lengths. */
  SUBSTRING(SqlStdOperatorTable.SUBSTRING, Role.COMPUTE, Totality.CONSTANT_ARGUMENTS),
  CONCAT(SqlStdOperatorTable.CONCAT, Role.COMPUTE, Totality.TOTAL),
  /** Total only between some types: see {@link #isTotalCast}. */
  CAST(SqlStdOperatorTable.CAST, Role.CAST, Totality.BY_TYPES),
  PLUS(SqlStdOperatorTable.PLUS, Role.COMPUTE, Totality.TOTAL),
  MINUS(SqlStdOperatorTable.MINUS, Role.COMPUTE, Totality.TOTAL),
  TIMES(SqlStdOperatorTable.MULTIPLY, Role.COMPUTE, Totality.TOTAL),
  DIVIDE(SqlStdOperatorTable.DIVIDE, Role.COMPUTE, Totality.NULL_ON_ZERO),
  MOD(SqlStdOperatorTable.MOD, Role.COMPUTE, Totality.NULL_ON_ZERO),
  MINUS_PREFIX(SqlStdOperatorTable.UNARY_MINUS, Role.COMPUTE, Totality.TOTAL),
  PLUS_PREFIX(SqlStdOperatorTable.UNARY_PLUS, Role.COMPUTE, Totality.TOTAL),
  CASE(SqlStdOperatorTable.CASE, Role.CASE, Totality.TOTAL),

  // Conditions: one bit per row, checked column by column.
  AND(SqlStdOperatorTable.AND, Role.CONDITION, Totality.TOTAL),
  OR(SqlStdOperatorTable.OR, Role.CONDITION, Totality.TOTAL),
  NOT(SqlStdOperatorTable.NOT, Role.CONDITION, Totality.TOTAL),
  EQUALS(SqlStdOperatorTable.EQUALS, Role.CONDITION, Totality.TOTAL),
  NOT_EQUALS(SqlStdOperatorTable.NOT_EQUALS, Role.CONDITION, Totality.TOTAL),
  LESS_THAN(SqlStdOperatorTable.LESS_THAN, Role.CONDITION, Totality.TOTAL),
  LESS_THAN_OR_EQUAL(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, Role.CONDITION, Totality.TOTAL),
  GREATER_THAN(SqlStdOperatorTable.GREATER_THAN, Role.CONDITION, Totality.TOTAL),
  GREATER_THAN_OR_EQUAL(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, Role.CONDITION, Totality.TOTAL),
  IS_NULL(SqlStdOperatorTable.IS_NULL, Role.CONDITION, Totality.TOTAL),
  IS_NOT_NULL(SqlStdOperatorTable.IS_NOT_NULL, Role.CONDITION, Totality.TOTAL),
  IS_TRUE(SqlStdOperatorTable.IS_TRUE, Role.CONDITION, Totality.TOTAL),
  IS_FALSE(SqlStdOperatorTable.IS_FALSE, Role.CONDITION, Totality.TOTAL),
  IS_NOT_TRUE(SqlStdOperatorTable.IS_NOT_TRUE, Role.CONDITION, Totality.TOTAL),
  IS_NOT_FALSE(SqlStdOperatorTable.IS_NOT_FALSE, Role.CONDITION, Totality.TOTAL),
  IS_DISTINCT_FROM(SqlStdOperatorTable.IS_DISTINCT_FROM, Role.CONDITION, Totality.TOTAL),
  IS_NOT_DISTINCT_FROM(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, Role.CONDITION, Totality.TOTAL),
  /** Ranges and IN lists, as the planner folds them. */
  SEARCH(SqlStdOperatorTable.SEARCH, Role.CONDITION, Totality.TOTAL),
  /** A malformed pattern fails: only constant patterns. */
  LIKE(SqlStdOperatorTable.LIKE, Role.CONDITION, Totality.CONSTANT_ARGUMENTS),

  // Aggregates.
  COUNT(SqlStdOperatorTable.COUNT, Role.AGGREGATE, Totality.TOTAL),
  SUM(SqlStdOperatorTable.SUM, Role.AGGREGATE, Totality.TOTAL),
  SUM0(SqlStdOperatorTable.SUM0, Role.AGGREGATE, Totality.TOTAL),
  AVG(SqlStdOperatorTable.AVG, Role.AGGREGATE, Totality.TOTAL),
  STDDEV_POP(SqlStdOperatorTable.STDDEV_POP, Role.AGGREGATE, Totality.TOTAL),
  STDDEV_SAMP(SqlStdOperatorTable.STDDEV_SAMP, Role.AGGREGATE, Totality.TOTAL),
  VAR_POP(SqlStdOperatorTable.VAR_POP, Role.AGGREGATE, Totality.TOTAL),
  VAR_SAMP(SqlStdOperatorTable.VAR_SAMP, Role.AGGREGATE, Totality.TOTAL),
  /** Returns one member's value: refused in every element query (the policy names why). */
  MIN(SqlStdOperatorTable.MIN, Role.MEMBER_AGGREGATE, Totality.TOTAL),
  /** Returns one member's value: refused in every element query (the policy names why). */
  MAX(SqlStdOperatorTable.MAX, Role.MEMBER_AGGREGATE, Totality.TOTAL);

  /** What an entry's output is, as the policy sees it. */
  public enum Role {
    /** Hides part of one column's characters, keeping its display shape. */
    MASK,
    /** Replaces one column's value by a keyed hash: joinable and groupable, not readable. */
    PSEUDONYMIZE,
    /** Maps one column's value to a coarser one: a band, a period, a region, a bucket. */
    GENERALIZE,
    /** Computes from its operands: as raw as they are. */
    COMPUTE,
    /** Converts one value's type: the column itself when it keeps its kind, else a computation. */
    CAST,
    /** Chooses a value by conditions: a condition on each branch, a computation of the values. */
    CASE,
    /** One bit per row. */
    CONDITION,
    /** An aggregate over a group that reveals no single member's value. */
    AGGREGATE,
    /** An aggregate that returns one member's value ({@code MIN}, {@code MAX}). */
    MEMBER_AGGREGATE
  }

  /** Whether an entry can fail on some value, and what makes it total in element queries. */
  public enum Totality {
    /** Never fails. */
    TOTAL,
    /** Total when every argument after the first is a constant, checked at compile time. */
    CONSTANT_ARGUMENTS,
    /** Total once rewritten to return NULL on a zero divisor. */
    NULL_ON_ZERO,
    /** Total between some types only ({@link #isTotalCast}); refused between the others. */
    BY_TYPES
  }

  /** The constant argument that sets how coarse a generalization is. */
  public enum Width {
    /** None: the output's coarseness is fixed ({@code id_region}). */
    NONE,
    /** A number on the 1, 2, 5 × 10ⁿ grid, at least the column's floor ({@code bucket}). */
    NUMBER,
    /** A whole number of years on the grid ({@code age_band}). */
    YEARS,
    /** {@code 'YEAR'} or {@code 'MONTH'} ({@code truncate_date}). */
    DATE_UNIT
  }

  private final String sqlName;
  private final @Nullable SqlOperator standard;
  private final @Nullable String javaName;
  private final Role role;
  private final Totality totality;
  private final @Nullable PiiType pii;
  private final @Nullable Width width;

  /** A masking or pseudonymization of one bare column ({@code pii} null: any column). */
  FunctionCatalog(String sqlName, String javaName, Role role, @Nullable PiiType pii) {
    this(sqlName, null, javaName, role, Totality.TOTAL, pii, null);
  }

  /** A generalization of one bare column; total because its width is a checked constant. */
  FunctionCatalog(String sqlName, String javaName, Width width) {
    this(sqlName, null, javaName, Role.GENERALIZE, Totality.CONSTANT_ARGUMENTS, null, width);
  }

  /** One of Calcite's standard functions, operators or aggregates. */
  FunctionCatalog(SqlOperator standard, Role role, Totality totality) {
    this(standard.getName(), standard, null, role, totality, null, null);
  }

  FunctionCatalog(
      String sqlName,
      @Nullable SqlOperator standard,
      @Nullable String javaName,
      Role role,
      Totality totality,
      @Nullable PiiType pii,
      @Nullable Width width) {
    this.sqlName = sqlName;
    this.standard = standard;
    this.javaName = javaName;
    this.role = role;
    this.totality = totality;
    this.pii = pii;
    this.width = width;
  }

  /** The name as an element query writes it (the vault's functions in lower case). */
  public String sqlName() {
    return sqlName;
  }

  /** Calcite's operator, for standard entries; empty for the vault's own functions. */
  public Optional<SqlOperator> standard() {
    return Optional.ofNullable(standard);
  }

  /** The name of the implementing method in {@link SqlFunctions}, for the vault's own functions. */
  public Optional<String> javaName() {
    return Optional.ofNullable(javaName);
  }

  public Role role() {
    return role;
  }

  public Totality totality() {
    return totality;
  }

  /** For generalizations, the constant that sets the output's coarseness. */
  public Optional<Width> width() {
    return Optional.ofNullable(width);
  }

  /** Whether a protecting entry may take {@code column} as its one column argument. */
  public boolean fits(Column column) {
    ColumnType.Kind type = column.type().kind();
    return switch (role) {
      case MASK -> column.pii() == pii && type == ColumnType.Kind.STRING;
      case PSEUDONYMIZE -> true;
      case GENERALIZE ->
          switch (java.util.Objects.requireNonNull(width)) {
            case YEARS -> type == ColumnType.Kind.DATE;
            case DATE_UNIT -> type == ColumnType.Kind.DATE || type == ColumnType.Kind.TIMESTAMP;
            case NONE -> column.pii() == PiiType.ID_CARD && type == ColumnType.Kind.STRING;
            case NUMBER -> isNumber(type);
          };
      case COMPUTE, CAST, CASE, CONDITION, AGGREGATE, MEMBER_AGGREGATE -> false;
    };
  }

  /** The entry of {@code operator} as it appears in a plan, if it has one. */
  public static Optional<FunctionCatalog> of(SqlOperator operator) {
    for (FunctionCatalog entry : values()) {
      if (java.util.Objects.equals(entry.standard, operator)) {
        return Optional.of(entry);
      }
    }
    SqlKind kind = operator.getKind();
    String name = operator.getName().toLowerCase(Locale.ROOT);
    for (FunctionCatalog entry : values()) {
      if (entry.standard == null ? entry.sqlName.equals(name) : matchesKind(entry, kind)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /**
   * Planners substitute equivalent operator instances (a typed {@code +}, a {@code SEARCH} built by
   * simplification); operators with a kind of their own match by kind, named functions never do.
   */
  private static boolean matchesKind(FunctionCatalog entry, SqlKind kind) {
    return kind != SqlKind.OTHER_FUNCTION
        && kind != SqlKind.OTHER
        && entry.standard != null
        && entry.standard.getKind() == kind;
  }

  /** The standard operators an element query may name: the validator's allow-list. */
  public static Set<SqlOperator> standardOperators() {
    return Arrays.stream(values())
        .map(FunctionCatalog::standard)
        .flatMap(Optional::stream)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The vault's own functions, implemented in {@link SqlFunctions}. */
  public static List<FunctionCatalog> vaultFunctions() {
    return Arrays.stream(values()).filter(e -> e.javaName != null).toList();
  }

  /** The masking function fit for the column's PII type, if there is one. */
  public static Optional<FunctionCatalog> maskFor(Column column) {
    return Arrays.stream(values()).filter(e -> e.role == Role.MASK && e.fits(column)).findFirst();
  }

  /** A generalization that fits the column, if there is one. */
  public static Optional<FunctionCatalog> generalizationFor(Column column) {
    if (column.pii() == PiiType.ID_CARD) {
      return Optional.of(ID_REGION);
    }
    return switch (column.type().kind()) {
      case DATE -> Optional.of(column.pii() == PiiType.BIRTH_DATE ? AGE_BAND : TRUNCATE_DATE);
      case TIMESTAMP -> Optional.of(TRUNCATE_DATE);
      case INT, BIGINT, DOUBLE, DECIMAL -> Optional.of(BUCKET);
      case BOOLEAN, STRING -> Optional.empty();
    };
  }

  /**
   * Whether a cast from {@code from} to {@code to} can never fail: to text, between dates and
   * timestamps, and between numbers where the target holds every integer digit of the source (a
   * scale cut rounds, it does not fail). Text to a number or a date fails on text that is not one,
   * a narrowing cast fails on overflow, and a double that is not finite has no decimal.
   */
  public static boolean isTotalCast(RelDataType from, RelDataType to) {
    SqlTypeName source = from.getSqlTypeName();
    SqlTypeName target = to.getSqlTypeName();
    if (SqlTypeName.CHAR_TYPES.contains(target)
        || source == target && source != SqlTypeName.DECIMAL) {
      return true;
    }
    if (SqlTypeName.DATETIME_TYPES.contains(source)) {
      return target == SqlTypeName.DATE || target == SqlTypeName.TIMESTAMP;
    }
    if (!SqlTypeName.NUMERIC_TYPES.contains(source)
        || !SqlTypeName.NUMERIC_TYPES.contains(target)) {
      return false;
    }
    if (SqlTypeName.APPROX_TYPES.contains(target)) {
      return true;
    }
    return !SqlTypeName.APPROX_TYPES.contains(source) && integerDigits(to) >= integerDigits(from);
  }

  /** Whether a cast keeps a value what it is: a number stays a number, a date a date, text text. */
  public static boolean keepsKind(RelDataType from, RelDataType to) {
    SqlTypeFamily source = from.getSqlTypeName().getFamily();
    SqlTypeFamily target = to.getSqlTypeName().getFamily();
    return source == target
        || source == SqlTypeFamily.DATE && target == SqlTypeFamily.TIMESTAMP
        || source == SqlTypeFamily.TIMESTAMP && target == SqlTypeFamily.DATE;
  }

  /**
   * Whether a cast keeps every value exactly, so a cast column is still the column: text to text at
   * least as long, exact numbers to numbers with as many integer and fractional digits, dates to
   * timestamps. {@code CAST(phone AS VARCHAR(3))} or {@code CAST(income AS INT)} is not the column.
   */
  public static boolean isLossless(RelDataType from, RelDataType to) {
    SqlTypeName source = from.getSqlTypeName();
    SqlTypeName target = to.getSqlTypeName();
    if (SqlTypeName.CHAR_TYPES.contains(source) && SqlTypeName.CHAR_TYPES.contains(target)) {
      return to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
          || from.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
              && to.getPrecision() >= from.getPrecision();
    }
    if (SqlTypeName.EXACT_TYPES.contains(source) && SqlTypeName.EXACT_TYPES.contains(target)) {
      return integerDigits(to) >= integerDigits(from) && scaleOf(to) >= scaleOf(from);
    }
    if (SqlTypeName.EXACT_TYPES.contains(source) && SqlTypeName.APPROX_TYPES.contains(target)) {
      return true;
    }
    return source == target || source == SqlTypeName.DATE && target == SqlTypeName.TIMESTAMP;
  }

  private static int scaleOf(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : 0;
  }

  private static int integerDigits(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      default -> type.getPrecision() - type.getScale();
    };
  }

  private static boolean isNumber(ColumnType.Kind kind) {
    return switch (kind) {
      case INT, BIGINT, DOUBLE, DECIMAL -> true;
      case BOOLEAN, STRING, DATE, TIMESTAMP -> false;
    };
  }
}
