package org.elementvault.engine.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.elementvault.crypto.Hasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File handling shared by backup, verify and restore: empty targets, hashed copies, listings. */
final class BackupFiles {

  private static final Logger logger = LoggerFactory.getLogger(BackupFiles.class);

  static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private BackupFiles() {}

  /**
   * Makes {@code directory} an empty directory readable by its owner only, creating it if absent.
   *
   * @param what how messages name it ({@code backup directory})
   * @return whether it was created (and so may be removed entirely on failure)
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if it is not empty or not a
   *     directory
   */
  static boolean prepareEmpty(String what, Path directory) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw BackupMessages.notADirectory(what, directory);
    }
    try {
      if (Files.isDirectory(directory)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
          if (entries.iterator().hasNext()) {
            throw BackupMessages.notEmpty(what, directory);
          }
        }
        return false;
      }
      Path parent = directory.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(directory, OWNER_ONLY_DIRECTORY);
      return true;
    } catch (IOException e) {
      throw BackupMessages.io("creating " + what, directory, e);
    }
  }

  /**
   * Copies {@code source} to {@code target} (a new file, owner-only, synced) and returns its size
   * and digest; {@code relative} is its path in the manifest. Empty if the source vanished
   * meanwhile (a key shredded during the copy).
   */
  static Optional<BackupFile> copy(Path source, Path target, String relative, Hasher hasher) {
    return read(source).map(bytes -> store(target, relative, bytes, hasher));
  }

  /** The contents of {@code file}, or empty if it is not there (shredded meanwhile). */
  static Optional<byte[]> read(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw BackupMessages.io("reading", file, e);
    }
  }

  /** Writes {@code bytes} to the new file {@code target} and describes it as {@code relative}. */
  static BackupFile store(Path target, String relative, byte[] bytes, Hasher hasher) {
    write(target, bytes);
    return new BackupFile(relative, bytes.length, HexFormat.of().formatHex(hasher.hash(bytes)));
  }

  /** Writes {@code bytes} to the new file {@code target}, owner-only, synced. */
  static void write(Path target, byte[] bytes) {
    try {
      Path parent = target.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent, OWNER_ONLY_DIRECTORY);
      }
      Files.createFile(target, OWNER_ONLY_FILE);
      Files.write(target, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw BackupMessages.io("writing", target, e);
    }
  }

  /** The digest of {@code file}, lower-case hex, and its size. */
  static BackupFile describe(Path file, String relative, Hasher hasher) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new BackupFile(relative, bytes.length, HexFormat.of().formatHex(hasher.hash(bytes)));
    } catch (IOException e) {
      throw BackupMessages.io("reading", file, e);
    }
  }

  /** The regular files under {@code directory} as relative paths with {@code /}, sorted. */
  static List<String> list(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      List<String> files = new ArrayList<>();
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.add(directory.relativize(path).toString().replace('\\', '/'));
      }
      files.sort(Comparator.naturalOrder());
      return files;
    } catch (IOException e) {
      throw BackupMessages.io("listing", directory, e);
    }
  }

  /**
   * Undoes a failed write into a directory {@link #prepareEmpty} gave: removes what is in it, and
   * the directory itself if it was {@code created}.
   */
  static void undo(Path directory, boolean created) {
    if (created) {
      deleteTree(directory);
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      entries.forEach(BackupFiles::deleteTree);
    } catch (IOException e) {
      logger.warn("could not empty {} ({})", directory, e.getClass().getSimpleName());
    }
  }

  /** Removes {@code directory} and everything in it; a failure is logged, not thrown. */
  static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      logger.warn("could not remove {} ({})", directory, e.getClass().getSimpleName());
    }
  }
}
