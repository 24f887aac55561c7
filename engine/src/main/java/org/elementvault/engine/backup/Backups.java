package org.elementvault.engine.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.oplog.HeadFile;
import org.elementvault.engine.oplog.LogVerifier;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.VaultStore;

/**
 * A live vault's backups: {@link #create} one, {@link #list} those the vault registered, and {@link
 * #drill} a restore. Verify and restore need no live vault ({@link BackupVerifier}, {@link
 * BackupRestore}).
 *
 * <h2>What a backup holds</h2>
 *
 * <pre>
 * backup.manifest  the manifest ({@link BackupManifest}), sealed under the backup key
 * vault.keystore   the key store as it is: the master key wrapped under the passphrase or key file
 * oplog.head       the log head of the copied database, sealed under the master key
 * keys/….shielded  the wrapped tenant and dataset keys, each sealed under its shield ({@link
 *                  Shields}), which only the live vault keeps
 * secrets/…        the vault's own sealed secrets
 * db/…             a RocksDB checkpoint: every value sealed as in the live database
 * </pre>
 *
 * <p>An incremental backup ({@link #createIncremental}) holds the same, except the checkpoint's SST
 * files that its base's chain already stores: its manifest lists them with the base that holds
 * them, and names each base by its directory and the digest of its sealed manifest.
 *
 * <p>The database, keys, secrets and head are taken while no operation can commit ({@link
 * OperationLog#exclusively}), so they are one consistent point: each key file present matches a
 * state a crash could have left, which the restored vault's open completes as after a crash.
 * Nothing in a backup is readable without the master secret.
 *
 * <p>Thread-safe.
 */
public final class Backups {

  /** Receives a backup's progress as its database files are copied. */
  @FunctionalInterface
  public interface Progress {
    /** Nothing to show. */
    Progress NONE = (files, bytesCopied, totalBytes) -> {};

    void copied(long files, long bytesCopied, long totalBytes);
  }

  /** Records of kind {@value} hold the registered backups. */
  private static final String KIND = "backup";

  private static final String KEY_SUFFIX = ".key";

  /** The checkpoint is taken here first, on the vault's own file system, then copied out. */
  private static final String STAGING = "backup-staging";

  private final Path vaultDirectory;
  private final VaultStore store;
  private final OperationLog log;
  private final Guard guard;
  private final Records records;
  private final Datasets datasets;
  private final Aead masterSealer;
  private final Aead manifestSealer;
  private final Shields shields;
  private final Hasher hasher;
  private final CipherSuite suite;
  private final String vaultId;
  private final Clock clock;

  /**
   * The backups of the vault in {@code vaultDirectory}; {@code masterSealer} seals under its master
   * key, {@code manifestSealer} under its backup key ({@link BackupKey}), {@code master} wraps the
   * shields it keeps in {@code keys}.
   */
  public Backups(
      Path vaultDirectory,
      VaultStore store,
      OperationLog log,
      Guard guard,
      Records records,
      Datasets datasets,
      KeyDirectory keys,
      KeyHierarchy master,
      Aead masterSealer,
      Aead manifestSealer,
      Primitives primitives,
      String vaultId,
      Clock clock) {
    this.vaultDirectory = vaultDirectory;
    this.store = store;
    this.log = log;
    this.guard = guard;
    this.records = records;
    this.datasets = datasets;
    this.masterSealer = masterSealer;
    this.manifestSealer = manifestSealer;
    this.shields = new Shields(vaultDirectory, keys, master, primitives, vaultId);
    shields.shredOrphans();
    this.hasher = primitives.hasher();
    this.suite = primitives.suite();
    this.vaultId = vaultId;
    this.clock = clock;
  }

  /**
   * Writes a backup into {@code out}, which must be absent or empty, and registers it: a sealed
   * record and the {@code backup.create} log entry with the manifest's digest. A failed backup
   * leaves nothing in {@code out} and is logged as failed.
   *
   * @throws VaultException {@code USER_ERROR} if {@code out} is not empty; {@code INTEGRITY} if the
   *     live log fails verification; {@code RESOURCE_LIMIT} if the disk fills
   */
  public BackupRecord create(Principal caller, Path out, Progress progress) {
    return create(caller, out, Optional.empty(), progress);
  }

