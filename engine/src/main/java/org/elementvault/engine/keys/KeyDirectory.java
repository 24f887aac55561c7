package org.elementvault.engine.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.elementvault.crypto.WrappedKey;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * The vault's {@code keys/} directory: one small file per wrapped tenant or dataset key, replaced
 * atomically. Keys live here rather than in RocksDB because RocksDB keeps deleted values in SST and
 * WAL files until compaction; deleting a file here really removes the key (crypto-shredding).
 * Thread-safe.
 */
public final class KeyDirectory {

  private final Path directory;

  public KeyDirectory(Path directory) {
    this.directory = directory;
  }

  /** Stores {@code key} under {@code name} (such as {@code tenant-7}), synced to disk. */
  public void write(String name, WrappedKey key) {
    Path target = file(name);
    Path temporary = directory.resolve(name + ".tmp");
    byte[] encoded =
        (Base64.getEncoder().encodeToString(key.sealed()) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    try {
      Files.deleteIfExists(temporary);
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(encoded));
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory();
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "writing key " + name + " failed", e);
    }
  }

  /**
   * Replaces the key stored under {@code name} with {@code key}, the same key wrapped anew under a
   * rotated parent, keeping the time it was first written (see {@link #writtenAt}). Atomic like
   * {@link #write}: a crash leaves one wrapping or the other.
   */
  public void rewrap(String name, WrappedKey key) {
    Instant created =
        writtenAt(name)
            .orElseThrow(() -> new VaultException(ErrorCode.INTERNAL, "key " + name + " vanished"));
    write(name, key);
    try {
      Files.setLastModifiedTime(file(name), FileTime.from(created));
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "writing key " + name + " failed", e);
    }
  }

  /** The key stored under {@code name}, if any. */
  public Optional<WrappedKey> read(String name) {
    try {
      String text = Files.readString(file(name), StandardCharsets.US_ASCII).trim();
      return Optional.of(new WrappedKey(Base64.getDecoder().decode(text)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw new VaultException(ErrorCode.INTEGRITY, "key " + name + " is unreadable", e);
    }
  }

  /** Whether a key is stored under {@code name}. */
  public boolean contains(String name) {
    return Files.exists(file(name));
  }

  /**
   * Destroys the key stored under {@code name} and its backup shield ({@link #shieldOf}):
   * overwrites each file with zeros, syncs, deletes it and syncs the directory. The shield goes
   * first, so a crash in between leaves the key, which the next open shreds again. Does nothing for
   * a file that is not there.
   */
  public void shred(String name) {
    destroy(shieldOf(name));
    destroy(name);
  }

  /**
   * The name of the backup shield of key {@code name} ({@code tenant-7} → {@code tenantshield-7},
   * {@code dataset-3-v2} → {@code datasetshield-3-v2}): the key that seals this key's copy in every
   * backup. It never leaves this directory, so shredding it makes every backup's copy of the key
   * useless.
   */
  public static String shieldOf(String name) {
    requireName(name);
    int dash = name.indexOf('-');
    return name.substring(0, dash) + "shield" + name.substring(dash);
  }

  private void destroy(String name) {
    Path target = file(name);
    try {
      if (Files.exists(target)) {
        long size = Files.size(target);
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.allocate((int) size));
          channel.force(true);
        }
        Files.delete(target);
        syncDirectory();
      }
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "shredding key " + name + " failed", e);
    }
  }

  /** The names of the stored keys of {@code kind} (such as {@code dataset}), in no order. */
  public List<String> names(String kind) {
    String prefix = kind + "-";
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(file -> file.startsWith(prefix) && file.endsWith(".key"))
          .map(file -> file.substring(0, file.length() - ".key".length()))
          .filter(name -> KeyName.parse(name).isPresent())
          .toList();
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "listing the key directory failed", e);
    }
  }

  /**
   * When the key stored under {@code name} was written: keys are written once and only rewrapped in
   * place ({@link #rewrap}), which keeps the time, so this is when the key was created.
   */
  public Optional<Instant> writtenAt(String name) {
    try {
      return Optional.of(Files.getLastModifiedTime(file(name)).toInstant());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading key " + name + " failed", e);
    }
  }

  /**
   * The versions of key {@code kind-number} stored here, oldest first: more than one while a
   * rotation re-encrypts what the older ones sealed.
   */
  public List<Integer> versions(String kind, long number) {
    return names(kind).stream()
        .map(name -> KeyName.parse(name).orElseThrow())
        .filter(name -> name.kind().equals(kind) && name.number() == number)
        .map(KeyName::version)
        .sorted()
        .toList();
  }

  private Path file(String name) {
    requireName(name);
    return directory.resolve(name + ".key");
  }

  private static void requireName(String name) {
    if (KeyName.parse(name).isEmpty()) {
      throw new IllegalArgumentException("key names are kind-number[-vN], got " + name);
    }
  }

  private void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
