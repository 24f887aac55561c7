package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The release ledger's fingerprint key: stable per vault, apart from the noise keys, redacted. */
class LedgerKeyTest {

  private static final long SEED = 20_260_301L;
  private static final byte[] MESSAGE = "residents.district=金水区".getBytes(StandardCharsets.UTF_8);

  @Test
  void fingerprint_sameSecret_isStable() {
    LedgerKey first = LedgerKey.derive(TestingNoiseKeys.secret(SEED));
    LedgerKey second = LedgerKey.derive(TestingNoiseKeys.secret(SEED));

    assertThat(first.fingerprint(MESSAGE)).isEqualTo(second.fingerprint(MESSAGE));
  }

  @Test
  void fingerprint_otherSecret_differs() {
    LedgerKey key = LedgerKey.derive(TestingNoiseKeys.secret(SEED));
    LedgerKey other = LedgerKey.derive(TestingNoiseKeys.secret(SEED + 1));

    assertThat(key.fingerprint(MESSAGE)).isNotEqualTo(other.fingerprint(MESSAGE));
  }

  /** A fingerprint is never a subject hash of the same vault, whatever the dataset's name. */
  @Test
  void fingerprint_differsFromSubjectHashOfTheSameMessage() {
    LedgerKey key = LedgerKey.derive(TestingNoiseKeys.secret(SEED));
    SubjectHash subject =
        NoiseKey.derive(TestingNoiseKeys.secret(SEED), "release-ledger-key").subject(MESSAGE);

    byte[] subjectBytes =
        ByteBuffer.allocate(16).putLong(subject.high()).putLong(subject.low()).array();
    assertThat(key.fingerprint(MESSAGE)).hasSize(16).isNotEqualTo(subjectBytes);
  }

  @Test
  void toString_isRedacted() {
    assertThat(LedgerKey.derive(TestingNoiseKeys.secret(SEED))).hasToString("LedgerKey[redacted]");
  }

  @Test
  void fingerprint_afterDestroy_throws() {
    LedgerKey key = LedgerKey.derive(TestingNoiseKeys.secret(SEED));

    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(() -> key.fingerprint(MESSAGE)).isInstanceOf(IllegalStateException.class);
  }
}
