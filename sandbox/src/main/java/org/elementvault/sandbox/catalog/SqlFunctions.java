package org.elementvault.sandbox.catalog;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.masking.Masking;
import org.jspecify.annotations.Nullable;

/**
 * The masking and generalization functions as Calcite calls them (DESIGN.md, Masking and
 * generalization functions). Each public static method implements the {@link FunctionCatalog} entry
 * that names it; overloads become overloaded SQL functions. Dates arrive as {@link Date}, which
 * Calcite converts to and from its internal day numbers with the same zone both ways.
 *
 * <p>{@code age_band} takes the job's business date and {@code pseudonym} the element's key from
 * {@link JobScope}, which the executor sets around a job.
 */
public final class SqlFunctions {

  private SqlFunctions() {}

  /** Adds every vault function of the {@link FunctionCatalog} to {@code schema}. */
  public static void register(SchemaPlus schema) {
    for (FunctionCatalog entry : FunctionCatalog.vaultFunctions()) {
      String javaName = entry.javaName().orElseThrow();
      List<Method> overloads =
          Arrays.stream(SqlFunctions.class.getDeclaredMethods())
              .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().equals(javaName))
              .toList();
      if (overloads.isEmpty()) {
        throw new IllegalStateException("no implementation of " + entry.sqlName());
      }
      overloads.forEach(m -> schema.add(entry.sqlName(), ScalarFunctionImpl.create(m)));
    }
  }

  public static @Nullable String maskIdCard(@Nullable String value) {
    return Masking.maskIdCard(value);
  }

  public static @Nullable String maskPhone(@Nullable String value) {
    return Masking.maskPhone(value);
  }

  public static @Nullable String maskName(@Nullable String value) {
    return Masking.maskName(value);
  }

  public static @Nullable String maskAddress(@Nullable String value) {
    return Masking.maskAddress(value);
  }

  public static @Nullable String maskBankCard(@Nullable String value) {
    return Masking.maskBankCard(value);
  }

  public static @Nullable String maskEmail(@Nullable String value) {
    return Masking.maskEmail(value);
  }

  public static @Nullable String pseudonym(@Nullable String value) {
    return value == null ? null : Masking.pseudonym(JobScope.current().pseudonymKey(), value);
  }

  public static @Nullable String idRegion(@Nullable String idCard) {
    return Masking.idRegion(idCard);
  }

  public static @Nullable String ageBand(@Nullable Date birthDate, int width) {
    return birthDate == null
        ? null
        : Masking.ageBand(birthDate.toLocalDate(), JobScope.current().today(), width);
  }

  public static @Nullable Date truncateDate(@Nullable Date date, String unit) {
    if (date == null) {
      return null;
    }
    LocalDate truncated = guarded(() -> Masking.truncateDate(date.toLocalDate(), unit));
    return Date.valueOf(truncated);
  }

  public static @Nullable BigDecimal bucket(@Nullable BigDecimal value, BigDecimal width) {
    return value == null ? null : guarded(() -> Masking.bucket(value, width));
  }

  /** NULL where the bucket's bound lies below the type's range: generalization never fails. */
  public static @Nullable Long bucket(@Nullable Long value, long width) {
    if (value == null) {
      return null;
    }
    try {
      return guarded(() -> Masking.bucket(value.longValue(), width));
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** As {@link #bucket(Long, long)}, for INT columns. */
  public static @Nullable Integer bucket(@Nullable Integer value, int width) {
    Long bucket = bucket(value == null ? null : Long.valueOf(value), width);
    return bucket == null || bucket < Integer.MIN_VALUE ? null : Integer.valueOf(bucket.intValue());
  }

  public static @Nullable Double bucket(@Nullable Double value, double width) {
    return value == null ? null : guarded(() -> Masking.bucket(value.doubleValue(), width));
  }

  private static <T> T guarded(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      throw new VaultException(ErrorCode.USER_ERROR, e.getMessage(), e);
    }
  }
}
