package org.elementvault.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evault demo}: the embedded end-to-end walk-through. It needs the sandbox, which is not
 * built yet, so for now it says what it will do and fails.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Walk through ElementVault end to end on synthetic data, in a fresh vault.")
final class DemoCommand implements Runnable {

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the demo vault.")
  @Nullable Path dir;

  @Override
  public void run() {
    throw new CliException(
        "the demo is not available yet: it needs the element sandbox, which is not built."
            + " When it is, 'evault demo' will create a vault, provision a tenant, import synthetic"
            + " residents data, submit, approve and run an element query, show its desensitized"
            + " result and verify the operation log.");
  }
}
