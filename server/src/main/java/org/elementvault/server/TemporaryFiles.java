package org.elementvault.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files the server needs for one call (a token on its way to the caller, a checkpoint or an
 * export), in the vault's own {@code tmp/} directory (mode 700) and deleted when the call ends,
 * whatever happens.
 */
final class TemporaryFiles {

  private static final Logger logger = LoggerFactory.getLogger(TemporaryFiles.class);

  /** Work with a temporary file that is deleted afterwards. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Path file) throws Exception;
  }

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final Path directory;

  TemporaryFiles(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  /**
   * Runs {@code work} on the path of a file named {@code kind} that does not exist yet, in a new
   * directory of its own (mode 700), then deletes that directory and whatever was written to it.
   */
  <T> T with(String kind, Work<T> work) throws Exception {
    Files.createDirectories(directory, OWNER_ONLY);
    Path call = Files.createTempDirectory(directory, kind + "-", OWNER_ONLY);
    try {
      return work.apply(call.resolve(kind));
    } finally {
      delete(call);
    }
  }

  private static void delete(Path callDirectory) {
    try (Stream<Path> files = Files.list(callDirectory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(callDirectory);
    } catch (IOException e) {
      logger.error("could not delete a temporary file", e);
    }
  }
}
