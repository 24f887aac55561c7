package org.elementvault.cli;

/** A refusal or failure detected by the CLI itself, with a message fit to show the user. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
