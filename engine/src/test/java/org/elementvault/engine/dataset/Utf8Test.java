package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UTF-8 check against the JDK's strict decoder. */
class Utf8Test {

  private static final long SEED = 20_261_205L;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "C0AF", // overlong '/'
        "E080AF", // overlong, three bytes
        "EDA080", // a surrogate
        "F4908080", // above U+10FFFF
        "E4B8", // cut short
        "80", // a lone continuation byte
        "FF"
      })
  void isWellFormed_malformedSequence_isFalse(String hex) {
    byte[] bytes = hex(hex);

    assertThat(Utf8.isWellFormed(bytes, 0, bytes.length)).isFalse();
  }

  @Test
  void isWellFormed_onlyTheRangeIsRead() {
    byte[] bytes = {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD, (byte) 0xFF};

    assertThat(Utf8.isWellFormed(bytes, 0, 3)).isTrue();
    assertThat(Utf8.isWellFormed(bytes, 0, 2)).isFalse();
  }

  @Test
  void isWellFormed_seededBytes_agreesWithTheStrictDecoder() {
    SecureRandom random = TestingRandom.seeded(SEED);
    byte[][] pieces = {
      {'a'},
      {(byte) 0xC3, (byte) 0xA9},
      {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
      {(byte) 0x80},
      {(byte) 0xC0},
      {(byte) 0xED, (byte) 0xA0},
      {(byte) 0xF4, (byte) 0x90},
      {(byte) 0xE0, (byte) 0x80},
      // the edges of the ranges: U+0800, U+D7FF and U+10FFFF once a continuation byte follows
      {(byte) 0xE0, (byte) 0xA0},
      {(byte) 0xED, (byte) 0x9F},
      {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF},
      {(byte) 0xF0, (byte) 0x90, (byte) 0x80}
    };
    for (int n = 0; n < 20_000; n++) {
      ByteBuffer text = ByteBuffer.allocate(64);
      for (int k = random.nextInt(8); k > 0; k--) {
        text.put(pieces[random.nextInt(pieces.length)]);
      }
      byte[] bytes = Arrays.copyOf(text.array(), text.position());

      assertThat(Utf8.isWellFormed(bytes, 0, bytes.length))
          .as("seed %d, case %d", SEED, n)
          .isEqualTo(decodes(bytes));
    }
  }

  private static boolean decodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
