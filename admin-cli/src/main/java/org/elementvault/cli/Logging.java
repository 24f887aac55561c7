package org.elementvault.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the log on for {@code serve}. Every other command stays quiet because the logging
 * configuration ({@code logback.xml} on the class path, or the distribution's {@code
 * conf/logback.xml}) keeps its root level OFF until {@code evault.log.level} is set; the same
 * configuration is read again here with the level and format set, so an operator's edits apply.
 */
final class Logging {

  private Logging() {}

  /** Reconfigures Logback to log at INFO on stderr in {@code format}. */
  static void forServer(LogFormat format) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another slf4j backend on the class path is configured by its own means
    }
    context.reset();
    context.putProperty("evault.log.level", "INFO");
    context.putProperty("evault.log.libraries", "WARN");
    context.putProperty("evault.log.format", format.name());
    try {
      new ContextInitializer(context).autoConfig();
    } catch (JoranException e) {
      throw new CliException("the logging configuration cannot be read: fix conf/logback.xml");
    }
  }
}
