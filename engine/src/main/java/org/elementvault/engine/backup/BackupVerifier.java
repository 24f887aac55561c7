package org.elementvault.engine.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.VaultKeys;
import org.elementvault.engine.oplog.LogVerifier;
import org.elementvault.engine.oplog.VerifyReport;

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
   * Verifies the backup in {@code backup}.
   *
   * @throws org.elementvault.engine.VaultException as described above
   */
  public static VerifiedBackup verify(Path backup, Unlock unlock, VaultOptions options) {
    Path copy;
    try {
      copy = Files.createTempDirectory("evault-verify-", BackupFiles.OWNER_ONLY_DIRECTORY);
    } catch (IOException e) {
      throw BackupMessages.io("creating a temporary directory for", backup, e);
    }
    try {
      return openCopy(backup, copy, unlock, options, (vault, manifest) -> {});
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
      Unlock unlock,
      VaultOptions options,
      BiConsumer<Vault, BackupManifest> then) {
    Path directory = backup.toAbsolutePath().normalize();
    BackupManifest manifest = checkFiles(directory, unlock, options);
    for (BackupFile file : manifest.files()) {
      Path source = directory.resolve(file.path());
      try {
        BackupFiles.write(target.resolve(file.path()), Files.readAllBytes(source));
      } catch (IOException e) {
        throw BackupMessages.io("copying", source, e);
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
      long chunks = vault.datasets().authenticateChunks();
      Inventory inventory = Inventory.of(vault.datasets().all());
      String lastHash = hex.formatHex(vault.log().lastHash());
      then.accept(vault, manifest);
      return new VerifiedBackup(manifest, inventory, chunks, lastHash);
    }
  }

  /** Authenticates the manifest and checks every file against it; returns the manifest. */
  private static BackupManifest checkFiles(Path directory, Unlock unlock, VaultOptions options) {
    Path manifestFile = directory.resolve(BackupManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile)) {
      throw BackupMessages.notABackup(directory);
    }
    KeyStoreFile keyStore = KeyStoreFile.read(directory);
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
    Set<String> listed = new HashSet<>();
    for (BackupFile file : manifest.files()) {
      listed.add(file.path());
      Path path = directory.resolve(file.path());
      if (!Files.isRegularFile(path)) {
        throw BackupMessages.fileMissing(path);
      }
      if (!BackupFiles.describe(path, file.path(), hasher).equals(file)) {
        throw BackupMessages.fileDamaged(path, manifest.suite());
      }
    }
    List<String> present = BackupFiles.list(directory);
    for (String file : present) {
      if (!file.equals(BackupManifest.FILE_NAME) && !listed.contains(file)) {
        throw BackupMessages.fileUnlisted(directory.resolve(file));
      }
    }
    return manifest;
  }
}
