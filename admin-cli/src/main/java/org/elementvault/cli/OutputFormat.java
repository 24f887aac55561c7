package org.elementvault.cli;

/** How a command renders its result on stdout. */
enum OutputFormat {
  /** Aligned columns for people. */
  TABLE,
  /** One JSON document for scripts. */
  JSON,
  /** RFC 4180 CSV with a header row. */
  CSV
}
