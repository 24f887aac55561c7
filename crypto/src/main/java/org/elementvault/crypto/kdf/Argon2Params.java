package org.elementvault.crypto.kdf;

/**
 * The cost of one Argon2id derivation.
 *
 * @param memoryKiB memory in KiB (m)
 * @param iterations passes over memory (t)
 * @param parallelism lanes (p)
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {

  /** RFC 9106's second recommended option (64 MiB, t=3, p=4): the minimum a vault accepts. */
  public static final Argon2Params MINIMUM = new Argon2Params(64 * 1024, 3, 4);

  /**
   * A deliberately weak parameter set for tests, so that a suite can open hundreds of vaults. A
   * vault only accepts it when opened with {@link #TESTING_ONLY_INSECURE} as its floor.
   */
  public static final Argon2Params TESTING_ONLY_INSECURE = new Argon2Params(256, 1, 1);

  public Argon2Params {
    if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "Argon2 memory must be between 8×parallelism and 4194304 KiB, got " + memoryKiB);
    }
    if (iterations < 1 || iterations > 100) {
      throw new IllegalArgumentException(
          "Argon2 iterations must be between 1 and 100, got " + iterations);
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException(
          "Argon2 parallelism must be between 1 and 64, got " + parallelism);
    }
  }

  /** Whether this costs at least as much memory and time as {@code floor}. */
  public boolean isAtLeast(Argon2Params floor) {
    return memoryKiB >= floor.memoryKiB && iterations >= floor.iterations;
  }
}