  /**
   * Writes an incremental backup into {@code out} as {@link #create} does, on the backup in {@code
   * base} (full or incremental, of this vault): database files that are immutable once written
   * (RocksDB's SST files) and already stored, with the same name, size and digest, somewhere in
   * {@code base}'s chain are listed in the manifest with the base that holds them instead of being
   * copied. Verify and restore follow the chain and refuse it if a base is missing or replaced.
   *
   * @throws VaultException as {@link #create}; {@code USER_ERROR} if {@code base} is not a backup,
   *     {@code INTEGRITY} if its manifest fails authentication or its own chain is broken
   */
  public BackupRecord createIncremental(Principal caller, Path out, Path base, Progress progress) {
    return create(caller, out, Optional.of(base), progress);
  }

  private BackupRecord create(Principal caller, Path out, Optional<Path> base, Progress progress) {
    Path directory = out.toAbsolutePath().normalize();
    return guard.run(
        caller,
        Operation.BACKUP_CREATE,
        "",
        "",
        () -> {
          Optional<Previous> previous = base.map(this::previous);
          Written written = write(directory, previous, progress);
          long id = records.next(KIND);
          BackupManifest manifest = written.manifest();
          BackupRecord record =
              new BackupRecord(
                  id,
                  manifest.createdAt(),
                  directory.toString(),
                  manifest.files().size(),
                  manifest.storedBytes(),
                  manifest.logSize(),
                  written.manifestHash());
          Batch batch = new Batch();
          records.put(batch, KIND, id, record);
          return new Guard.Change<>(
              record,
              batch,
              null,
              "backup "
                  + id
                  + ": "
                  + record.files()
                  + " files, "
                  + record.bytes()
                  + " bytes"
                  + previous.map(p -> " stored, incremental from " + p.directory()).orElse("")
                  + ", log sequence "
                  + record.logSequence()
                  + ", manifest "
                  + BackupMessages.digestName(suite)
                  + " "
                  + record.manifestHash(),
              () -> {});
        });
  }

  /** The backups this vault registered, oldest first. */
  public List<BackupRecord> list(Principal caller) {
    return guard.run(
        caller,
        Operation.BACKUP_LIST,
        "",
        "",
        () ->
            Guard.Change.read(
                records.loadAll(KIND, BackupRecord.class).stream()
                    .sorted(Comparator.comparingLong(BackupRecord::id))
                    .toList()));
  }

  /**
   * Drills a restore: backs up to a temporary directory, restores that into another with {@code
   * unlock} (the master secret), verifies it, compares its datasets and log with the live vault,
   * writes the report to {@code report} if given, removes the temporary directories and logs {@code
   * backup.drill} with the result. The drill's backup is not registered.
   *
   * @throws VaultException {@code INTEGRITY} if the drill found a problem (after writing the
   *     report)
   */
  public DrillReport drill(
      Principal caller, Unlock unlock, VaultOptions options, Optional<Path> report) {
    return guard.run(
        caller,
        Operation.BACKUP_DRILL,
        "",
        "",
        () -> {
          Path scratch;
          try {
            scratch = Files.createTempDirectory("evault-drill-", BackupFiles.OWNER_ONLY_DIRECTORY);
          } catch (IOException e) {
            throw BackupMessages.io("creating a temporary directory for", vaultDirectory, e);
          }
          try {
            DrillReport drilled = drillIn(scratch, unlock, options);
            report.ifPresent(drilled::write);
            if (!drilled.passed()) {
              throw BackupMessages.drillFailed(String.join("; ", drilled.problems()));
            }
            return Guard.Change.read(drilled, drilled.summary());
          } finally {
            BackupFiles.deleteTree(scratch);
          }
        });
  }

  private DrillReport drillIn(Path scratch, Unlock unlock, VaultOptions options) {
    Path backup = scratch.resolve("backup");
    BackupManifest manifest = write(backup, Optional.empty(), Progress.NONE).manifest();
    Inventory live = Inventory.of(datasets.all());
    List<String> problems = new ArrayList<>();
    Optional<VerifiedBackup> restored;
    try {
      restored =
          Optional.of(
              BackupRestore.restore(backup, scratch.resolve("restored"), shields, unlock, options));
    } catch (VaultException e) {
      problems.add("restore: " + e.getMessage());
      restored = Optional.empty();
    }
    restored.ifPresent(r -> compare(r, live, problems));
    return new DrillReport(vaultId, clock.instant(), manifest, restored, live, problems);
  }

