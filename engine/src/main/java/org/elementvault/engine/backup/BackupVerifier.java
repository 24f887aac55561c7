package org.elementvault.engine.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.KeyName;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.VaultKeys;
import org.elementvault.engine.oplog.LogVerifier;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;

/**
 * Verifies a backup ({@code evault backup verify DIR}) with the vault's master secret, and no live
 * vault: the manifest authenticates under the backup key; every file is there, listed, and of the
 * listed size and digest; a copy in a temporary directory opens as a vault; its operation log
 * verifies and has the manifest's size and root; and every chunk of every dataset version opens
 * under its key at its place ({@link Datasets#authenticateChunks()}).
 *
 * <h2>Failure modes</h2>
 *
 * A wrong secret is {@code ACCESS_DENIED}; anything damaged, missing, added or forged is {@code
 * INTEGRITY} with one line naming the file (or the log or dataset) at fault. The backup itself is
 * never written to: only the temporary copy is opened, and it is removed afterwards.
 */
public final class BackupVerifier {

  private BackupVerifier() {}

  /**
   * Verifies the backup in {@code backup}, whose tenant and dataset keys open with the shields of
   * the live vault in {@code live}; keys shredded there since count as shredded, not as damage.
   *
   * @throws org.elementvault.engine.VaultException as described above
   */
  public static VerifiedBackup verify(Path backup, Path live, Unlock unlock, VaultOptions options) {
    Path copy;
    try {
      copy = Files.createTempDirectory("evault-verify-", BackupFiles.OWNER_ONLY_DIRECTORY);
    } catch (IOException e) {
      throw BackupMessages.io("creating a temporary directory for", backup, e);
    }
    try {
      return openCopy(
          backup,
          copy,
          vaultId -> Shields.open(live, vaultId, unlock, options),
          unlock,
          options,
          (vault, verified) -> {});
    } finally {
      BackupFiles.deleteTree(copy);
    }
  }

  /**
   * Checks the backup's manifest and files, copies them into {@code target} (an empty directory),
   * opens the copy as a vault, verifies its log and chunks, and hands it to {@code then} before
   * closing it.
   */
  static VerifiedBackup openCopy(
      Path backup,
      Path target,
      Function<String, Shields> shieldsOf,
      Unlock unlock,
      VaultOptions options,
      BiConsumer<Vault, VerifiedBackup> then) {
    Path directory = backup.toAbsolutePath().normalize();
    if (!Files.isRegularFile(directory.resolve(BackupManifest.FILE_NAME))) {
      throw BackupMessages.notABackup(directory);
    }
    Shields shields = shieldsOf.apply(KeyStoreFile.read(directory).vaultId());
    KeyStoreFile liveKeyStore = shields.liveKeyStore();
    Checked checked = checkFiles(directory, liveKeyStore, unlock, options);
    BackupManifest manifest = checked.manifest();
    try {
      // A vault has a key directory even when every key in it was shredded.
      Files.createDirectories(target.resolve(Vault.KEYS), BackupFiles.OWNER_ONLY_DIRECTORY);
    } catch (IOException e) {
      throw BackupMessages.io("creating", target.resolve(Vault.KEYS), e);
    }
    List<String> shreddedKeys = new ArrayList<>();
    for (BackupFile file : manifest.files()) {
      Path source = BackupChain.locate(directory, checked.bases(), file);
      byte[] bytes = BackupFiles.read(source).orElseThrow(() -> BackupMessages.fileMissing(source));
      if (file.path().equals(KeyStoreFile.FILE_NAME)) {
        // Same master key, wrapped for the current secret (see Shields#liveKeyStore).
        liveKeyStore.write(target);
        continue;
      }
      Optional<String> key = shieldedKey(file.path());
      if (key.isEmpty()) {
        BackupFiles.write(target.resolve(file.path()), bytes);
        continue;
      }
      Optional<byte[]> contents = shields.unshield(key.get(), bytes);
      if (contents.isPresent()) {
        BackupFiles.write(target.resolve(Vault.KEYS).resolve(key.get() + ".key"), contents.get());
      } else {
        shreddedKeys.add(key.get());
      }
    }
    try (Vault vault = Vault.open(target, unlock, options)) {
      VerifyReport report = LogVerifier.of(vault.log()).verify();
      if (!report.ok()) {
        throw BackupMessages.logFails(report.summary());
      }
      HexFormat hex = HexFormat.of();
      if (report.size() != manifest.logSize()
          || !hex.formatHex(report.rootHash()).equals(manifest.logRoot())) {
        throw BackupMessages.logDiffers();
      }
      String lastHash = hex.formatHex(vault.log().lastHash());
      List<String> shredded = completeShredding(vault, shreddedKeys, shields::hasNewerVersion);
      long chunks = vault.datasets().authenticateChunks();
      Inventory inventory = Inventory.of(vault.datasets().all());
      VerifiedBackup verified = new VerifiedBackup(manifest, inventory, chunks, lastHash, shredded);
      then.accept(vault, verified);
      return verified;
    }
  }

