package org.elementvault.cli;

/** How {@code serve} writes its log lines on stderr. */
enum LogFormat {
  /** One line of text per event, key-value pairs at its end. */
  TEXT,
  /** One JSON object per line, for log collectors. */
  JSON
}
