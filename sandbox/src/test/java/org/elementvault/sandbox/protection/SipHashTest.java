package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** SipHash-2-4 with 128-bit output against the reference implementation's published vectors. */
class SipHashTest {

  private static final String VECTORS = "siphash-2-4-128.txt";

  private static byte[] counting(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static String hex(SubjectHash hash) {
    ByteBuffer output = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    return HexFormat.of().formatHex(output.putLong(hash.high()).putLong(hash.low()).array());
  }

  private static List<String> vectors() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(SipHashTest.class.getResourceAsStream(VECTORS), VECTORS)) {
      List<String> vectors = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          vectors.add(line.strip());
        }
      }
      return vectors;
    }
  }

  /** Every message length from 0 to 63 bytes: each tail length and one to seven whole words. */
  @Test
  void hash_referenceVectors_match() throws IOException {
    List<String> expected = vectors();
    SipHash sipHash = SipHash.keyed(counting(SipHash.KEY_BYTES));

    List<String> actual = new ArrayList<>();
    for (int length = 0; length < expected.size(); length++) {
      actual.add(hex(sipHash.hash(counting(length))));
    }

    assertThat(expected).hasSize(64);
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  /** A message inside a larger buffer, at every offset and length, hashes as the message alone. */
  @Test
  void hash_rangeOfBuffer_matchesReferenceVectors() throws IOException {
    List<String> expected = vectors();
    SipHash sipHash = SipHash.keyed(counting(SipHash.KEY_BYTES));

    List<String> actual = new ArrayList<>();
    for (int length = 0; length < expected.size(); length++) {
      int offset = length % 9;
      byte[] buffer = new byte[offset + length + 5];
      Arrays.fill(buffer, (byte) 0x5a);
      System.arraycopy(counting(length), 0, buffer, offset, length);
      actual.add(hex(sipHash.hash(buffer, offset, length)));
    }

    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void hash_rangeOutsideBuffer_isRejected() {
    SipHash sipHash = SipHash.keyed(counting(SipHash.KEY_BYTES));

    assertThatThrownBy(() -> sipHash.hash(new byte[8], 4, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void hash_afterDestroy_throws() {
    SipHash sipHash = SipHash.keyed(counting(SipHash.KEY_BYTES));

    sipHash.destroy();

    assertThatThrownBy(() -> sipHash.hash(counting(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the subject hash key was destroyed");
  }

  @Test
  void keyed_shortKey_isRejected() {
    assertThatThrownBy(() -> SipHash.keyed(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a SipHash key needs 16 bytes, got 15");
  }
}
