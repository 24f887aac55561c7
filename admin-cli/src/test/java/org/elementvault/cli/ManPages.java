package org.elementvault.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes an AsciiDoc manual page per command ({@code evault.adoc}, {@code evault-tenant.adoc},
 * {@code evault-tenant-list.adoc}…) for the version its second argument names into the directory
 * its first argument names. The build runs it when it packages the distribution; it lives with the
 * tests so that picocli-codegen stays out of the shipped libraries.
 */
public final class ManPages {

  private ManPages() {}

  /** Writes the pages into {@code arguments[0]}, naming version {@code arguments[1]}. */
  public static void main(String... arguments) throws IOException {
    if (arguments.length != 2) {
      throw new IllegalArgumentException("usage: ManPages DIRECTORY VERSION");
    }
    Path directory = Files.createDirectories(Path.of(arguments[0]));
    CommandLine evault = CommandTree.whole(Map.of());
    nameVersion(evault, "evault " + arguments[1]);
    int status =
        ManPageGenerator.generateManPage(
            directory.toFile(), null, new boolean[0], false, evault.getCommandSpec());
    if (status != 0) {
      throw new IllegalStateException(
          "the manual pages could not be written (status " + status + ")");
    }
  }

  /**
   * The build runs this on classes, not on the jar whose manifest the version provider reads; each
   * command carries its own copy of the provider.
   */
  private static void nameVersion(CommandLine command, String version) {
    command.getCommandSpec().versionProvider(() -> new String[] {version});
    command.getSubcommands().values().forEach(subcommand -> nameVersion(subcommand, version));
  }
}
