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
import java.util.Objects;
import java.util.Optional;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;
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
 * {@value #FILE_NAME} is two slots of {@value #SLOT_BYTES} bytes, each {@code length (2 bytes,
 * big-endian) ‖ sealed head ‖ zeros}, the head sealed with the master key and bound to the vault
 * id: {@code size (8 bytes, big-endian) ‖ last hash}. A commit overwrites the slot of its size's
 * parity in place and syncs the file's data, one sync where replacing the file took two and a
 * rename; the other slot keeps the head before it, so a write torn by a crash leaves one whole
 * head. A slot is a disk sector, which is written whole or not at all. A file of one sealed head
 * (the layout before the slots) is read as it is and replaced by the slotted layout at the next
 * commit.
 *
 * <h2>Guarantees</h2>
 *
 * The head is written after the database commit, so after a crash the database may be one commit
 * ahead of the file, never behind it: a database behind the file has lost acknowledged work. The
 * newest slot that authenticates is the head; a forged or foreign file, where none does, is refused
 * as damage, and so is a deleted file.
 *
 * <p>Thread-safe as far as the log's serialized commits need: one writer at a time.
 */
public final class HeadFile implements OperationLog.HeadSink {

  /** The file's name in the vault directory. */
  public static final String FILE_NAME = "oplog.head";

  /** A slot's size: one disk sector, far above a sealed head's. */
  static final int SLOT_BYTES = 512;

  private static final int SLOTS = 2;

  private static final Logger logger = LoggerFactory.getLogger(HeadFile.class);

  private final Path file;
  private final Aead sealer;
  private final String vaultId;

  /**
   * What the file is known to hold in the slotted layout, so an unchanged head is not rewritten.
   */
  private @Nullable Known known;

  /** A head the file holds. */
  // Internal carrier, never exposed: the array is not copied.
  @SuppressWarnings("ArrayRecordComponent")
  private record Known(long size, byte[] lastHash) {
    boolean is(long otherSize, byte[] otherHash) {
      return size == otherSize && Arrays.equals(lastHash, otherHash);
    }
  }

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
    if (known != null && known.is(size, lastHash)) {
      return; // as the vault opens, when no crash came between a commit and its head
    }
    known = null;
    ByteBuffer slot = slot(size, lastHash);
    try {
      if (Files.isRegularFile(file) && Files.size(file) == (long) SLOTS * SLOT_BYTES) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.write(slot, Math.floorMod(size, SLOTS) * (long) SLOT_BYTES);
          channel.force(false);
        }
      } else {
        replace(slot);
      }
      known = new Known(size, lastHash.clone());
    } catch (IOException e) {
      logger.warn(
          "the operation log's head could not be kept in {} ({}); the database holds the entry,"
              + " the next commit writes the head again",
          file,
          e.getClass().getSimpleName());
    }
  }

  private ByteBuffer slot(long size, byte[] lastHash) {
    byte[] head =
        ByteBuffer.allocate(Long.BYTES + lastHash.length).putLong(size).put(lastHash).array();
    byte[] sealed = sealer.seal(head, place());
    ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
    slot.putShort((short) sealed.length).put(sealed).rewind();
    return slot;
  }

  /** Writes a new file with {@code slot} in both slots, atomically (aside, synced, renamed). */
  private void replace(ByteBuffer slot) throws IOException {
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(temporary);
    Files.createFile(
        temporary,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      for (int i = 0; i < SLOTS; i++) {
        channel.write(slot.duplicate());
      }
      channel.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
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
      byte[] bytes = Files.readAllBytes(file);
      ByteBuffer head = newestHead(bytes);
      acknowledged = head.getLong();
      lastHash = new byte[head.remaining()];
      head.get(lastHash);
      known = bytes.length == SLOTS * SLOT_BYTES ? new Known(acknowledged, lastHash) : null;
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

  /** The newest head in the file's bytes that authenticates, positioned at its size. */
  private ByteBuffer newestHead(byte[] bytes) throws CryptoException {
    if (bytes.length != SLOTS * SLOT_BYTES) {
      return opened(bytes);
    }
    @Nullable ByteBuffer newest = null;
    @Nullable CryptoException failure = null;
    for (int i = 0; i < SLOTS; i++) {
      ByteBuffer slot = ByteBuffer.wrap(bytes, i * SLOT_BYTES, SLOT_BYTES);
      int length = Short.toUnsignedInt(slot.getShort());
      try {
        if (length > slot.remaining()) {
          throw new CryptoException("a slot of the acknowledged head is malformed");
        }
        ByteBuffer head =
            opened(Arrays.copyOfRange(bytes, slot.position(), slot.position() + length));
        if (newest == null || head.getLong(0) > newest.getLong(0)) {
          newest = head;
        }
      } catch (CryptoException e) {
        failure = e; // a torn slot: the other holds the head before it
      }
    }
    if (newest == null) {
      throw Objects.requireNonNull(failure);
    }
    return newest;
  }

  private ByteBuffer opened(byte[] sealed) throws CryptoException {
    ByteBuffer head = ByteBuffer.wrap(sealer.open(sealed, place()));
    if (head.remaining() <= Long.BYTES) {
      throw new CryptoException("the acknowledged head is malformed");
    }
    return head;
  }

  /** The additional data every sealed head is bound to; package-private for the layout's tests. */
  byte[] place() {
    return ("vault/" + vaultId + "/oplog-head-file").getBytes(StandardCharsets.UTF_8);
  }
}
