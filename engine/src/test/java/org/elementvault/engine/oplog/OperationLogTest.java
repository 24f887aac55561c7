package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fail-closed appends: when the log cannot be written, the operation and its entry both fail. */
class OperationLogTest {

  private static final byte[] EFFECT_KEY = "tenant/acme".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void commit_writerFails_throwsInternal(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 2)) {
      OperationLog failing = testing.openWith(OperationLogTest::failWrite);

      assertThatThrownBy(() -> failing.commit(TestingLog.record(3), effect()))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "the operation log could not be written, so the operation was not carried out")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.INTERNAL);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void commit_writerFails_storesNeitherEffectNorEntry(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 2)) {
      OperationLog failing = testing.openWith(OperationLogTest::failWrite);

      assertThatThrownBy(() -> failing.commit(TestingLog.record(3), effect()))
          .isInstanceOf(VaultException.class);

      assertThat(testing.store().get(Family.META, EFFECT_KEY)).isEmpty();
      assertThat(failing.entry(3)).isEmpty();
      assertThat(failing.storedHash(3)).isEmpty();
      assertThat(LogVerifier.of(testing.reopen()).verify().size()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void commit_writerFails_keepsTheSize(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 2)) {
      OperationLog failing = testing.openWith(OperationLogTest::failWrite);

      assertThatThrownBy(() -> failing.commit(TestingLog.record(3), effect()))
          .isInstanceOf(VaultException.class);

      assertThat(failing.size()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void commit_afterReopening_continuesTheChain(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 2)) {
      byte[] second = testing.log().lastHash();

      LogEntry third = testing.reopen().append(TestingLog.record(3));

      assertThat(third.sequence()).isEqualTo(3);
      assertThat(third.previousHash()).isEqualTo(second);
    }
  }

  private static Batch effect() {
    return new Batch().put(Family.META, EFFECT_KEY, new byte[] {1});
  }

  private static void failWrite(Batch batch) {
    throw new VaultException(ErrorCode.INTERNAL, "disk full (testing)");
  }
}
