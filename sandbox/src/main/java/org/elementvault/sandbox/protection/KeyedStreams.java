package org.elementvault.sandbox.protection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elementvault.crypto.KeyMaterial;

/**
 * The keyed bit streams of one secret by seed, so that a seed asked for again — a static noise
 * layer, which every group and output of a release shares, or a threshold seed, which each output
 * of a group repeats — costs neither its stream key's derivation nor its first blocks' MACs. The
 * bits are those of {@link RandomBits#keyed} for the same secret and seed.
 *
 * <p>At most {@value #MAX_STREAMS} streams are kept, the least recently asked for leaving first.
 * Thread-safe; {@link #destroy()} wipes every stream kept.
 */
final class KeyedStreams {

  /** Streams kept: a release's shared layers and one group's repeated seeds fit many times. */
  static final int MAX_STREAMS = 1_024;

  private final KeyMaterial secret;

  /** By seed bytes, in order of last use (the map's access order). */
  private final Map<Seed, KeyedStream> streams =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Seed, KeyedStream> eldest) {
          return size() > MAX_STREAMS;
        }
      };

  KeyedStreams(KeyMaterial secret) {
    this.secret = secret;
  }

  /** A new reader of the stream of {@code seed}, from its first bit. */
  RandomBits bits(byte[] seed) {
    KeyedStream stream;
    synchronized (this) {
      stream = streams.computeIfAbsent(new Seed(seed), s -> KeyedStream.derive(secret, seed));
    }
    return new HmacCounterBits(stream);
  }

  /** Wipes the kept streams and forgets them. */
  synchronized void destroy() {
    streams.values().forEach(KeyedStream::destroy);
    streams.clear();
  }

  /**
   * Seed bytes as a map key, equal by contents. The hash reads the length and the last {@value
   * #HASHED_BYTES} bytes only: seeds share their first fields (version, purpose) and differ in
   * their last (a layer's text, a subject set's digest, the largest shares), and a seed of a few
   * hundred bytes would cost more to hash whole than its lookup saves.
   */
  private static final class Seed {
    private static final int HASHED_BYTES = 32;

    private final byte[] bytes;
    private final int hash;

    Seed(byte[] bytes) {
      this.bytes = bytes;
      int hash = bytes.length;
      for (int i = Math.max(0, bytes.length - HASHED_BYTES); i < bytes.length; i++) {
        hash = 31 * hash + bytes[i];
      }
      this.hash = hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Seed that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
