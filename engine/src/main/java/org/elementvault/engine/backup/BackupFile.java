package org.elementvault.engine.backup;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a backup as its manifest lists it.
 *
 * @param path the file's path inside the backup directory, with {@code /} between names; never
 *     absolute and never leaving the directory
 * @param size its length in bytes
 * @param hash its digest under the vault's suite (SHA-256 or SM3), lower-case hex
 * @param base where it lives: 0 in this backup's directory, n ≥ 1 in the n-th base of an
 *     incremental backup ({@link BackupManifest#bases()}), which stored it first
 */
public record BackupFile(String path, long size, String hash, int base) {

  private static final Pattern PATH =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public BackupFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(hash, "hash");
    if (!PATH.matcher(path).matches() || path.length() > 255) {
      throw new IllegalArgumentException(
          "path must be relative names of letters, digits, '.', '_' and '-'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be at least 0, got " + size);
    }
    if (!HEX.matcher(hash).matches()) {
      throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
    }
    if (base < 0) {
      throw new IllegalArgumentException("base must be at least 0, got " + base);
    }
  }

  /** A file stored in the backup's own directory. */
  public BackupFile(String path, long size, String hash) {
    this(path, size, hash, 0);
  }

  /** The same file as an incremental backup built on this one lists it: one base further. */
  BackupFile inNextBackup() {
    return new BackupFile(path, size, hash, base + 1);
  }
}
