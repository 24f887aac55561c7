package org.elementvault.cli;

import picocli.CommandLine.Option;

/** A review's decision, exactly one of {@code --approve} and {@code --reject}. */
final class Decision {
  @Option(names = "--approve", required = true)
  boolean approve;

  @Option(names = "--reject", required = true)
  boolean reject;
}
