package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.merkle.MerkleTree;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tampering with the stored log directly, and what {@link LogVerifier#verify()} reports. */
class LogVerifierTest {

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_untouchedLog_passesWithTheRootOverAllEntryHashes(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 7)) {
      MerkleTree tree = MerkleTree.of(testing.log().hasher());
      List<byte[]> leaves = new ArrayList<>();
      for (long sequence = 1; sequence <= 7; sequence++) {
        leaves.add(tree.leafHash(testing.log().storedHash(sequence).orElseThrow()));
      }

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertThat(report).isEqualTo(VerifyReport.passed(7, tree.rootHash(leaves, 7)));
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_emptyLog_passes(CipherSuite suite) {
    try (TestingLog testing = TestingLog.create(temp.resolve("db"), suite)) {

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertThat(report.ok()).isTrue();
      assertThat(report.size()).isZero();
    }
  }

  /** An entry's sealed value replaced by another entry's: an edit with a valid ciphertext. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_entryReplacedByAnother_failsAtThatEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      testing.putEntryValue(4, testing.entryValue(2));

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report,
          4,
          "authentication: the sealed entry does not open at its position (edited, swapped or"
              + " moved)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_byteFlippedInEntry_failsAtThatEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      byte[] value = testing.entryValue(3);
      value[value.length / 2] ^= 0x01;
      testing.putEntryValue(3, value);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report,
          3,
          "authentication: the sealed entry does not open at its position (edited, swapped or"
              + " moved)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_entryAndItsHashDeleted_failsAtTheGap(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      testing.deleteEntry(3);
      testing.deleteHash(3);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report, 3, "sequence continuity: the entry is missing (deleted, or entries reordered)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_lastEntryDeletedButNotItsHash_failsAtThatEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      testing.deleteEntry(6);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report, 6, "sequence continuity: the entry is missing (deleted, or entries reordered)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_twoEntriesSwapped_failsAtTheEarlier(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      byte[] second = testing.entryValue(2);
      byte[] fifth = testing.entryValue(5);
      byte[] secondHash = testing.hashValue(2);
      byte[] fifthHash = testing.hashValue(5);
      testing.putEntryValue(2, fifth);
      testing.putEntryValue(5, second);
      testing.putHashValue(2, fifthHash);
      testing.putHashValue(5, secondHash);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report,
          2,
          "authentication: the sealed entry does not open at its position (edited, swapped or"
              + " moved)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_storedHashEdited_failsAtThatEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      byte[] hash = testing.hashValue(4);
      hash[0] ^= 0x01;
      testing.putHashValue(4, hash);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(report, 4, "hash chain: the stored hash differs from the entry's hash");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_tailTruncated_failsAfterTheLastStoredEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      for (long sequence = 5; sequence <= 6; sequence++) {
        testing.deleteEntry(sequence);
        testing.deleteHash(sequence);
      }

      VerifyReport report = LogVerifier.of(testing.reopen()).verify();

      assertFailed(
          report, 5, "head: the log ends before the size its sealed head records (truncated)");
    }
  }

  /** Rolling the head back without the entries leaves entries past it. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_headReplacedByAnOlderOne_failsPastThatHead(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      byte[] olderHead = testing.headValue();
      testing.append(3);
      testing.putHeadValue(olderHead);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(report, 4, "head: an entry lies past the size its sealed head records");
    }
  }

  /**
   * Truncation together with an older sealed head is self-consistent: see {@link CheckpointTest}.
   */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_tailTruncatedWithAnOlderHead_passesOnItsOwn(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      byte[] olderHead = testing.headValue();
      testing.append(3);
      for (long sequence = 4; sequence <= 6; sequence++) {
        testing.deleteEntry(sequence);
        testing.deleteHash(sequence);
      }
      testing.putHeadValue(olderHead);

      VerifyReport report = LogVerifier.of(testing.reopen()).verify();

      assertThat(report.ok()).isTrue();
      assertThat(report.size()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_headForged_failsAuthentication(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      byte[] head = testing.headValue();
      head[head.length - 1] ^= 0x01;
      testing.putHeadValue(head);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(report, 0, "head: the log's sealed head fails authentication");
    }
  }

  static void assertFailed(VerifyReport report, long firstBad, String reason) {
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSequence()).isEqualTo(firstBad);
    assertThat(report.reason()).isEqualTo(reason);
  }
}
