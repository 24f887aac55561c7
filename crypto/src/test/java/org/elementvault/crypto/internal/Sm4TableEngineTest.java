package org.elementvault.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.elementvault.crypto.TestingRandom;
import org.elementvault.crypto.TestingVectors;
import org.elementvault.crypto.TestingVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Sm4TableEngineTest {

  private static final int BLOCK = Sm4TableEngine.BLOCK_SIZE;

  @Test
  void encryptBlock_gbt32907Examples_encryptsToPublishedCiphertexts() {
    List<Vector> vectors = TestingVectors.load("sm4-block.txt");
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(vectors)
        .extracting(Vector::name)
        .containsExactly("GB/T 32907 A.1", "GB/T 32907 A.2");

    for (Vector vector : vectors) {
      Sm4TableEngine engine = new Sm4TableEngine(vector.bytes("key"));
      byte[] block = vector.bytes("plaintext");
      for (int i = 0; i < vector.number("iterations"); i++) {
        engine.encryptBlock(block, 0, block, 0);
      }
      softly
          .assertThat(block)
          .as(vector.name())
          .inHexadecimal()
          .isEqualTo(vector.bytes("ciphertext"));
    }

    softly.assertAll();
  }

  /** Each case draws a key and a block from its own seed, derived from {@link TestingRandom}. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void encryptBlock_randomKeyAndBlock_equalsBouncyCastleSm4Engine(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] key = bytes(random, Sm4TableEngine.KEY_SIZE);
    byte[] block = bytes(random, BLOCK);
    byte[] out = new byte[BLOCK];

    new Sm4TableEngine(key).encryptBlock(block, 0, out, 0);

    assertThat(out).inHexadecimal().isEqualTo(bouncyCastle(key, block));
  }

  /** Blocks sit at odd offsets so that a mix-up of the four blocks' positions shows. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void encryptFourBlocks_randomKeyAndBlocks_equalsBouncyCastleBlockByBlock(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] key = bytes(random, Sm4TableEngine.KEY_SIZE);
    byte[] in = bytes(random, 3 + 4 * BLOCK);
    byte[] out = new byte[5 + 4 * BLOCK];

    new Sm4TableEngine(key).encryptFourBlocks(in, 3, out, 5);

    byte[] expected = new byte[out.length];
    for (int block = 0; block < 4; block++) {
      byte[] one = new byte[BLOCK];
      System.arraycopy(in, 3 + block * BLOCK, one, 0, BLOCK);
      System.arraycopy(bouncyCastle(key, one), 0, expected, 5 + block * BLOCK, BLOCK);
    }
    assertThat(out).inHexadecimal().isEqualTo(expected);
  }

  @Test
  void constructor_256BitKey_isRefused() {
    byte[] key = new byte[32];

    assertThatThrownBy(() -> new Sm4TableEngine(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SM4 keys are 16 bytes, got 32");
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, 64).map(i -> TestingRandom.SEED + i).boxed();
  }

  private static byte[] bouncyCastle(byte[] key, byte[] block) {
    SM4Engine engine = new SM4Engine();
    engine.init(true, new KeyParameter(key));
    byte[] out = new byte[BLOCK];
    engine.processBlock(block, 0, out, 0);
    return out;
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