  private void compare(VerifiedBackup restored, Inventory live, List<String> problems) {
    if (!restored.inventory().equals(live)) {
      problems.add(
          "the restored vault holds "
              + restored.inventory()
              + " where the live vault holds "
              + live
              + " (did an import or drop run during the drill?)");
    }
    long size = restored.manifest().logSize();
    boolean sameLog =
        log.storedHash(size)
            .map(hash -> HexFormat.of().formatHex(hash).equals(restored.logLastHash()))
            .orElse(false);
    if (!sameLog) {
      problems.add("the restored log's entry " + size + " differs from the live log's");
    }
  }

  /** The manifest written and the digest of its sealed file, as the log records it. */
  private record Written(BackupManifest manifest, String manifestHash) {}

  /**
   * The backup an incremental one builds on: its directory, authenticated manifest, sealed
   * manifest's digest and its own bases' directories.
   */
  private record Previous(
      Path directory, BackupManifest manifest, String manifestHash, List<Path> bases) {

    /** This backup and its bases, nearest first, as the chain of a backup in {@code next}. */
    List<BackupBase> chainFrom(Path next) {
      List<BackupBase> chain = new ArrayList<>();
      chain.add(new BackupBase(next.relativize(this.directory).toString(), manifestHash));
      for (int i = 0; i < bases.size(); i++) {
        chain.add(
            new BackupBase(
                next.relativize(bases.get(i)).toString(), manifest.bases().get(i).manifestHash()));
      }
      return chain;
    }

    /** This backup's entry for the file at {@code path}, if it lists one. */
    Optional<BackupFile> stored(String path) {
      return manifest.files().stream().filter(f -> f.path().equals(path)).findFirst();
    }
  }

  private Previous previous(Path base) {
    Path directory = base.toAbsolutePath().normalize();
    Path manifestFile = directory.resolve(BackupManifest.FILE_NAME);
    byte[] sealed =
        BackupFiles.read(manifestFile).orElseThrow(() -> BackupMessages.notABackup(directory));
    BackupManifest manifest;
    try {
      manifest = BackupManifest.open(sealed, manifestSealer, vaultId);
    } catch (CryptoException e) {
      throw BackupMessages.manifestDamaged(manifestFile, e);
    }
    return new Previous(
        directory,
        manifest,
        HexFormat.of().formatHex(hasher.hash(sealed)),
        BackupChain.resolve(directory, manifest, hasher));
  }

  private Written write(Path directory, Optional<Previous> previous, Progress progress) {
    boolean created = BackupFiles.prepareEmpty("backup directory", directory);
    Path staging = vaultDirectory.resolve(STAGING);
    BackupFiles.deleteTree(staging); // left by a crash during an earlier backup
    try {
      Instant createdAt = clock.instant();
      List<BackupFile> files = new ArrayList<>();
      VerifyReport logReport =
          log.exclusively(
              () -> {
                VerifyReport report = LogVerifier.of(log).verify();
                if (!report.ok()) {
                  throw BackupMessages.logFails(report.summary());
                }
                store.checkpoint(staging);
                copyKeys(directory, files);
                copyTree(vaultDirectory.resolve(Vault.SECRETS), directory, Vault.SECRETS, files);
                HeadFile.of(directory, masterSealer, vaultId)
                    .acknowledged(report.size(), log.lastHash());
                return report;
              });
      // A key shredded while this backup shielded it may have left its new shield behind.
      shields.shredOrphans();
      files.add(
          BackupFiles.describe(directory.resolve(HeadFile.FILE_NAME), HeadFile.FILE_NAME, hasher));
      copyOne(
          vaultDirectory.resolve(KeyStoreFile.FILE_NAME), directory, KeyStoreFile.FILE_NAME, files);
      copyDatabase(staging, directory, previous, files, progress);
      files.sort(Comparator.comparing(BackupFile::path));
      BackupManifest manifest =
          new BackupManifest(
              vaultId,
              suite,
              createdAt,
              logReport.size(),
              HexFormat.of().formatHex(logReport.rootHash()),
              files,
              previous.map(p -> p.chainFrom(directory)).orElse(List.of()));
      byte[] sealed = manifest.seal(manifestSealer);
      BackupFiles.write(directory.resolve(BackupManifest.FILE_NAME), sealed);
      return new Written(manifest, HexFormat.of().formatHex(hasher.hash(sealed)));
    } catch (RuntimeException e) {
      BackupFiles.undo(directory, created);
      throw e;
    } finally {
      BackupFiles.deleteTree(staging);
    }
  }

