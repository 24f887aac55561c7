package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elementvault.engine.oplog.LogVerifierTest.assertFailed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signed checkpoints, their file, and verifying a log against one (truncation and rollback). */
class CheckpointTest {

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_logGrewSince_passes(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 4)) {
      Checkpoint checkpoint = Checkpoint.sign(testing.log(), suite, testing.signer);
      testing.append(3);

      VerifyReport report = LogVerifier.of(testing.log()).verify(checkpoint, testing.verifier);

      assertThat(report).isEqualTo(LogVerifier.of(testing.log()).verify());
      assertThat(report.size()).isEqualTo(7);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_tailTruncatedWithAnOlderHead_failsAfterTheShortenedLog(
      CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      byte[] olderHead = testing.headValue();
      testing.append(3);
      Checkpoint checkpoint = Checkpoint.sign(testing.log(), suite, testing.signer);
      for (long sequence = 4; sequence <= 6; sequence++) {
        testing.deleteEntry(sequence);
        testing.deleteHash(sequence);
      }
      testing.putHeadValue(olderHead);

      VerifyReport report = LogVerifier.of(testing.reopen()).verify(checkpoint, testing.verifier);

      assertFailed(
          report,
          4,
          "checkpoint: the log is shorter than the checkpoint (truncated or rolled back)");
    }
  }

  /** The whole database directory replaced by a copy taken before the checkpoint. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_databaseReplacedByAnOlderCopy_failsAfterTheCopysEnd(
      CipherSuite suite) throws IOException {
    Path database = temp.resolve("db");
    Path copy = temp.resolve("copy");
    try (TestingLog testing = TestingLog.withEntries(database, suite, 3)) {
      testing.closeStore();
      copyTree(database, copy);
      testing.openStore();
      testing.append(4);
      Checkpoint checkpoint = Checkpoint.sign(testing.log(), suite, testing.signer);
      testing.closeStore();
      deleteTree(database);
      copyTree(copy, database);
      testing.openStore();

      VerifyReport report = LogVerifier.of(testing.log()).verify(checkpoint, testing.verifier);

      assertFailed(
          report,
          4,
          "checkpoint: the log is shorter than the checkpoint (truncated or rolled back)");
    }
  }

  /** A rolled-back copy that grew past the checkpoint again: a forked history. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_olderCopyGrownPastTheCheckpoint_failsConsistency(CipherSuite suite)
      throws IOException {
    Path database = temp.resolve("db");
    Path copy = temp.resolve("copy");
    try (TestingLog testing = TestingLog.withEntries(database, suite, 2)) {
      testing.closeStore();
      copyTree(database, copy);
      testing.openStore();
      testing.append(2);
      Checkpoint checkpoint = Checkpoint.sign(testing.log(), suite, testing.signer);
      testing.closeStore();
      deleteTree(database);
      copyTree(copy, database);
      testing.openStore();
      testing.append(4);

      VerifyReport report = LogVerifier.of(testing.log()).verify(checkpoint, testing.verifier);

      assertFailed(
          report,
          0,
          "checkpoint: the log does not extend the checkpoint's tree (consistency proof fails)");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_signedByAnotherKey_fails(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      Primitives primitives = suite.primitives(new SecureRandom());
      Checkpoint forged =
          Checkpoint.sign(testing.log(), suite, primitives.signer(primitives.newSigningKey()));

      VerifyReport report = LogVerifier.of(testing.log()).verify(forged, testing.verifier);

      assertFailed(
          report, 0, "checkpoint: its signature does not verify with the vault's public key");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verifyAgainstCheckpoint_ofAnotherVault_fails(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      Checkpoint own = Checkpoint.sign(testing.log(), suite, testing.signer);
      Checkpoint other = new Checkpoint("v-other", suite, own.treeHead());

      VerifyReport report = LogVerifier.of(testing.log()).verify(other, testing.verifier);

      assertFailed(report, 0, "checkpoint: it was made for another vault");
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_writtenCheckpoint_isEqual(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      Checkpoint checkpoint = Checkpoint.sign(testing.log(), suite, testing.signer);
      Path file = temp.resolve("log.checkpoint");
      checkpoint.write(file);

      Checkpoint read = Checkpoint.read(file);

      assertThat(read).isEqualTo(checkpoint);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void sign_tamperedLog_isRefused(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 3)) {
      testing.deleteEntry(2);

      assertThatThrownBy(() -> Checkpoint.sign(testing.log(), suite, testing.signer))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "the operation log fails verification (failed at entry 2: sequence continuity: the"
                  + " entry is missing (deleted, or entries reordered)), so no checkpoint was"
                  + " signed")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.INTEGRITY);
    }
  }

  @Test
  void read_notACheckpoint_isAUserError() throws IOException {
    Path file = temp.resolve("notes.json");
    Files.writeString(file, "{\"format\": \"something else\"}", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Checkpoint.read(file))
        .isInstanceOf(VaultException.class)
        .hasMessage(file + " is not an ElementVault checkpoint")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }
}
