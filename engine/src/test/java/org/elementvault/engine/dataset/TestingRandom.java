package org.elementvault.engine.dataset;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Deterministic randomness for property tests: {@code SHA1PRNG} seeded before its first use yields
 * the same stream on every run, so a failure reproduces; tests name the seed in their assertions.
 */
final class TestingRandom {

  private TestingRandom() {}

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA1PRNG is required by every JDK", e);
    }
  }

  /** Returns {@code count} random ASCII digits. */
  static String digits(SecureRandom random, int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }
}