  /**
   * Copies the checkpoint's files, except for an incremental backup the SST files its base's chain
   * already stores: they never change once written, so the same name, size and digest is the same
   * file.
   */
  private void copyDatabase(
      Path staging,
      Path directory,
      Optional<Previous> previous,
      List<BackupFile> files,
      Progress progress) {
    List<String> names = BackupFiles.list(staging);
    long total = 0;
    for (String name : names) {
      try {
        total += Files.size(staging.resolve(name));
      } catch (IOException e) {
        throw BackupMessages.io("reading", staging.resolve(name), e);
      }
    }
    long copied = 0;
    long count = 0;
    for (String name : names) {
      String relative = Vault.DATABASE + "/" + name;
      Optional<BackupFile> stored =
          name.endsWith(".sst")
              ? previous.flatMap(p -> storedAlready(p, staging.resolve(name), relative))
              : Optional.empty();
      BackupFile file =
          stored.isPresent()
              ? stored.get()
              : BackupFiles.copy(
                      staging.resolve(name), directory.resolve(relative), relative, hasher)
                  .orElseThrow(() -> BackupMessages.fileMissing(staging.resolve(name)));
      files.add(file);
      copied += file.size();
      progress.copied(++count, copied, total);
    }
  }

  /** The base's entry for {@code source} if the base's chain holds the very same file. */
  private Optional<BackupFile> storedAlready(Previous previous, Path source, String relative) {
    Optional<BackupFile> stored = previous.stored(relative);
    if (stored.isEmpty()
        || source.toFile().length() != stored.get().size()
        || !Files.isRegularFile(
            BackupChain.locate(previous.directory(), previous.bases(), stored.get()))) {
      return Optional.empty();
    }
    BackupFile here = BackupFiles.describe(source, relative, hasher);
    return here.size() == stored.get().size() && here.hash().equals(stored.get().hash())
        ? Optional.of(stored.get().inNextBackup())
        : Optional.empty();
  }

  /**
   * Copies the tenant and dataset keys, each sealed under its shield; the shields stay here. Keys
   * shredded meanwhile are left out.
   */
  private void copyKeys(Path directory, List<BackupFile> files) {
    Path source = vaultDirectory.resolve(Vault.KEYS);
    for (String file : BackupFiles.list(source)) {
      String name = file.endsWith(KEY_SUFFIX) ? file.substring(0, file.length() - 4) : "";
      if (!Shields.isShielded(name)) {
        continue;
      }
      Optional<byte[]> contents = BackupFiles.read(source.resolve(file));
      if (contents.isPresent()) {
        String relative = Vault.KEYS + "/" + name + Shields.SUFFIX;
        files.add(
            BackupFiles.store(
                directory.resolve(relative),
                relative,
                shields.shield(name, contents.get()),
                hasher));
      }
    }
  }

  /** Copies the files of {@code source} (temporary files of an atomic replace left out). */
  private void copyTree(Path source, Path directory, String prefix, List<BackupFile> files) {
    if (!Files.isDirectory(source)) {
      return;
    }
    for (String name : BackupFiles.list(source)) {
      if (!name.endsWith(".tmp")) {
        copyOne(source.resolve(name), directory, prefix + "/" + name, files);
      }
    }
  }

  private void copyOne(Path source, Path directory, String relative, List<BackupFile> files) {
    BackupFiles.copy(source, directory.resolve(relative), relative, hasher).ifPresent(files::add);
  }
}
