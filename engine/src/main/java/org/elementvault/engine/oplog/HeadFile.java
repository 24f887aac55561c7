package org.elementvault.engine.oplog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.engine.VaultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation log's last acknowledged head (its size and the hash of its last entry), kept in a
 * small file beside the database and synced after every commit. RocksDB cannot tell that it came
 * back older than it was — a copy of its directory put back, a write-ahead log that lost its tail —
 * because everything it would compare against rolled back with it; this file did not.
 *
 * <h2>Layout</h2>
 *
 * {@value #FILE_NAME} holds the head sealed with the master key and bound to the vault id: {@code
 * size (8 bytes, big-endian) ‖ last hash}. It is replaced atomically (written aside, synced,
 * renamed, directory synced), so a crash leaves the old head or the new one.
 *
 * <h2>Guarantees</h2>
 *
 * The head is written after the database commit, so after a crash the database may be one commit
 * ahead of the file, never behind it: a database behind the file has lost acknowledged work. A
 * forged or foreign file fails authentication. Deleting the file is refused like damage.
 *
 * <p>Thread-safe as far as the log's serialized commits need: one writer at a time.
 */
public final class HeadFile implements OperationLog.HeadSink {

  /** The file's name in the vault directory. */
  public static final String FILE_NAME = "oplog.head";

  private static final Logger logger = LoggerFactory.getLogger(HeadFile.class);

  private final Path file;
  private final Aead sealer;
  private final String vaultId;

  private HeadFile(Path file, Aead sealer, String vaultId) {
    this.file = file;
    this.sealer = sealer;
    this.vaultId = vaultId;
  }

  /** The head file of the vault in {@code vaultDirectory}; {@code sealer} holds the master key. */
  public static HeadFile of(Path vaultDirectory, Aead sealer, String vaultId) {
    return new HeadFile(vaultDirectory.resolve(FILE_NAME), sealer, vaultId);
  }

  /**
   * Records that the log holds {@code size} entries ending in {@code lastHash}, synced to disk. The
   * commit it follows is durable already, so a failure here does not undo the operation: it is
   * logged, and the next commit writes the head again.
   */
  @Override
  public void acknowledged(long size, byte[] lastHash) {
    byte[] head =
        ByteBuffer.allocate(Long.BYTES + lastHash.length).putLong(size).put(lastHash).array();
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(sealer.seal(head, place())));
        channel.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      logger.warn(
          "the operation log's head could not be kept in {} ({}); the database holds the entry,"
              + " the next commit writes the head again",
          file,
          e.getClass().getSimpleName());
    }
  }

  /**
   * The refusal to give if {@code log} lacks the last acknowledged write: it is shorter than the
   * head in the file, or its entry at that position has another hash. Empty if it holds it.
   */
  public Optional<VaultException> lackedBy(OperationLog log) {
    long acknowledged;
    byte[] lastHash;
    try {
      ByteBuffer head = ByteBuffer.wrap(sealer.open(Files.readAllBytes(file), place()));
      if (head.remaining() <= Long.BYTES) {
        throw new CryptoException("the acknowledged head is malformed");
      }
      acknowledged = head.getLong();
      lastHash = new byte[head.remaining()];
      head.get(lastHash);
    } catch (NoSuchFileException e) {
      return Optional.of(LogMessages.headFileMissing(file));
    } catch (IOException | CryptoException e) {
      return Optional.of(LogMessages.headFileDamaged(file, e));
    }
    if (log.size() < acknowledged) {
      return Optional.of(LogMessages.olderThanAcknowledged(acknowledged, log.size()));
    }
    Optional<byte[]> stored = log.storedHash(acknowledged);
    if (acknowledged > 0 && !stored.map(hash -> Arrays.equals(hash, lastHash)).orElse(false)) {
      return Optional.of(LogMessages.divergesFromAcknowledged(acknowledged));
    }
    return Optional.empty();
  }

  private byte[] place() {
    return ("vault/" + vaultId + "/oplog-head-file").getBytes(StandardCharsets.UTF_8);
  }
}