  /** The key a backup file holds shielded ({@code keys/tenant-3.shielded} → {@code tenant-3}). */
  private static Optional<String> shieldedKey(String path) {
    String prefix = Vault.KEYS + "/";
    if (!path.startsWith(prefix) || !path.endsWith(Shields.SUFFIX)) {
      return Optional.empty();
    }
    String name = path.substring(prefix.length(), path.length() - Shields.SUFFIX.length());
    return Shields.isShielded(name) ? Optional.of(name) : Optional.empty();
  }

  /**
   * Destroys, in the copy, the tenants and datasets whose keys the live vault shredded after the
   * backup: their data could not be read anyway, and now the copy says so, logged, as the live
   * vault does. A key version destroyed by a rotation completed after the backup counts the same:
   * the backup's chunks of that dataset were sealed under it. Returns them as {@code tenant T} and
   * {@code dataset T/D}.
   */
  private static List<String> completeShredding(
      Vault vault, List<String> keys, Predicate<String> rotated) {
    Principal admin = vault.admin();
    List<String> shredded = new ArrayList<>();
    for (String key : keys) {
      if (key.startsWith("tenant-")) {
        Optional<Tenant> tenant = vault.tenants().byId(idOf(key));
        if (tenant.isPresent() && tenant.get().state() != TenantState.DESTROYED) {
          String name = tenant.get().name();
          var unused = vault.exitTenant(admin, name, name);
          shredded.add(
              "tenant "
                  + name
                  + (rotated.test(key) ? " (its key was rotated since the backup)" : ""));
        }
      }
    }
    for (String key : keys) {
      if (key.startsWith("dataset-")) {
        long id = idOf(key);
        for (Dataset dataset : vault.datasets().all()) {
          if (dataset.id() == id) {
            String tenant = vault.tenantName(dataset.tenantId());
            var unused = vault.datasets().drop(admin, tenant, dataset.name(), dataset.name());
            shredded.add(
                "dataset "
                    + tenant
                    + "/"
                    + dataset.name()
                    + (rotated.test(key) ? " (its key was rotated since the backup)" : ""));
          }
        }
      }
    }
    return shredded;
  }

  /** The tenant's or dataset's id in a key name, whatever its version. */
  private static long idOf(String key) {
    return KeyName.parse(key).orElseThrow().number();
  }

  /** A backup's authenticated manifest and the directories of its bases. */
  private record Checked(BackupManifest manifest, List<Path> bases) {}

  /**
   * Authenticates the manifest under the master key of {@code keyStore} (the live vault's), finds
   * its bases and checks every file against it, wherever it lives.
   */
  private static Checked checkFiles(
      Path directory, KeyStoreFile keyStore, Unlock unlock, VaultOptions options) {
    Path manifestFile = directory.resolve(BackupManifest.FILE_NAME);
    Primitives primitives = keyStore.suite().primitives(options.random());
    BackupManifest manifest;
    try (VaultKeys keys = VaultKeys.unlock(keyStore, primitives, unlock, options.kdfFloor())) {
      manifest =
          BackupManifest.open(
              Files.readAllBytes(manifestFile),
              BackupKey.sealer(primitives, keys.master()),
              keyStore.vaultId());
    } catch (CryptoException e) {
      throw BackupMessages.manifestDamaged(manifestFile, e);
    } catch (IOException e) {
      throw BackupMessages.io("reading", manifestFile, e);
    }
    Hasher hasher = primitives.hasher();
    List<Path> bases = BackupChain.resolve(directory, manifest, hasher);
    Set<String> listed = new HashSet<>();
    for (BackupFile file : manifest.files()) {
      if (file.base() == 0) {
        listed.add(file.path());
      }
      Path path = BackupChain.locate(directory, bases, file);
      if (!Files.isRegularFile(path)) {
        throw BackupMessages.fileMissing(path);
      }
      BackupFile found = BackupFiles.describe(path, file.path(), hasher);
      if (found.size() != file.size() || !found.hash().equals(file.hash())) {
        throw BackupMessages.fileDamaged(path, manifest.suite());
      }
    }
    List<String> present = BackupFiles.list(directory);
    for (String file : present) {
      if (!file.equals(BackupManifest.FILE_NAME) && !listed.contains(file)) {
        throw BackupMessages.fileUnlisted(directory.resolve(file));
      }
    }
    return new Checked(manifest, bases);
  }
}
