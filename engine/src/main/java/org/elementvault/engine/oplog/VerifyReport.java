package org.elementvault.engine.oplog;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The outcome of verifying an operation log: stored, exported, or against a checkpoint.
 *
 * <p>A failed report names the first bad position and the rule it breaks, never a data value, so
 * shells may print it as it is. Position 0 means the failure is not tied to one entry (the sealed
 * head, the purge point, a signature or a checkpoint).
 *
 * @param size the number of entries verified (purged ones included); on failure, the number read
 * @param rootHash the Merkle root over all entry hashes when {@code ok}; empty on failure, since a
 *     root over a tampered log means nothing
 * @param ok whether every check passed
 * @param firstBadSequence the sequence of the first entry that breaks a rule, 0 when {@code ok} or
 *     when the failure concerns no single entry
 * @param reason the rule broken, in one line ({@code "hash chain: …"}); empty when {@code ok}
 */
// The array is copied in and out and compared by content below.
@SuppressWarnings("ArrayRecordComponent")
public record VerifyReport(
    long size, byte[] rootHash, boolean ok, long firstBadSequence, String reason) {

  public VerifyReport {
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(reason, "reason");
    if (size < 0) {
      throw new IllegalArgumentException("size must be at least 0, got " + size);
    }
    if (ok && (firstBadSequence != 0 || !reason.isEmpty() || rootHash.length == 0)) {
      throw new IllegalArgumentException("a passed report has a root, no bad position, no reason");
    }
    if (!ok && (firstBadSequence < 0 || reason.isEmpty() || rootHash.length != 0)) {
      throw new IllegalArgumentException("a failed report has a position >= 0, a reason, no root");
    }
    rootHash = rootHash.clone();
  }

  /** A report of a log of {@code size} entries that passed every check. */
  public static VerifyReport passed(long size, byte[] rootHash) {
    return new VerifyReport(size, rootHash, true, 0, "");
  }

  /** A report of a log that breaks {@code reason} first at {@code firstBadSequence}. */
  public static VerifyReport failed(long size, long firstBadSequence, String reason) {
    return new VerifyReport(size, new byte[0], false, firstBadSequence, reason);
  }

  /** One line for operators: {@code "ok: 12 entries, root 3f…"} or where and why it failed. */
  public String summary() {
    if (ok) {
      return "ok: " + size + " entries, root " + HexFormat.of().formatHex(rootHash);
    }
    return firstBadSequence == 0
        ? "failed: " + reason
        : "failed at entry " + firstBadSequence + ": " + reason;
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifyReport that
        && size == that.size
        && Arrays.equals(rootHash, that.rootHash)
        && ok == that.ok
        && firstBadSequence == that.firstBadSequence
        && reason.equals(that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, Arrays.hashCode(rootHash), ok, firstBadSequence, reason);
  }

  @Override
  public String toString() {
    return "VerifyReport[" + summary() + "]";
  }
}
