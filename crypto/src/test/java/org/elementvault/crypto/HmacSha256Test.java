package org.elementvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HMAC-SHA256 from kept pad states, against RFC 4231 and the platform's {@link Mac}. */
class HmacSha256Test {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * RFC 4231 test cases 1 to 4, each message as a hex unit and its repetitions (cases 5 to 7
   * truncate or use keys longer than a block).
   */
  @ParameterizedTest
  @CsvSource({
    "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265, 1,"
        + " b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "4a656665, 7768617420646f2079612077616e7420666f72206e6f7468696e673f, 1,"
        + " 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, dd, 50,"
        + " 773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    "0102030405060708090a0b0c0d0e0f10111213141516171819, cd, 50,"
        + " 82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
  })
  void mac_rfc4231Case_matchesTheRfc(String key, String unit, int repeats, String expected) {
    HmacSha256 hmac = new HmacSha256(HEX.parseHex(key));

    byte[] mac = hmac.mac(HEX.parseHex(unit.repeat(repeats)));

    assertThat(HEX.formatHex(mac)).isEqualTo(expected);
  }

  /** Keys of every length up to a block, messages on both sides of each block boundary. */
  @Test
  void mac_seededKeysAndMessages_equalsThePlatformMac() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(TestingRandom.SEED);
    for (int keyLength = 1; keyLength <= 64; keyLength++) {
      byte[] key = bytes(random, keyLength);
      HmacSha256 hmac = new HmacSha256(key);
      Mac platform = Mac.getInstance("HmacSHA256");
      platform.init(new SecretKeySpec(key, "HmacSHA256"));
      for (int messageLength : new int[] {0, 1, 8, 55, 56, 63, 64, 65, 119, 120, 128, 300}) {
        byte[] message = bytes(random, messageLength);

        assertThat(hmac.mac(message))
            .as("key of %d bytes, message of %d", keyLength, messageLength)
            .isEqualTo(platform.doFinal(message));
      }
    }
  }

  /** Each MAC starts from the kept pad states: an earlier message leaves nothing behind. */
  @Test
  void mac_sameMessageAfterOthers_givesTheSameMac() {
    HmacSha256 hmac = new HmacSha256(bytes(new SplittableRandom(TestingRandom.SEED), 32));
    byte[] message = "counter block".getBytes(StandardCharsets.UTF_8);
    byte[] first = hmac.mac(message);

    var unused = hmac.mac(new byte[100]);

    assertThat(hmac.mac(message)).isEqualTo(first);
  }

  @Test
  void create_keyLongerThanABlock_isRefused() {
    assertThatThrownBy(() -> new HmacSha256(new byte[65]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an HMAC key must be at most 64 bytes, got 65");
  }

  /** After a wipe the pad states are a plain SHA-256's: no MAC under the key comes out. */
  @Test
  void wipe_keyed_macNoLongerDependsOnTheKey() {
    SplittableRandom random = new SplittableRandom(TestingRandom.SEED);
    HmacSha256 one = new HmacSha256(bytes(random, 32));
    HmacSha256 other = new HmacSha256(bytes(random, 32));

    one.wipe();
    other.wipe();

    assertThat(one.mac(new byte[8])).isEqualTo(other.mac(new byte[8]));
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
