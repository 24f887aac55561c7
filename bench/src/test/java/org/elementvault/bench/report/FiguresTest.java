package org.elementvault.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the report writes its figures. */
class FiguresTest {

  @Test
  void ratioText_belowTwo_hasTwoDecimals() {
    assertThat(Figures.ratioText(0.97)).isEqualTo("0.97×");
  }

  @Test
  void ratioText_fromTwoToAHundred_hasOneDecimal() {
    assertThat(Figures.ratioText(2.4)).isEqualTo("2.4×");
  }

  @Test
  void ratioText_fromAHundred_hasNone() {
    assertThat(Figures.ratioText(123.4)).isEqualTo("123×");
  }
}
