package org.elementvault.sandbox.protection;

import java.security.SecureRandom;
import java.util.Objects;
import org.elementvault.crypto.KeyMaterial;

/**
 * A stream of independent, uniformly distributed random bits: the only source of randomness of the
 * samplers in this package.
 *
 * <p>Two sources exist. {@link #keyed} is deterministic: the same secret and seed give the same
 * bits, which is what makes sticky noise sticky. {@link #from(SecureRandom)} draws fresh bits from
 * the injected generator, for differentially private runs where every release must get new noise.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Keyed bits are the output of HMAC-SHA256 in counter mode under a key derived from the
 *       secret and the seed: without the secret they are indistinguishable from uniform, and
 *       streams of different seeds are independent.
 *   <li>Neither source is thread-safe: give each thread, and each sample, its own stream.
 *   <li>Bits are consumed in order and never reused; a keyed stream yields at most 2<sup>63</sup>
 *       blocks of 256 bits, far beyond any sampler's needs.
 * </ul>
 */
public interface RandomBits {

  /** The most bits one call of {@link #nextBits} returns. */
  int MAX_BITS = 63;

  /**
   * Returns the next {@code count} bits of the stream as the low bits of a non-negative long.
   *
   * @throws IllegalArgumentException if {@code count} is outside [0, {@value #MAX_BITS}]
   */
  long nextBits(int count);

  /** Fresh bits from {@code random}; the stream holds the generator and is not thread-safe. */
  static RandomBits from(SecureRandom random) {
    return new SecureRandomBits(Objects.requireNonNull(random, "random"));
  }

  /**
   * Deterministic bits: block {@code i} is HMAC-SHA256(HMAC-SHA256(secret, seed), i). The secret is
   * used only through {@link KeyMaterial#hmacSha256}, never exposed.
   */
  static RandomBits keyed(KeyMaterial secret, byte[] seed) {
    return new HmacCounterBits(KeyedStream.derive(secret, seed));
  }
}
