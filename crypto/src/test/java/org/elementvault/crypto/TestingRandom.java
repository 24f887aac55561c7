package org.elementvault.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Deterministic randomness for tests: a {@code SHA1PRNG} seeded with {@link #SEED} before its first
 * use produces the same stream on every run, so a failing randomised test reproduces.
 */
public final class TestingRandom {

  /** The seed of every randomised crypto test; quote it when reporting a failure. */
  public static final long SEED = 0x5EED_2025_1123L;

  private TestingRandom() {}

  /** A fresh generator seeded with {@link #SEED}. */
  public static SecureRandom seeded() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(SEED);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA1PRNG", e);
    }
  }
}
