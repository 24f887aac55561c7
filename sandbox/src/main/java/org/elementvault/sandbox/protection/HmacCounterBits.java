package org.elementvault.sandbox.protection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.elementvault.crypto.KeyMaterial;

/**
 * Deterministic bits: HMAC-SHA256 in counter mode (the PRF-counter construction of NIST SP 800-108)
 * under a stream key that is itself HMAC-SHA256(secret, seed).
 */
final class HmacCounterBits implements RandomBits {

  private static final int WORDS_PER_BLOCK = 4;

  private final KeyMaterial streamKey;
  private final BitPool pool;
  private final byte[] counter = new byte[Long.BYTES];
  private long nextBlock;
  private ByteBuffer block = ByteBuffer.allocate(0);

  private HmacCounterBits(KeyMaterial streamKey) {
    this.streamKey = streamKey;
    this.pool = new BitPool(this::nextWord);
  }

  static HmacCounterBits create(KeyMaterial secret, byte[] seed) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(seed, "seed");
    byte[] derived = secret.hmacSha256(seed);
    try {
      return new HmacCounterBits(KeyMaterial.copyOf(derived));
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  @Override
  public long nextBits(int count) {
    return pool.nextBits(count);
  }

  private long nextWord() {
    if (!block.hasRemaining()) {
      if (nextBlock < 0) {
        throw new IllegalStateException("keyed random bit stream exhausted");
      }
      ByteBuffer.wrap(counter).putLong(nextBlock++);
      block = ByteBuffer.wrap(streamKey.hmacSha256(counter));
      assert block.remaining() == WORDS_PER_BLOCK * Long.BYTES;
    }
    return block.getLong();
  }
}
