package org.elementvault.engine.oplog;

import java.util.Arrays;
import java.util.Optional;
import org.elementvault.crypto.Hasher;

/**
 * Follows the hash chain one entry at a time, for the stored log and for exports alike: each entry
 * must come next in sequence, link to the hash of the one before, and hash to what it records. Not
 * thread-safe; one verification owns one chain.
 */
final class HashChain {

  private final Hasher hasher;
  private long next;
  private byte[] previousHash;

  /**
   * A chain that resumes at {@code first}, after an entry (possibly purged) whose hash is {@code
   * previousHash}; zeros when {@code first} is 1.
   */
  HashChain(Hasher hasher, long first, byte[] previousHash) {
    this.hasher = hasher;
    this.next = first;
    this.previousHash = previousHash.clone();
  }

  /** The sequence the next entry must have. */
  long next() {
    return next;
  }

  /**
   * Checks {@code entry} and, if it holds, advances past it.
   *
   * @return the rule it breaks, or empty
   */
  Optional<String> accept(LogEntry entry) {
    if (entry.sequence() != next) {
      return Optional.of(LogMessages.ENTRY_MISSING);
    }
    if (!Arrays.equals(entry.previousHash(), previousHash)) {
      return Optional.of(LogMessages.CHAIN_LINK);
    }
    byte[] hash = hasher.hash(previousHash, entry.canonical());
    if (!Arrays.equals(hash, entry.hash())) {
      return Optional.of(LogMessages.CHAIN_HASH);
    }
    previousHash = hash;
    next++;
    return Optional.empty();
  }
}
