package org.elementvault.sandbox.protection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.elementvault.crypto.KeyMaterial;

/**
 * The blocks of one keyed bit stream: block {@code i} is HMAC-SHA256(stream key, i as eight
 * big-endian bytes), the PRF-counter construction of NIST SP 800-108, under the stream key
 * HMAC-SHA256(secret, seed). The first {@value #KEPT_BLOCKS} blocks are kept once computed, so
 * every later reader of the same seed ({@link HmacCounterBits}) reads them without a MAC.
 *
 * <p>Thread-safe. {@link #destroy()} wipes the stream key and the kept blocks; any later read
 * throws {@link IllegalStateException}.
 */
final class KeyedStream {

  /** Longs per block: a block is one HMAC-SHA256 output of 256 bits. */
  static final int WORDS_PER_BLOCK = 4;

  /** Blocks kept for later readers: a sample of the samplers here rarely reads more. */
  static final int KEPT_BLOCKS = 16;

  private final KeyMaterial key;
  private long[] kept = new long[WORDS_PER_BLOCK];
  private int keptBlocks;

  private KeyedStream(KeyMaterial key) {
    this.key = key;
  }

  /** The stream of {@code seed} under {@code secret}, used only through its HMAC. */
  static KeyedStream derive(KeyMaterial secret, byte[] seed) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(seed, "seed");
    byte[] derived = secret.hmacSha256(seed);
    try {
      return new KeyedStream(KeyMaterial.copyOf(derived));
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  /**
   * The words of block {@code index} into {@code words} (of {@value #WORDS_PER_BLOCK}), each the
   * big-endian long of eight bytes of the block in order.
   */
  synchronized void block(long index, long[] words) {
    if (key.isDestroyed()) {
      throw new IllegalStateException("keyed random bit stream was destroyed");
    }
    if (index < keptBlocks) {
      System.arraycopy(kept, (int) index * WORDS_PER_BLOCK, words, 0, WORDS_PER_BLOCK);
      return;
    }
    compute(index, words);
    if (index == keptBlocks && keptBlocks < KEPT_BLOCKS) {
      if (kept.length < (keptBlocks + 1) * WORDS_PER_BLOCK) {
        kept = Arrays.copyOf(kept, 2 * kept.length);
      }
      System.arraycopy(words, 0, kept, keptBlocks * WORDS_PER_BLOCK, WORDS_PER_BLOCK);
      keptBlocks++;
    }
  }

  private void compute(long index, long[] words) {
    ByteBuffer block =
        ByteBuffer.wrap(key.hmacSha256(ByteBuffer.allocate(Long.BYTES).putLong(index).array()));
    for (int i = 0; i < WORDS_PER_BLOCK; i++) {
      words[i] = block.getLong();
    }
    Arrays.fill(block.array(), (byte) 0);
  }

  /** Wipes the stream key and the kept blocks. */
  synchronized void destroy() {
    key.destroy();
    Arrays.fill(kept, 0);
    keptBlocks = 0;
  }
}
