package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SeedEncoderTest {

  /**
   * The byte form is pinned: every sticky noise value of every vault is keyed by it. Each field is
   * a four-byte big-endian length and its bytes; a long is its eight big-endian bytes.
   */
  @Test
  void encodesEachFieldAsItsLengthAndItsBytes() {
    byte[] bytes =
        SeedEncoder.of("p").add(0x0102030405060708L).add(-2L).add(new byte[] {9}).bytes();

    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(
            // Python: b"".join(len(f).to_bytes(4, "big") + f for f in fields)
            "0000001e6f72672e656c656d656e747661756c742e70726f74656374696f6e2e7631"
                + "0000000170"
                + "000000080102030405060708"
                + "00000008fffffffffffffffe"
                + "0000000109");
  }
}
