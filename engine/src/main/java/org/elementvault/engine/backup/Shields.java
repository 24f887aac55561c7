package org.elementvault.engine.backup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyName;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.VaultKeys;

/**
 * The backup shields of a live vault: one random key per tenant, sealing and dataset key, wrapped
 * under the master key in the live {@code keys/} directory and never copied anywhere. A backup
 * holds each tenant and dataset key file sealed under that key's shield, so it can be restored only
 * with the live vault's shields at hand; and since shredding a key shreds its shield ({@link
 * KeyDirectory#shred}), a tenant exit or dataset drop reaches every backup taken before it,
 * registered or copied away.
 *
 * <p>The price: a backup cannot be restored without the live key directory (or a copy of it kept
 * under the vault's control). Thread-safe as far as {@link KeyDirectory} is.
 */
final class Shields {

  /**
   * The key files a backup shields: tenant, sealing and dataset keys (shields themselves never go).
   */
  private static final Pattern SHIELDED =
      Pattern.compile("(tenant|sealing|dataset)-[0-9]+(-v[0-9]+)?");

  /** The suffix of a shielded key file in a backup's {@code keys/}. */
  static final String SUFFIX = ".shielded";

  private final Path liveDirectory;
  private final KeyDirectory keys;
  private final KeyHierarchy master;
  private final Primitives primitives;
  private final String vaultId;

  Shields(
      Path liveDirectory,
      KeyDirectory keys,
      KeyHierarchy master,
      Primitives primitives,
      String vaultId) {
    this.liveDirectory = liveDirectory;
    this.keys = keys;
    this.master = master;
    this.primitives = primitives;
    this.vaultId = vaultId;
  }

  /**
   * The shields kept in the live vault in {@code live}, unlocked with its master secret.
   *
   * @throws VaultException {@code USER_ERROR} if {@code live} is not the vault {@code vaultId}
   *     (whose backup is being read); {@code ACCESS_DENIED} if the secret is wrong
   */
  static Shields open(Path live, String vaultId, Unlock unlock, VaultOptions options) {
    Path directory = live.toAbsolutePath().normalize();
    KeyStoreFile keyStore = KeyStoreFile.read(directory);
    if (!keyStore.vaultId().equals(vaultId)) {
      throw BackupMessages.otherVault(directory);
    }
    Primitives primitives = keyStore.suite().primitives(options.random());
    try (VaultKeys keys = VaultKeys.unlock(keyStore, primitives, unlock, options.kdfFloor())) {
      return new Shields(
          directory,
          new KeyDirectory(directory.resolve(Vault.KEYS)),
          KeyHierarchy.of(primitives, keys.master()),
          primitives,
          vaultId);
    }
  }

  /**
   * The live vault's key store. It wraps the same master key as the backup's copy, for the secret
   * that is current now: a backup taken before {@code keys rotate --master} opens with the new
   * secret, and a vault restored from it gets this key store.
   */
  KeyStoreFile liveKeyStore() {
    return KeyStoreFile.read(liveDirectory);
  }

  /**
   * Shreds every shield whose key is gone. A shield outlives its key only when a backup created it
   * while the key was being shredded; left alone, it would let a backup taken then open the key.
   */
  void shredOrphans() {
    for (String kind : List.of("tenant", "sealing", "dataset")) {
      for (String shield : keys.names(kind + "shield")) {
        String key = kind + shield.substring(shield.indexOf('-'));
        if (!keys.contains(key)) {
          keys.shred(shield);
        }
      }
    }
  }

  /**
   * Whether the live vault holds a newer version of key {@code name}: the key was rotated, not
   * shredded with its tenant or dataset, after a backup took a copy of it.
   */
  boolean hasNewerVersion(String name) {
    KeyName key = KeyName.parse(name).orElseThrow();
    return keys.versions(key.kind(), key.number()).stream().anyMatch(v -> v > key.version());
  }

  /** Whether the key stored under {@code name} goes into a backup, shielded. */
  static boolean isShielded(String name) {
    return SHIELDED.matcher(name).matches();
  }

  /**
   * The contents of key file {@code name} sealed under its shield, which is created if the key has
   * none yet.
   */
  byte[] shield(String name, byte[] contents) {
    String shieldName = KeyDirectory.shieldOf(name);
    if (!keys.contains(shieldName)) {
      KeyMaterial fresh = primitives.newKey();
      try {
        keys.write(shieldName, master.wrap(fresh, place(shieldName)));
      } finally {
        fresh.destroy();
      }
    }
    KeyMaterial shield = unwrap(shieldName).orElseThrow();
    try {
      return primitives.aead(shield).seal(contents, associatedData(name));
    } finally {
      shield.destroy();
    }
  }

  /**
   * The contents of key file {@code name} from its shielded copy, or empty if its shield is gone:
   * the key was shredded in the live vault after the backup was taken.
   *
   * @throws VaultException {@code INTEGRITY} if the copy does not open under the shield
   */
  Optional<byte[]> unshield(String name, byte[] shielded) {
    Optional<KeyMaterial> shield = unwrap(KeyDirectory.shieldOf(name));
    if (shield.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(primitives.aead(shield.get()).open(shielded, associatedData(name)));
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY,
          "the backup's key " + name + " does not open under the live vault's shield",
          e);
    } finally {
      shield.get().destroy();
    }
  }

  private Optional<KeyMaterial> unwrap(String shieldName) {
    return keys.read(shieldName)
        .map(
            wrapped -> {
              try {
                return master.unwrap(wrapped, place(shieldName));
              } catch (CryptoException e) {
                throw new VaultException(
                    ErrorCode.INTEGRITY, "key " + shieldName + " fails to unwrap", e);
              }
            });
  }

  private static String place(String shieldName) {
    return "shield/" + shieldName;
  }

  private byte[] associatedData(String name) {
    return ("vault/" + vaultId + "/backup-key/" + name).getBytes(StandardCharsets.UTF_8);
  }
}
