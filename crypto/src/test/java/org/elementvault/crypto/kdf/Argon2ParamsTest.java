package org.elementvault.crypto.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Argon2ParamsTest {

  /** RFC 9106 section 4, second recommended option: the floor every real vault enforces. */
  @Test
  void minimum_is64MiBThreePassesFourLanes() {
    Argon2Params minimum = Argon2Params.MINIMUM;

    assertThat(minimum).isEqualTo(new Argon2Params(64 * 1024, 3, 4));
  }

  @Test
  void constructor_rfc9106TestVectorParams_isAccepted() {
    Argon2Params params = new Argon2Params(32, 3, 4);

    assertThat(params.memoryKiB()).isEqualTo(32);
  }

  @Test
  void constructor_memoryBelowEightBlocksPerLane_isRefused() {
    assertThatThrownBy(() -> new Argon2Params(31, 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Argon2 memory must be between 8×parallelism and 4194304 KiB, got 31");
  }

  @Test
  void constructor_zeroIterations_isRefused() {
    assertThatThrownBy(() -> new Argon2Params(64 * 1024, 0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Argon2 iterations must be between 1 and 100, got 0");
  }

  @Test
  void constructor_zeroParallelism_isRefused() {
    assertThatThrownBy(() -> new Argon2Params(64 * 1024, 3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Argon2 parallelism must be between 1 and 64, got 0");
  }

  @Test
  void isAtLeast_moreMemoryAndPasses_isTrue() {
    Argon2Params stronger = new Argon2Params(128 * 1024, 4, 4);

    boolean atLeast = stronger.isAtLeast(Argon2Params.MINIMUM);

    assertThat(atLeast).isTrue();
  }

  @Test
  void isAtLeast_lessMemory_isFalse() {
    Argon2Params weaker = new Argon2Params(64 * 1024 - 8, 3, 4);

    boolean atLeast = weaker.isAtLeast(Argon2Params.MINIMUM);

    assertThat(atLeast).isFalse();
  }

  @Test
  void isAtLeast_testingParamsAgainstMinimum_isFalse() {
    boolean atLeast = Argon2Params.TESTING_ONLY_INSECURE.isAtLeast(Argon2Params.MINIMUM);

    assertThat(atLeast).isFalse();
  }
}
