package org.elementvault.engine.oplog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.merkle.ConsistencyProof;
import org.elementvault.crypto.merkle.MerkleTree;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;

/**
 * Recomputes everything about a stored operation log and reports the first entry that breaks a rule
 * ({@code evault log verify}).
 *
 * <h2>What is checked</h2>
 *
 * <ul>
 *   <li>authentication: every stored entry opens with the vault's key at its own position, so an
 *       edited, swapped or moved entry fails;
 *   <li>sequence continuity: entries and their clear hashes run without gaps from the purge point
 *       (entry 1 unless {@link LogRetention purged}) and hashes from 1, so a deleted entry shows;
 *   <li>hash chain: each entry's previous hash is the hash of the one before (for the first
 *       retained entry, the last purged hash), and its hash is {@code H(previous ‖ canonical)} and
 *       equals the stored clear hash;
 *   <li>head: the sealed head records exactly as many entries as are stored and the last hash, so a
 *       truncated tail or an entry past the head shows;
 *   <li>the Merkle root over all leaves {@code leafHash(entry hash)}, purged ones included.
 * </ul>
 *
 * <p>A log truncated together with an older sealed head, or a whole database rolled back to an
 * older copy, is self-consistent: only {@link #verify(Checkpoint, Verifier)} against a checkpoint
 * saved earlier catches it.
 *
 * <p>Verification is one pass over the stored hashes and one over the entries, holding only the
 * hashes in memory. Appends wait while it reads. Thread-safe.
 */
public final class LogVerifier {

  private final OperationLog log;

  private LogVerifier(OperationLog log) {
    this.log = log;
  }

  /** A verifier of {@code log}'s stored entries. */
  public static LogVerifier of(OperationLog log) {
    return new LogVerifier(log);
  }

  /** Verifies the stored log on its own. */
  public VerifyReport verify() {
    return log.exclusively(this::read).report();
  }

  /**
   * Verifies the stored log and that it extends {@code checkpoint}: the checkpoint is this vault's
   * and signed by its key ({@code verifier}), the log is at least as long, and a consistency proof
   * from the checkpoint's tree to the current one verifies. This catches truncation and rollback
   * that left the log self-consistent.
   */
  public VerifyReport verify(Checkpoint checkpoint, Verifier verifier) {
    VerifiedLog current = log.exclusively(this::read);
    VerifyReport report = current.report();
    if (!report.ok()) {
      return report;
    }
    long size = report.size();
    if (!checkpoint.vaultId().equals(log.vaultId())) {
      return VerifyReport.failed(size, 0, LogMessages.CHECKPOINT_OTHER_VAULT);
    }
    SignedTreeHead head = checkpoint.treeHead();
    try {
      head.verify(verifier);
    } catch (CryptoException e) {
      return VerifyReport.failed(size, 0, LogMessages.CHECKPOINT_SIGNATURE);
    }
    if (head.treeSize() > size) {
      return VerifyReport.failed(size, size + 1, LogMessages.CHECKPOINT_LONGER);
    }
    Hasher hasher = log.hasher();
    ConsistencyProof proof =
        MerkleTree.of(hasher).consistencyProof(current.leafHashes(), head.treeSize(), size);
    try {
      MerkleTree.verifyConsistency(
          hasher, head.treeSize(), size, head.rootHash(), report.rootHash(), proof.path());
    } catch (CryptoException e) {
      return VerifyReport.failed(size, 0, LogMessages.CHECKPOINT_CONSISTENCY);
    }
    return report;
  }

  /** The report and, when it passed, the leaf hashes; the caller holds appends off. */
  VerifiedLog read() {
    Hasher hasher = log.hasher();
    byte[] zeros = new byte[hasher.digestLength()];
    OperationLog.Head head;
    long first;
    try {
      head = log.storedHead().orElse(new OperationLog.Head(0, zeros));
    } catch (CryptoException e) {
      return VerifiedLog.failed(0, 0, LogMessages.HEAD_AUTHENTICATION);
    }
    try {
      first = log.firstRetained();
    } catch (CryptoException e) {
      return VerifiedLog.failed(0, 0, LogMessages.PURGE_AUTHENTICATION);
    }

    VaultStore store = log.store();
    HashPass hashes = new HashPass(hasher.digestLength());
    store.scan(Family.OPLOG, new byte[] {OperationLog.HASH}, hashes);
    List<byte[]> stored = hashes.hashes;
    long count = stored.size();

    // Failures are collected in the order of precedence for a tie at one position.
    FirstFailure failure = new FirstFailure();
    if (first < 1 || first > count + 1) {
      failure.add(Math.min(Math.max(first, 1), count + 1), LogMessages.PURGE_BEYOND_END);
      hashes.failure.ifPresent(failure::add);
    } else {
      byte[] previous = first == 1 ? zeros : stored.get((int) first - 2);
      EntryPass entries =
          new EntryPass(first, new HashChain(hasher, first, previous), stored, head);
      store.scan(Family.OPLOG, new byte[] {OperationLog.ENTRY}, entries);
      entries.failure.ifPresent(failure::add);
      hashes.failure.ifPresent(failure::add);
      long lastEntry = entries.chain.next() - 1;
      if (lastEntry < Math.min(count, head.size())) {
        failure.add(lastEntry + 1, LogMessages.ENTRY_MISSING);
      }
    }
    if (count < head.size()) {
      failure.add(count + 1, LogMessages.HEAD_TRUNCATED);
    } else if (count > head.size()) {
      failure.add(head.size() + 1, LogMessages.HEAD_EXCEEDED);
    } else if (count > 0 && !Arrays.equals(stored.get((int) count - 1), head.lastHash())) {
      failure.add(count, LogMessages.HEAD_LAST_HASH);
    }
    if (failure.found.isPresent()) {
      Failure found = failure.found.get();
      return VerifiedLog.failed(count, found.sequence(), found.reason());
    }

    MerkleTree tree = MerkleTree.of(hasher);
    List<byte[]> leaves = new ArrayList<>(stored.size());
    for (byte[] hash : stored) {
      leaves.add(tree.leafHash(hash));
    }
    return new VerifiedLog(VerifyReport.passed(count, tree.rootHash(leaves, count)), leaves);
  }

