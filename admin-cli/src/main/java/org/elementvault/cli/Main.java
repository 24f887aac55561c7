package org.elementvault.cli;

import java.io.PrintWriter;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.elementvault.engine.VaultException;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code evault}. Exit status: 0 done; 1 refused or failed, with one line on stderr
 * naming what and why; 2 bad usage.
 */
public final class Main {

  /** Refused or failed. */
  static final int FAILED = 1;

  /** Bad usage. */
  static final int USAGE = 2;

  private Main() {}

  @SuppressForbidden // the one place the process ends
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, args));
  }

  /** Runs one command line, writing to {@code out} and {@code err}; returns the exit status. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, System.getenv(), args);
  }

  /** Runs one command line with {@code environment} as the process environment. */
  static int run(
      PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
    CommandLine commandLine = CommandTree.forArguments(environment, args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExitCodeExceptionMapper(exception -> FAILED);
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          err.println("evault: " + exception.getMessage());
          var unused = UnmatchedArgumentException.printSuggestions(exception, err);
          err.println("Try '" + commandPath(exception.getCommandLine()) + " --help'.");
          return USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          err.println("evault: " + describe(exception));
          return FAILED;
        });
    int status;
    try {
      status = commandLine.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands only exceptions to the handler above; an error ends up here.
      err.println("evault: " + describe(e));
      status = FAILED;
    }
    out.flush();
    err.flush();
    return status;
  }

  private static String commandPath(CommandLine commandLine) {
    return commandLine.getCommandSpec().qualifiedName(" ");
  }

  /**
   * One line for the user. Engine and CLI messages are written to be shown; running out of memory
   * says how to give the JVM more; anything else is a fault whose message could carry a value, so
   * only its kind is shown. Wrappers from thread pools and futures are looked through.
   */
  static String describe(Throwable failure) {
    Throwable cause = unwrapped(failure);
    if (cause instanceof VaultException || cause instanceof CliException) {
      return cause.getMessage();
    }
    if (cause instanceof OutOfMemoryError) {
      return "out of memory (the JVM may use "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024)
          + " MiB): give it more, e.g. EVAULT_JAVA_OPTS=-Xmx4g, or work on less at once";
    }
    return "internal error ("
        + cause.getClass().getSimpleName()
        + "); this is a bug in evault: please report it";
  }

  /** The failure inside wrappers that only say it happened on another thread. */
  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException
            || cause instanceof CompletionException
            || cause instanceof CommandLine.ExecutionException
            || cause instanceof UndeclaredThrowableException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
