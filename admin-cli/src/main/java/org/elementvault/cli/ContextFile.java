package org.elementvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The config file that holds the saved contexts: {@code $EVAULT_CONFIG}, else {@code
 * $XDG_CONFIG_HOME/evault/config.json}, else {@code ~/.config/evault/config.json}.
 *
 * <p>The file is private to its owner (mode 600 in a directory of mode 700) and replaced
 * atomically, so a crash leaves the old or the new file, never half of one. A file others may read
 * or write is refused rather than used: it names the token file remote calls send, and another user
 * who could edit it could point it elsewhere.
 */
final class ContextFile {

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** Far above any real list of contexts; bounds what a damaged file can make us read. */
  private static final long MAX_BYTES = 1 << 20;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Path file;

  private ContextFile(Path file) {
    this.file = file;
  }

  /** The config file the environment names; it need not exist yet. */
  static ContextFile locate(Map<String, String> environment) {
    String explicit = environment.get("EVAULT_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return new ContextFile(Path.of(explicit));
    }
    String xdg = environment.get("XDG_CONFIG_HOME");
    Path base;
    if (xdg != null && !xdg.isBlank()) {
      base = Path.of(xdg);
    } else {
      String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
      base = Path.of(home, ".config");
    }
    return new ContextFile(base.resolve("evault").resolve("config.json"));
  }

  Path path() {
    return file;
  }

  /** The saved contexts; none if the file does not exist. */
  Contexts read() {
    byte[] bytes;
    try {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!OWNER_ONLY_FILE.containsAll(permissions)) {
        throw new CliException(
            "config file " + file + " may be read or changed by others: chmod 600 it");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new CliException(
            "config file " + file + " is over 1 MiB: it is not one evault wrote");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Contexts.EMPTY;
    } catch (IOException e) {
      throw new CliException("cannot read config file " + file);
    }
    try {
      Contexts contexts = JSON.readValue(bytes, Contexts.class);
      if (contexts == null) {
        throw new CliException(malformed());
      }
      return contexts;
    } catch (IOException | IllegalArgumentException e) {
      // Jackson's message may quote the file's content; name the file and the rule only.
      throw new CliException(malformed());
    }
  }

  private String malformed() {
    return "config file " + file + " is malformed: expected {\"current\", \"contexts\": [...]}";
  }

  /** Replaces the file with {@code contexts}, creating it and its directory owner-only. */
  void write(Contexts contexts) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(
            directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      }
      Path temporary =
          Files.createTempFile(
              directory, ".config", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
      try {
        Files.write(temporary, json(contexts));
        move(temporary);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new CliException("cannot write config file " + file);
    }
  }

  private void move(Path temporary) throws IOException {
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static byte[] json(Contexts contexts) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(contexts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("contexts always serialize", e);
    }
  }
}
