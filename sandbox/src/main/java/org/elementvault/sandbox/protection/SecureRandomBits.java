package org.elementvault.sandbox.protection;

import java.security.SecureRandom;

/** Bits drawn from an injected {@link SecureRandom}, for runs that need fresh noise. */
final class SecureRandomBits implements RandomBits {

  private final BitPool pool;

  SecureRandomBits(SecureRandom random) {
    this.pool = new BitPool(random::nextLong);
  }

  @Override
  public long nextBits(int count) {
    return pool.nextBits(count);
  }
}
