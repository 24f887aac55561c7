package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The square root against {@link BigDecimal#sqrt}, which flattening used before: a noise SD once
 * released must stay the same number, so the two must agree on every value.
 */
class SquareRootTest {

  private static final long SEED = 20_261_205L;
  private static final int DIGITS = Flattening.SQUARE_ROOT_DIGITS;
  private static final MathContext JDK = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

  /** Variances as flattening makes them: sums of squares of 34-digit quotients. */
  @Test
  void halfEven_seededVariances_equalsTheJdkRoot() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 20_000; i++) {
      BigDecimal plus = quotient(random);
      BigDecimal minus = random.nextBoolean() ? BigDecimal.ZERO : quotient(random);
      BigDecimal variance = plus.pow(2).add(minus.pow(2));

      assertSameRoot(variance);
    }
  }

  /** Short values of any scale, positive and negative exponents alike. */
  @Test
  void halfEven_seededShortValuesOfAnyScale_equalsTheJdkRoot() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 20_000; i++) {
      BigDecimal value =
          BigDecimal.valueOf(
              1 + random.nextLong(1L << random.nextInt(1, 63)), random.nextInt(-40, 40));

      assertSameRoot(value);
    }
  }

  /** Values of up to 400 digits, of any scale: the guess's range, and the fallback beyond. */
  @Test
  void halfEven_seededLongValues_equalsTheJdkRoot() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(1, 167)];
      random.nextBytes(bytes);
      BigInteger unscaled = new BigInteger(1, bytes);
      if (unscaled.signum() == 0) {
        continue;
      }

      assertSameRoot(new BigDecimal(unscaled, random.nextInt(-500, 500)));
    }
  }

  /** Exact roots, and exact roots one digit too long whose last digit is 5: the ties. */
  @Test
  void halfEven_perfectSquaresAndTies_equalsTheJdkRoot() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 5_000; i++) {
      BigInteger root = BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE));
      BigInteger tie =
          BigInteger.valueOf(random.nextLong(100_000_000_000_000L, 1_000_000_000_000_000L))
              .multiply(BigInteger.TEN)
              .add(BigInteger.valueOf(5));
      int scale = random.nextInt(-10, 30);

      assertSameRoot(new BigDecimal(root.pow(2), 2 * scale));
      assertSameRoot(new BigDecimal(tie.pow(2), 2 * scale));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "4",
        "100",
        "0.01",
        "2",
        "1E+20",
        "1E-30",
        "99.99999999999999999",
        "9.999999999999999E+99",
        "1E+500",
        "1E-500",
        "1.5E+999",
        "123456789012345678901234567890123456789012345678901234567890E+300"
      })
  void halfEven_namedValue_equalsTheJdkRoot(String value) {
    assertSameRoot(new BigDecimal(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "0.00"})
  void halfEven_notPositive_isRefused(String value) {
    assertThatThrownBy(() -> SquareRoot.halfEven(new BigDecimal(value), DIGITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("square root needs a positive value");
  }

  private static void assertSameRoot(BigDecimal value) {
    assertThat(SquareRoot.halfEven(value, DIGITS))
        .as("root of %s", value)
        .isEqualTo(value.sqrt(JDK));
  }

  /** A flattened total over a count at 34 digits, as a side's noise scale is. */
  private static BigDecimal quotient(SplittableRandom random) {
    BigDecimal total =
        BigDecimal.valueOf(random.nextLong(1, 1L << random.nextInt(1, 60)), random.nextInt(0, 7));
    return total.divide(BigDecimal.valueOf(random.nextLong(1, 10_000_000)), MathContext.DECIMAL128);
  }
}
