package org.elementvault.engine.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.elementvault.crypto.Hasher;

/**
 * The bases of an incremental backup, found on disk: each base's directory, resolved against the
 * backup's own, holds a manifest with the digest the backup recorded, or the chain is broken and
 * refused with one line naming the base.
 */
final class BackupChain {

  private BackupChain() {}

  /**
   * The directories of {@code manifest}'s bases, nearest first.
   *
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} if a base is missing or
   *     another backup stands in its place
   */
  static List<Path> resolve(Path directory, BackupManifest manifest, Hasher hasher) {
    List<Path> bases = new ArrayList<>();
    for (BackupBase base : manifest.bases()) {
      Path resolved = directory.resolve(base.directory()).normalize();
      byte[] sealed =
          BackupFiles.read(resolved.resolve(BackupManifest.FILE_NAME))
              .orElseThrow(() -> BackupMessages.baseMissing(resolved));
      if (!HexFormat.of().formatHex(hasher.hash(sealed)).equals(base.manifestHash())) {
        throw BackupMessages.baseReplaced(resolved);
      }
      bases.add(resolved);
    }
    return bases;
  }

  /** Where {@code file} lives: in {@code directory}, or in the base it names. */
  static Path locate(Path directory, List<Path> bases, BackupFile file) {
    return (file.base() == 0 ? directory : bases.get(file.base() - 1)).resolve(file.path());
  }
}
