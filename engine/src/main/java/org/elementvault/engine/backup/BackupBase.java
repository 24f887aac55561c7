package org.elementvault.engine.backup;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A backup an incremental backup builds on: it lists files stored there instead of copying them.
 *
 * @param directory the base backup's directory, relative to the incremental backup's directory (so
 *     a chain of backups moved together still resolves), with {@code /} between names
 * @param manifestHash the suite's digest of the base's stored (sealed) manifest, lower-case hex:
 *     another backup put in its place is refused
 */
public record BackupBase(String directory, String manifestHash) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public BackupBase {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(manifestHash, "manifestHash");
    if (directory.isEmpty() || directory.length() > 4096 || directory.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("directory must be 1 to 4096 characters, without NUL");
    }
    if (!HEX.matcher(manifestHash).matches()) {
      throw new IllegalArgumentException("manifestHash must be 64 lower-case hex digits");
    }
  }
}
