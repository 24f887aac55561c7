package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  /** A field list added to a seed encodes as its fields added one by one. */
  @Test
  void addFields_fieldList_encodesAsEachFieldAdded() {
    SeedEncoder fields = SeedEncoder.fields().add(7L).add("share").add(new byte[] {1, 2});

    byte[] bytes = SeedEncoder.of("noise.dynamic").add("layer").addFields(fields).bytes();

    assertThat(bytes)
        .isEqualTo(
            SeedEncoder.of("noise.dynamic")
                .add("layer")
                .add(7L)
                .add("share")
                .add(new byte[] {1, 2})
                .bytes());
  }

  /** A field list longer than the encoder's first buffer still appends whole. */
  @Test
  void addFields_longFieldList_encodesAsEachFieldAdded() {
    SeedEncoder fields = SeedEncoder.fields();
    SeedEncoder oneByOne = SeedEncoder.of("p");
    for (long i = 0; i < 100; i++) {
      fields.add(i);
      oneByOne.add(i);
    }

    assertThat(SeedEncoder.of("p").addFields(fields).bytes()).isEqualTo(oneByOne.bytes());
  }

  @Test
  void bytes_bareFieldList_isRefused() {
    SeedEncoder fields = SeedEncoder.fields().add(1L);

    assertThatThrownBy(fields::bytes)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a bare field list is not a seed");
  }
}
