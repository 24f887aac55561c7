package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The chi-square tail the sampler tests rely on, against tabulated values. */
class GoodnessOfFitTest {

  @Test
  void chiSquarePValue_twoDegrees_isExpOfMinusHalf() {
    double p = GoodnessOfFit.chiSquarePValue(2, 2);

    assertThat(p).isCloseTo(Math.exp(-1), within(1e-12));
  }

  @Test
  void chiSquarePValue_tabulatedQuantiles_giveTheirLevels() {
    double tenDegrees = GoodnessOfFit.chiSquarePValue(18.307, 10);
    double oneDegree = GoodnessOfFit.chiSquarePValue(6.635, 1);
    double fiftyDegrees = GoodnessOfFit.chiSquarePValue(86.661, 50);

    assertThat(tenDegrees).isCloseTo(0.05, within(1e-4));
    assertThat(oneDegree).isCloseTo(0.01, within(1e-4));
    assertThat(fiftyDegrees).isCloseTo(0.001, within(1e-5));
  }
}
