package org.elementvault.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.VaultKeys;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open vault: one directory holding the key store ({@code vault.keystore}), the wrapped-key
 * directory ({@code keys/}) and the RocksDB database ({@code db/}).
 *
 * <p>The caller that opens a vault owns it and must {@link #close()} it, which wipes the master key
 * and releases the database lock. Only one process can have a vault open at a time. Thread-safe.
 */
public final class Vault implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Vault.class);

  private static final String DATABASE = "db";
  private static final String KEYS = "keys";

  /** META key of the vault marker: proves the database and key store belong together. */
  private static final byte[] MARKER_KEY = "vault".getBytes(StandardCharsets.US_ASCII);

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final Path directory;
  private final VaultKeys keys;
  private final VaultStore store;

  private Vault(Path directory, VaultKeys keys, VaultStore store) {
    this.directory = directory;
    this.keys = keys;
    this.store = store;
  }

  /**
   * Creates a vault in {@code directory}, which must be empty or absent, and returns it open. Fails
   * without leaving anything behind.
   *
   * @throws VaultException {@code USER_ERROR} if the directory is not empty or not a directory, or
   *     the secret is unusable
   */
  public static Vault init(Path directory, CipherSuite suite, Unlock unlock, VaultOptions options) {
    Path dir = directory.toAbsolutePath().normalize();
    boolean created = prepareEmptyDirectory(dir);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Primitives primitives = suite.primitives(options.random());
      VaultKeys keys = VaultKeys.create(primitives, unlock, options);
      opened.add(keys);
      Files.createDirectory(dir.resolve(KEYS), OWNER_ONLY);
      VaultStore store = VaultStore.create(dir.resolve(DATABASE));
      opened.add(store);
      store.put(Family.META, MARKER_KEY, marker(primitives, keys));
      // The key store is written last: a directory without one is not a vault.
      keys.file().write(dir);
      log.info("created vault {} ({}) at {}", keys.file().vaultId(), suite, dir);
      return new Vault(dir, keys, store);
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      removeCreated(dir, created);
      if (e instanceof VaultException vaultException) {
        throw vaultException;
      }
      throw new VaultException(ErrorCode.INTERNAL, "creating the vault in " + dir + " failed", e);
    }
  }

  /**
   * Opens the vault in {@code directory}.
   *
   * @throws VaultException {@code ACCESS_DENIED} with the message {@value VaultKeys#WRONG_SECRET}
   *     if the passphrase or key file is wrong; {@code USER_ERROR} if the directory is not a vault
   *     or is in use; {@code INTEGRITY} if the key store or database fails a check
   */
  public static Vault open(Path directory, Unlock unlock, VaultOptions options) {
    Path dir = directory.toAbsolutePath().normalize();
    KeyStoreFile file = KeyStoreFile.read(dir);
    Primitives primitives = file.suite().primitives(options.random());
    VaultKeys keys = VaultKeys.unlock(file, primitives, unlock, options.kdfFloor());
    VaultStore store;
    try {
      store = VaultStore.open(dir.resolve(DATABASE));
    } catch (RuntimeException e) {
      keys.close();
      throw e;
    }
    try {
      checkMarker(primitives, keys, store);
    } catch (RuntimeException e) {
      store.close();
      keys.close();
      throw e;
    }
    log.info("opened vault {} ({})", file.vaultId(), file.suite());
    return new Vault(dir, keys, store);
  }

  /** The sealed marker binds the database to this vault id, so a swapped database is caught. */
  private static byte[] marker(Primitives primitives, VaultKeys keys) {
    return primitives
        .aead(keys.master())
        .seal(markerPlaintext(keys), markerPlace(keys.file().vaultId()));
  }

  private static void checkMarker(Primitives primitives, VaultKeys keys, VaultStore store) {
    byte[] sealed =
        store
            .get(Family.META, MARKER_KEY)
            .orElseThrow(
                () ->
                    new VaultException(ErrorCode.INTEGRITY, "the vault's database has no marker"));
    try {
      byte[] plaintext =
          primitives.aead(keys.master()).open(sealed, markerPlace(keys.file().vaultId()));
      if (!Arrays.equals(plaintext, markerPlaintext(keys))) {
        throw new CryptoException("marker names another vault");
      }
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the vault's database does not belong to its key store", e);
    }
  }

  private static byte[] markerPlaintext(VaultKeys keys) {
    return ("evault/" + keys.file().vaultId() + "/" + keys.file().suite())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] markerPlace(String vaultId) {
    return ("vault/" + vaultId + "/meta/vault").getBytes(StandardCharsets.UTF_8);
  }

  /** Returns whether the directory had to be created. */
  private static boolean prepareEmptyDirectory(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new VaultException(ErrorCode.USER_ERROR, dir + " exists and is not a directory");
    }
    try {
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          if (entries.iterator().hasNext()) {
            throw new VaultException(
                ErrorCode.USER_ERROR,
                dir + " is not empty: a vault is created only in an empty or new directory");
          }
        }
        return false;
      }
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, OWNER_ONLY);
      return true;
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot create the vault directory " + dir, e);
    }
  }

  private static void removeCreated(Path dir, boolean removeDirectoryItself) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (removeDirectoryItself || !path.equals(dir)) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      log.warn("could not remove the partly created vault in {}", dir, e);
    }
  }

  private static void closeQuietly(List<AutoCloseable> resources) {
    for (AutoCloseable resource : reversed(resources)) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing a partly created vault failed", e);
      }
    }
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  /** This vault's random identifier. */
  public String id() {
    return keys.file().vaultId();
  }

  /** This vault's cipher suite. */
  public CipherSuite suite() {
    return keys.file().suite();
  }

  /** The absolute path of the vault directory. */
  public Path directory() {
    return directory;
  }

  /** The vault's public signing key, which auditors use to check signed tree heads. */
  public byte[] publicKey() {
    return keys.file().signingPublicKey();
  }

  @Override
  public void close() {
    store.close();
    keys.close();
    log.info("closed vault {}", id());
  }

  @Override
  public String toString() {
    return "Vault[" + id() + ", " + suite() + "]";
  }
}
