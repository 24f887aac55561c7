package org.elementvault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.log.Severity;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes a troff manual page per command ({@code evault.1}, {@code evault-tenant.1}, {@code
 * evault-tenant-list.1}…) for the version its second argument names into the directory its first
 * argument names. picocli-codegen describes each command of the very tree evault runs in AsciiDoc,
 * and Asciidoctor (on JRuby, so the build needs no Ruby) turns that into troff. The build runs it
 * when it packages the distribution; it lives with the tests so that neither library reaches the
 * shipped ones.
 */
public final class ManPages {

  private static final Options TROFF =
      Options.builder().backend("manpage").standalone(true).safe(SafeMode.SECURE).build();

  private ManPages() {}

  /** Writes the pages into {@code arguments[0]}, naming version {@code arguments[1]}. */
  public static void main(String... arguments) throws IOException {
    if (arguments.length != 2) {
      throw new IllegalArgumentException("usage: ManPages DIRECTORY VERSION");
    }
    Path directory = Files.createDirectories(Path.of(arguments[0]));
    CommandLine evault = CommandTree.whole(Map.of());
    nameVersion(evault, "evault " + arguments[1]);
    List<String> problems = new ArrayList<>();
    try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
      // A page Asciidoctor warns about would ship half-converted markup: the build stops instead.
      asciidoctor.registerLogHandler(
          entry -> {
            if (entry.getSeverity().compareTo(Severity.WARN) >= 0) {
              problems.add(entry.getMessage());
            }
          });
      write(asciidoctor, evault.getCommandSpec(), directory);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the manual pages are not clean troff: " + problems);
    }
  }

  /** The page of {@code command}, then those of its visible subcommands (aliases share a page). */
  private static void write(Asciidoctor asciidoctor, CommandSpec command, Path directory)
      throws IOException {
    StringWriter asciiDoc = new StringWriter();
    ManPageGenerator.writeSingleManPage(new PrintWriter(asciiDoc), command);
    Files.writeString(
        directory.resolve(command.qualifiedName("-") + ".1"),
        asciidoctor.convert(asciiDoc.toString(), TROFF),
        StandardCharsets.UTF_8);
    for (CommandSpec subcommand :
        command.subcommands().values().stream()
            .map(CommandLine::getCommandSpec)
            .distinct()
            .filter(spec -> !spec.usageMessage().hidden())
            .toList()) {
      write(asciidoctor, subcommand, directory);
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
