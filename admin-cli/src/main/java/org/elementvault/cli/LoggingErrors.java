package org.elementvault.cli;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Reports errors in the logging configuration on stderr, one line each, and nothing else: without a
 * listener Logback prints its whole configuration status on stdout at the first warning, which
 * would corrupt a command's output. Named in {@code logback.xml}.
 */
public final class LoggingErrors implements StatusListener {

  @Override
  public void addStatusEvent(Status status) {
    if (status.getEffectiveLevel() >= Status.ERROR) {
      System.err.println("evault: logging configuration: " + status.getMessage());
    }
  }
}
