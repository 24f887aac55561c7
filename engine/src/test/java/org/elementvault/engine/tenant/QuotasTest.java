package org.elementvault.engine.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import org.elementvault.engine.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotasTest {

  @Test
  void defaults_minThreshold_isTen() {
    assertThat(Quotas.DEFAULTS.minThreshold()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0, -10, 1_000_001, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void minThreshold_outOfRange_isRefusedWithTheRange(int k) {
    assertVaultException(
        () -> Quotas.DEFAULTS.withMinThreshold(k),
        ErrorCode.USER_ERROR,
        "quota of minimum threshold must be between 2 and 1000000");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 1_000_000})
  void minThreshold_atTheBounds_isAccepted(int k) {
    Quotas quotas = Quotas.DEFAULTS.withMinThreshold(k);

    assertThat(quotas.minThreshold()).isEqualTo(k);
    assertThat(quotas.maxJobs()).isEqualTo(Quotas.DEFAULTS.maxJobs());
  }
}
