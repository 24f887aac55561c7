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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * Small secrets of the vault itself (such as the private keys of its TLS certificates), each sealed
 * under the master key in its own file of the {@code secrets/} directory, bound to its name so a
 * file renamed or moved from another vault fails to open. Replaced atomically. Thread-safe.
 *
 * <p>Master-key rotation must reseal these files together with the signing key.
 */
public final class SealedSecrets {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** The most bytes one secret may have: these hold keys and certificates, not data. */
  public static final int MAX_BYTES = 64 * 1024;

  private final Path directory;
  private final Aead sealer;
  private final String vaultId;

  public SealedSecrets(Path directory, Aead sealer, String vaultId) {
    this.directory = directory;
    this.sealer = sealer;
    this.vaultId = vaultId;
  }

  /** Seals {@code plaintext} and stores it under {@code name}, synced to disk. */
  public void put(String name, byte[] plaintext) {
    if (plaintext.length > MAX_BYTES) {
      throw new IllegalArgumentException("a secret is at most " + MAX_BYTES + " bytes");
    }
    Path target = file(name);
    Path temporary = directory.resolve(name + ".tmp");
    byte[] sealed = sealer.seal(plaintext, place(name));
    try {
      Files.createDirectories(directory);
      Files.deleteIfExists(temporary);
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(sealed));
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "writing secret " + name + " failed", e);
    }
  }

  /**
   * The secret stored under {@code name}, if any; the caller owns the returned bytes and should
   * wipe them after use.
   *
   * @throws VaultException {@code INTEGRITY} if the stored file fails to open
   */
  public Optional<byte[]> get(String name) {
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file(name));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading secret " + name + " failed", e);
    }
    try {
      return Optional.of(sealer.open(sealed, place(name)));
    } catch (CryptoException e) {
      throw new VaultException(ErrorCode.INTEGRITY, "secret " + name + " fails to open", e);
    }
  }

  private byte[] place(String name) {
    return ("vault/" + vaultId + "/secret/" + name).getBytes(StandardCharsets.UTF_8);
  }

  private Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("secret names are lower-case words joined by '-'");
    }
    return directory.resolve(name + ".sealed");
  }
}
