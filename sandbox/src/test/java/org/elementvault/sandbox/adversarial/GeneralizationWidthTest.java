package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/**
 * Family: generalization widths. A bucket or a pair of bounds finer than the column's floor (1/1000
 * of its range on the 1, 2, 5 grid, and coarser than its precision) comes close to the raw value; a
 * generalized value is compared only with constants on its own grid. The fixture's incomes span
 * about 100,000, so income's floor is 100.
 */
class GeneralizationWidthTest extends AttackTestSupport {

  @Test
  void bucket_belowFloor_isRefused() {
    vault.assertRefusedExactly(
        "SELECT bucket(income, 10) AS b, COUNT(*) AS n FROM residents GROUP BY bucket(income, 10)",
        "column residents.income (IMPORTANT) may be bucketed only with a width of at least 100"
            + " (coarser than its precision and at least 1/1000 of its range, on the grid); use"
            + " bucket(income, 100) or wider");
  }

  @Test
  void bucket_atFloor_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT bucket(income, 20000) AS b, COUNT(*) AS n FROM residents"
                + " GROUP BY bucket(income, 20000)");

    assertThat(result.rows()).isNotEmpty();
  }

  /** Two grid bounds 0.2 apart fence one income; on the floor's multiples they cannot. */
  @Test
  void comparison_gridConstantBelowFloor_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents WHERE income > 50 AND income < 50.2",
        "column residents.income (IMPORTANT)",
        "may be compared only with constants on the grid");
  }

  @Test
  void comparison_gridConstantOnFloorMultiple_isReleased() {
    ElementResult result =
        vault.assertReleased("SELECT COUNT(*) AS n FROM residents WHERE income >= 50000");

    assertThat(result.rows()).hasSize(1);
  }

  @Test
  void bucketComparison_offItsOwnGrid_isRefused() {
    vault.assertRefusedExactly(
        "SELECT COUNT(*) AS n FROM residents WHERE bucket(income, 1000) = 53500",
        "column residents.income (IMPORTANT) may be compared after bucket() only with constants on"
            + " its own grid; compare with a multiple of the bucket width");
  }

  @Test
  void bucketComparison_onItsOwnGrid_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT COUNT(*) AS n FROM residents WHERE bucket(income, 10000) >= 50000");

    assertThat(result.rows()).hasSize(1);
  }

  @Test
  void truncateDateComparison_midMonth_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents"
            + " WHERE truncate_date(birth_date, 'MONTH') = DATE '1980-03-15'",
        "column residents.birth_date (SENSITIVE, BIRTH_DATE)",
        "may be compared after truncate_date() only with constants on its own grid");
  }

  @Test
  void dateComparison_midMonth_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents WHERE birth_date > DATE '1980-03-15'",
        "column residents.birth_date (SENSITIVE, BIRTH_DATE)",
        "may be compared only with constants on the grid");
  }

  @Test
  void ageBand_widthOffGrid_isRefused() {
    vault.assertRefused(
        "SELECT age_band(birth_date, 3) AS b, COUNT(*) AS n FROM residents"
            + " GROUP BY age_band(birth_date, 3)",
        "age_band()",
        "takes a width on the grid of 1, 2 or 5 × 10ⁿ");
  }

  /** An INT column's bucket once failed to compile in generated code instead of running. */
  @Test
  void bucket_ofIntColumn_isReleased() {
    ElementResult result =
        vault.assertReleased(
            "SELECT bucket(age, 10) AS b, COUNT(*) AS n FROM residents GROUP BY bucket(age, 10)");

    assertThat(result.rows()).isNotEmpty();
  }

  @Test
  void bucket_ofIntColumn_rowLevel_isReleased() {
    ElementResult result =
        vault.assertReleased("SELECT district, bucket(age, 10) AS b FROM residents");

    assertThat(result.rows()).isNotEmpty();
  }
}
