package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elementvault.engine.oplog.LogVerifierTest.assertFailed;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Purging old entries within the 180-day retention, and the log staying verifiable after. */
class LogRetentionTest {

  private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");

  /** Entries 1 to 3 were appended at 08:00, 08:01 and 08:02; this cut-off purges them. */
  private static final Instant AFTER_THIRD = TickingClock.START.plusSeconds(150);

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_insideTheRetention_isRefused(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      LogRetention retention = LogRetention.of(testing.log());

      assertThatThrownBy(
              () -> retention.purgeBefore("admin", Instant.parse("2026-03-06T00:00:00Z"), NOW))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "the operation log keeps entries for at least 180 days (retention rule): purging"
                  + " before 2026-03-06T00:00:00Z is refused; the latest allowed cut-off is"
                  + " 2026-03-05T00:00:00Z")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.POLICY_REFUSED);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_insideTheRetention_logsTheRefusalAndKeepsEveryEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      LogRetention retention = LogRetention.of(testing.log());

      assertThatThrownBy(
              () -> retention.purgeBefore("admin", Instant.parse("2026-03-06T00:00:00Z"), NOW))
          .isInstanceOf(VaultException.class);

      LogEntry last = testing.log().entry(4).orElseThrow();
      assertThat(last.record().action()).isEqualTo("log.purge");
      assertThat(last.record().outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(testing.log().entry(1)).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_atTheRetentionLimit_deletesTheOlderEntriesButNotTheirHashes(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      Instant now = AFTER_THIRD.plus(LogRetention.MINIMUM_RETENTION);

      LogEntry unused = LogRetention.of(testing.log()).purgeBefore("admin", AFTER_THIRD, now);

      assertThat(testing.log().entry(3)).isEmpty();
      assertThat(testing.log().entry(4)).isPresent();
      assertThat(testing.log().storedHash(1)).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_outsideTheRetention_logsThePurge(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {

      LogEntry purge = LogRetention.of(testing.log()).purgeBefore("admin", AFTER_THIRD, NOW);

      assertThat(purge.sequence()).isEqualTo(6);
      assertThat(purge.record())
          .isEqualTo(
              new LogRecord(
                  "admin",
                  "",
                  "log.purge",
                  "",
                  Outcome.OK,
                  "purged entries 1 to 3, older than 2026-03-01T08:02:30Z"));
      assertThat(testing.log().entry(6)).contains(purge);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_afterAPurge_passesOverAllEntries(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      LogEntry unused = LogRetention.of(testing.log()).purgeBefore("admin", AFTER_THIRD, NOW);

      VerifyReport report = LogVerifier.of(testing.reopen()).verify();

      assertThat(report.ok()).isTrue();
      assertThat(report.size()).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_takenBeforeAPurge_passesAfterIt(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      Checkpoint checkpoint = Checkpoint.sign(testing.log(), suite, testing.signer);
      LogEntry unused = LogRetention.of(testing.log()).purgeBefore("admin", AFTER_THIRD, NOW);

      VerifyReport report = LogVerifier.of(testing.log()).verify(checkpoint, testing.verifier);

      assertThat(report.ok()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_twice_purgesOnFromTheFirstRetainedEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      LogRetention retention = LogRetention.of(testing.log());
      LogEntry unused = retention.purgeBefore("admin", TickingClock.START.plusSeconds(30), NOW);

      LogEntry second = retention.purgeBefore("admin", AFTER_THIRD, NOW);

      assertThat(second.record().details())
          .isEqualTo("purged entries 2 to 3, older than 2026-03-01T08:02:30Z");
      assertThat(LogVerifier.of(testing.log()).verify().ok()).isTrue();
    }
  }

  /** Editing the last purged hash, the one link the purged prefix keeps to the chain. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_lastPurgedHashEdited_failsAtTheFirstRetainedEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      LogEntry unused = LogRetention.of(testing.log()).purgeBefore("admin", AFTER_THIRD, NOW);
      byte[] hash = testing.hashValue(3);
      hash[0] ^= 0x01;
      testing.putHashValue(3, hash);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report,
          4,
          "hash chain: the entry's previous hash is not the hash of the entry before it");
    }
  }

  /** After a purge, entries below the purge point are gone: deleting one more shows as a gap. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_firstRetainedEntryDeletedAfterAPurge_failsAtIt(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      LogEntry unused = LogRetention.of(testing.log()).purgeBefore("admin", AFTER_THIRD, NOW);
      testing.deleteEntry(4);

      VerifyReport report = LogVerifier.of(testing.log()).verify();

      assertFailed(
          report, 4, "sequence continuity: the entry is missing (deleted, or entries reordered)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_tamperedLog_isRefusedWithoutPurging(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 5)) {
      testing.deleteEntry(5);
      LogRetention retention = LogRetention.of(testing.log());

      assertThatThrownBy(() -> retention.purgeBefore("admin", AFTER_THIRD, NOW))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "the operation log fails verification (failed at entry 5: sequence continuity: the"
                  + " entry is missing (deleted, or entries reordered)), so nothing was purged");
      assertThat(testing.log().entry(1)).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void purgeBefore_nothingOldEnough_logsAnEmptyPurge(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 2)) {
      testing.clock.advance(Duration.ofDays(400));

      LogEntry purge =
          LogRetention.of(testing.log())
              .purgeBefore(
                  "admin", TickingClock.START.minusSeconds(60), NOW.plus(Duration.ofDays(400)));

      assertThat(purge.record().details())
          .isEqualTo("no stored entry is older than 2026-03-01T07:59:00Z");
      assertThat(testing.log().entry(1)).isPresent();
    }
  }
}
