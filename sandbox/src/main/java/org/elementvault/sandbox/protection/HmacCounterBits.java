package org.elementvault.sandbox.protection;

/**
 * Deterministic bits: one reader of a {@link KeyedStream}, from its first block on. Readers of one
 * stream read the same bits, each at its own place.
 */
final class HmacCounterBits implements RandomBits {

  private final KeyedStream stream;
  private final BitPool pool;
  private final long[] words = new long[KeyedStream.WORDS_PER_BLOCK];
  private int nextWord = words.length;
  private long nextBlock;

  HmacCounterBits(KeyedStream stream) {
    this.stream = stream;
    this.pool = new BitPool(this::nextWord);
  }

  @Override
  public long nextBits(int count) {
    return pool.nextBits(count);
  }

  private long nextWord() {
    if (nextWord == words.length) {
      if (nextBlock < 0) {
        throw new IllegalStateException("keyed random bit stream exhausted");
      }
      stream.block(nextBlock++, words);
      nextWord = 0;
    }
    return words[nextWord++];
  }
}
