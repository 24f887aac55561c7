package org.elementvault.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command renders its result on stdout. */
enum OutputFormat {
  /** Aligned columns for people. */
  TABLE,
  /** One JSON document for scripts. */
  JSON,
  /** RFC 4180 CSV with a header row. */
  CSV;

  /**
   * Reads {@code --output} in any case. Arrow is binary and goes to a file only, so asking for it
   * on stdout is refused with the option that writes it.
   */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      String name = value.toUpperCase(Locale.ROOT);
      if (name.equals("ARROW") || name.equals("ARROWS")) {
        throw new TypeConversionException(
            "Arrow is written to a file only: use --out F.arrow (Arrow IPC file) or --out F.arrows"
                + " (Arrow IPC stream)");
      }
      for (OutputFormat format : values()) {
        if (format.name().equals(name)) {
          return format;
        }
      }
      throw new TypeConversionException("expected one of table, json or csv");
    }
  }
}
