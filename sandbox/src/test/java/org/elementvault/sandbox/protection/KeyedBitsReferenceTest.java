package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.elementvault.crypto.KeyMaterial;
import org.junit.jupiter.api.Test;

/**
 * Keyed bits against their definition, computed here with the platform's {@link Mac} and no code of
 * this package: block i of the stream of a seed is HMAC-SHA256(HMAC-SHA256(secret, seed), i), read
 * as big-endian longs, low bits first. A stream read through a noise key's kept streams, by one
 * reader or several, must give exactly these bits, since every sticky value already released was
 * drawn from them.
 */
class KeyedBitsReferenceTest {

  private static final long SEED = 20_261_205L;

  /** Python: hmac.new(hmac.new(bytes(range(32)), b"stream", "sha256").digest(), i, "sha256"). */
  @Test
  void keyed_countingSecret_givesTheIndependentlyComputedBits() {
    RandomBits bits = RandomBits.keyed(KeyMaterial.copyOf(counting()), utf8("stream"));

    assertThat(draws(bits, 12))
        .containsExactly(
            0x3d68be1cL,
            0x31131f2aL,
            0xd6caeff7L,
            0x7b3337aeL,
            0x09fe512eL,
            0xfd7d550aL,
            0xac4582faL,
            0xe8bc1444L,
            0x311ebb02L,
            0x61caf5f4L,
            0x7bf326d2L,
            0xd239f069L);
  }

  /** The same in Python, under the noise key of "residents" and the seed of a static layer. */
  @Test
  void noiseKeyBits_countingSecret_givesTheIndependentlyComputedBits() {
    NoiseKey key = NoiseKey.derive(KeyMaterial.copyOf(counting()), "residents");

    RandomBits bits = key.bits(SeedEncoder.of("noise.static").add("key district = 3"));

    assertThat(draws(bits, 12))
        .containsExactly(
            0x31077379L,
            0x91610fbdL,
            0x24ecc83eL,
            0xaafc1144L,
            0x2d993facL,
            0x48609001L,
            0xb5cd33e3L,
            0xfb5e83c7L,
            0x5cd37f15L,
            0xefa4a9efL,
            0xbb0c3192L,
            0x54f809fcL);
  }

  /** Seeded secrets and labels, draws of every width, well past the blocks a stream keeps. */
  @Test
  void keyed_seededSecretsAndLabels_matchTheReference() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int stream = 0; stream < 100; stream++) {
      byte[] secret = secretBytes(random);
      byte[] seed = utf8("label-" + random.nextLong());
      RandomBits bits = RandomBits.keyed(KeyMaterial.copyOf(secret), seed);
      Reference reference = new Reference(secret, seed);

      for (int draw = 0; draw < 300; draw++) {
        int width = random.nextInt(RandomBits.MAX_BITS + 1);
        assertThat(bits.nextBits(width))
            .as("stream %d draw %d", stream, draw)
            .isEqualTo(reference.nextBits(width));
      }
    }
  }

  /**
   * Readers of one seed under one noise key, started at different times and read in turn, each see
   * the whole stream from its first bit, past the kept blocks too.
   */
  @Test
  void noiseKeyBits_interleavedReadersOfOneSeed_eachMatchTheReference()
      throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] secret = secretBytes(random);
    NoiseKey key = NoiseKey.derive(KeyMaterial.copyOf(secret), "dataset");
    byte[] noiseKey = mac(secret, SeedEncoder.of("noise-key").add("dataset").bytes());
    for (int label = 0; label < 20; label++) {
      SeedEncoder seed = SeedEncoder.of("noise.static").add("layer " + label);
      List<RandomBits> readers = new ArrayList<>();
      List<Reference> references = new ArrayList<>();
      int bitsRead = 0;
      for (int step = 0; bitsRead < 12_000; step++) {
        if (step % 50 == 0) {
          readers.add(key.bits(seed));
          references.add(new Reference(noiseKey, seed.bytes()));
        }
        int reader = random.nextInt(readers.size());
        int width = random.nextInt(RandomBits.MAX_BITS + 1);
        bitsRead += width;
        assertThat(readers.get(reader).nextBits(width))
            .as("label %d reader %d step %d", label, reader, step)
            .isEqualTo(references.get(reader).nextBits(width));
      }
    }
  }

  /** A stream kept by a destroyed key gives no more bits, not even those it had kept. */
  @Test
  void noiseKeyBits_readerOfADestroyedKey_throws() {
    NoiseKey key = TestingNoiseKeys.key(SEED);
    SeedEncoder seed = SeedEncoder.of("noise.static").add("layer");
    var unused = key.bits(seed).nextBits(63);
    RandomBits reader = key.bits(seed);

    key.destroy();

    assertThatThrownBy(() -> reader.nextBits(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("keyed random bit stream was destroyed");
  }

  @Test
  void noiseKeyBits_destroyedKey_throws() {
    NoiseKey key = TestingNoiseKeys.key(SEED);
    key.destroy();

    assertThatThrownBy(() -> key.bits(SeedEncoder.of("noise.static").add("layer")))
        .isInstanceOf(IllegalStateException.class);
  }

  /** The definition, with a fresh platform MAC per block and a plain bit queue. */
  private static final class Reference {
    private final Mac mac;
    private long block;
    private long pool;
    private int poolBits;
    private final long[] words = new long[4];
    private int word = 4;

    Reference(byte[] secret, byte[] seed) throws GeneralSecurityException {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(mac(secret, seed), "HmacSHA256"));
    }

    long nextBits(int count) {
      long result = 0;
      for (int bit = 0; bit < count; bit++) {
        if (poolBits == 0) {
          pool = nextWord();
          poolBits = Long.SIZE;
        }
        result |= (pool & 1) << bit;
        pool >>>= 1;
        poolBits--;
      }
      return result;
    }

    private long nextWord() {
      if (word == words.length) {
        ByteBuffer bytes =
            ByteBuffer.wrap(mac.doFinal(ByteBuffer.allocate(8).putLong(block++).array()));
        for (int i = 0; i < words.length; i++) {
          words[i] = bytes.getLong();
        }
        word = 0;
      }
      return words[word++];
    }
  }

  private static byte[] mac(byte[] key, byte[] message) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message);
  }

  private static long[] draws(RandomBits bits, int count) {
    long[] draws = new long[count];
    for (int i = 0; i < count; i++) {
      draws[i] = bits.nextBits(32);
    }
    return draws;
  }

  private static byte[] secretBytes(SplittableRandom random) {
    byte[] bytes = new byte[KeyMaterial.LENGTH];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The bytes 0, 1, …, 31. */
  private static byte[] counting() {
    byte[] bytes = new byte[KeyMaterial.LENGTH];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