  /** A verification's report with the leaf hashes it computed (empty when it failed). */
  record VerifiedLog(VerifyReport report, List<byte[]> leafHashes) {

    static VerifiedLog failed(long size, long sequence, String reason) {
      return new VerifiedLog(VerifyReport.failed(size, sequence, reason), List.of());
    }
  }

  /** One rule broken at one position. */
  record Failure(long sequence, String reason) {}

  /** Keeps the failure at the lowest position; at a tie, the one added first. */
  private static final class FirstFailure {
    private Optional<Failure> found = Optional.empty();

    void add(Failure failure) {
      if (found.isEmpty() || failure.sequence() < found.get().sequence()) {
        found = Optional.of(failure);
      }
    }

    void add(long sequence, String reason) {
      add(new Failure(sequence, reason));
    }
  }

  /** Collects the clear entry hashes, which must run from 1 without a gap. */
  private static final class HashPass implements VaultStore.EntryVisitor {
    private final int digestLength;
    private final List<byte[]> hashes = new ArrayList<>();
    private Optional<Failure> failure = Optional.empty();

    HashPass(int digestLength) {
      this.digestLength = digestLength;
    }

    @Override
    public boolean visit(byte[] key, byte[] value) {
      long expected = hashes.size() + 1L;
      if (key.length != 1 + Long.BYTES) {
        failure = Optional.of(new Failure(expected, LogMessages.NOT_AN_ENTRY_KEY));
        return false;
      }
      if (sequenceOf(key) != expected) {
        failure = Optional.of(new Failure(expected, LogMessages.HASH_MISSING));
        return false;
      }
      if (value.length != digestLength) {
        failure = Optional.of(new Failure(expected, LogMessages.STORED_HASH));
        return false;
      }
      hashes.add(value);
      return true;
    }
  }

  /** Opens the sealed entries in order and follows the chain, stopping at the first failure. */
  private final class EntryPass implements VaultStore.EntryVisitor {
    private final long first;
    private final HashChain chain;
    private final List<byte[]> hashes;
    private final OperationLog.Head head;
    private Optional<Failure> failure = Optional.empty();

    EntryPass(long first, HashChain chain, List<byte[]> hashes, OperationLog.Head head) {
      this.first = first;
      this.chain = chain;
      this.hashes = hashes;
      this.head = head;
    }

    @Override
    public boolean visit(byte[] key, byte[] value) {
      if (key.length != 1 + Long.BYTES) {
        return fail(chain.next(), LogMessages.NOT_AN_ENTRY_KEY);
      }
      long sequence = sequenceOf(key);
      if (sequence < first) {
        return fail(sequence, LogMessages.BELOW_PURGE_POINT);
      }
      if (sequence != chain.next()) {
        return fail(chain.next(), LogMessages.ENTRY_MISSING);
      }
      if (sequence > hashes.size()) {
        return fail(
            sequence,
            sequence > head.size() ? LogMessages.HEAD_EXCEEDED : LogMessages.HASH_MISSING);
      }
      LogEntry entry;
      try {
        entry = log.open(sequence, value);
      } catch (VaultException e) {
        return fail(sequence, LogMessages.ENTRY_AUTHENTICATION);
      }
      if (entry.sequence() != sequence) {
        return fail(sequence, LogMessages.ENTRY_SEQUENCE);
      }
      Optional<String> broken = chain.accept(entry);
      if (broken.isPresent()) {
        return fail(sequence, broken.get());
      }
      if (!Arrays.equals(entry.hash(), hashes.get((int) sequence - 1))) {
        return fail(sequence, LogMessages.STORED_HASH);
      }
      return true;
    }

    private boolean fail(long sequence, String reason) {
      failure = Optional.of(new Failure(sequence, reason));
      return false;
    }
  }

  private static long sequenceOf(byte[] key) {
    return ByteBuffer.wrap(key, 1, Long.BYTES).getLong();
  }
}
