package org.elementvault.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.elementvault.engine.tenant.Tenants;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time: an ISO instant ({@code 2026-03-01T08:00:00Z}) or a date ({@code
 * 2026-03-01}, meaning its start in China Standard Time, the vault's business zone).
 */
final class TimeConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    try {
      return value.contains("T")
          ? Instant.parse(value)
          : LocalDate.parse(value).atStartOfDay(Tenants.BUSINESS_ZONE).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "expected a date (2026-03-01) or an instant (2026-03-01T08:00:00Z)");
    }
  }
}
