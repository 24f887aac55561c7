package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.oplog.LogVerifierTest.assertFailed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Consumer;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exporting the log and verifying the export offline, untouched and tampered with. */
class ExportVerifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_untouchedExport_passesWithTheLogsRoot(CipherSuite suite) {
    Path export = temp.resolve("log.json");
    VerifyReport stored;
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      SignedTreeHead unused = LogExporter.of(testing.log(), suite, testing.signer).export(export);
      stored = LogVerifier.of(testing.log()).verify();
    }

    VerifyReport report = ExportVerifier.verify(export, LogExporter.publicKeyFile(export));

    assertThat(report).isEqualTo(stored);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_exportOfAPurgedLog_passes(CipherSuite suite) {
    Path export = temp.resolve("log.json");
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      testing.clock.advance(Duration.ofDays(200));
      LogEntry unused =
          LogRetention.of(testing.log())
              .purgeBefore("auditor", TickingClock.START.plusSeconds(150), testing.clock.instant());
      SignedTreeHead head = LogExporter.of(testing.log(), suite, testing.signer).export(export);
      assertThat(head.treeSize()).isEqualTo(7);
    }

    VerifyReport report = ExportVerifier.verify(export, LogExporter.publicKeyFile(export));

    assertThat(report.ok()).isTrue();
    assertThat(report.size()).isEqualTo(7);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_entryDetailsEdited_failsAtThatEntry(CipherSuite suite) throws IOException {
    Path export = exportOf(suite, 6);
    edit(export, entries -> ((ObjectNode) entries.get(3)).put("details", "nothing happened"));

    VerifyReport report = ExportVerifier.verify(export, LogExporter.publicKeyFile(export));

    assertFailed(report, 4, "hash chain: the entry's hash does not match its contents");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_entryDropped_failsAtTheGap(CipherSuite suite) throws IOException {
    Path export = exportOf(suite, 6);
    edit(export, entries -> entries.remove(2));

    VerifyReport report = ExportVerifier.verify(export, LogExporter.publicKeyFile(export));

    assertFailed(
        report, 3, "sequence continuity: the entry is missing (deleted, or entries reordered)");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_lastEntryDropped_failsAtThatEntry(CipherSuite suite) throws IOException {
    Path export = exportOf(suite, 6);
    edit(export, entries -> entries.remove(5));

    VerifyReport report = ExportVerifier.verify(export, LogExporter.publicKeyFile(export));

    assertFailed(
        report, 6, "tree head: the export ends before the size its signed tree head records");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_twoEntriesSwapped_failsAtTheEarlier(CipherSuite suite) throws IOException {
    Path export = exportOf(suite, 6);
    edit(
        export,
        entries -> {
          var second = entries.get(1);
          entries.set(1, entries.get(4));
          entries.set(4, second);
        });

    VerifyReport report = ExportVerifier.verify(export, LogExporter.publicKeyFile(export));

    assertFailed(
        report, 2, "sequence continuity: the entry is missing (deleted, or entries reordered)");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_wrongPublicKey_failsTheSignature(CipherSuite suite) throws IOException {
    Path export = exportOf(suite, 6);
    Primitives primitives = suite.primitives(new SecureRandom());
    Path otherKey = temp.resolve("other.pub");
    new PublicKeyFile(suite, primitives.signer(primitives.newSigningKey()).publicKey())
        .write(otherKey);

    VerifyReport report = ExportVerifier.verify(export, otherKey);

    assertFailed(report, 0, "tree head: its signature does not verify with the public key");
  }

  private Path exportOf(CipherSuite suite, int entries) {
    Path export = temp.resolve("log.json");
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, entries)) {
      SignedTreeHead unused = LogExporter.of(testing.log(), suite, testing.signer).export(export);
    }
    return export;
  }

  private static void edit(Path export, Consumer<ArrayNode> change) throws IOException {
    ObjectNode json = (ObjectNode) JSON.readTree(export.toFile());
    change.accept((ArrayNode) json.get("entries"));
    JSON.writeValue(export.toFile(), json);
  }
}
