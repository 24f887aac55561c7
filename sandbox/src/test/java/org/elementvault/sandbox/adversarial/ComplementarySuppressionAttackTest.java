package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.exec.ElementResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Complementary suppression: a coarser total minus the released finer groups once gave the
 * suppressed groups exactly. The targets are the (district, gender) groups of one age decade that
 * the low-count filter suppresses; an estimate within half a person of their true count recovers
 * them.
 */
class ComplementarySuppressionAttackTest extends AttackTestSupport {

  private static final int[] DECADES = {20, 30, 40, 50, 60, 70};

  /** The district's decade total minus its released gender groups, for every suppressed one. */
  @Test
  void districtTotalMinusReleasedGenders_missesTheSuppressedGroup(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();

    for (int decade : DECADES) {
      String ages = "age BETWEEN " + decade + " AND " + (decade + 9);
      for (String district : ResidentRows.DISTRICTS) {
        String where = " FROM residents WHERE " + ages + " AND district = '" + district + "'";
        BigDecimal total = GroundTruth.first(vault.run("SELECT COUNT(*) AS n" + where));
        ElementResult genders =
            vault.run("SELECT gender, COUNT(*) AS n" + where + " GROUP BY gender");
        recordSuppressed(errors, total, genders, List.of("男", "女"), 0, decade, district);
      }
    }

    GroundTruth.report(reporter, "district total minus genders", GroundTruth.summary(errors, 0.5));
    assertThat(errors).hasSizeGreaterThanOrEqualTo(10);
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.5);
  }

  /**
   * The grand total of a decade and gender (several conditions) minus its released districts gives
   * the suppressed districts together.
   */
  @Test
  void grandTotalMinusReleasedDistricts_missesTheSuppressedGroups(TestReporter reporter) {
    List<Double> errors = new ArrayList<>();

    for (int decade : DECADES) {
      for (String gender : List.of("男", "女")) {
        String where =
            " FROM residents WHERE age BETWEEN "
                + decade
                + " AND "
                + (decade + 9)
                + " AND gender = '"
                + gender
                + "'";
        BigDecimal total = GroundTruth.first(vault.run("SELECT COUNT(*) AS n" + where));
        ElementResult districts =
            vault.run("SELECT district, COUNT(*) AS n" + where + " GROUP BY district");
        recordSuppressed(errors, total, districts, ResidentRows.DISTRICTS, 1, decade, gender);
      }
    }

    GroundTruth.report(reporter, "grand total minus districts", GroundTruth.summary(errors, 0.5));
    assertThat(errors).hasSizeGreaterThanOrEqualTo(10);
    assertThat(GroundTruth.median(errors)).isGreaterThan(0.5);
  }

  /**
   * Adds |total − released − truth of the suppressed ones| if any of {@code labels} is missing from
   * {@code released}; {@code fixed} is the condition the total shares with every label, the label
   * varying at position {@code varies} (0 gender, 1 district).
   */
  private static void recordSuppressed(
      List<Double> errors,
      BigDecimal total,
      ElementResult released,
      List<String> labels,
      int varies,
      int decade,
      String fixed) {
    BigDecimal estimate = total;
    long truth = 0;
    boolean anySuppressed = false;
    for (String label : labels) {
      @Nullable List<@Nullable Object> row =
          released.rows().stream().filter(r -> label.equals(r.get(0))).findFirst().orElse(null);
      if (row == null) {
        anySuppressed = true;
        String gender = varies == 0 ? label : fixed;
        String district = varies == 0 ? fixed : label;
        truth +=
            GroundTruth.count(
                r ->
                    r.gender().equals(gender)
                        && r.district().equals(district)
                        && r.age() >= decade
                        && r.age() <= decade + 9);
      } else {
        estimate = estimate.subtract(new BigDecimal(String.valueOf(row.get(1))));
      }
    }
    if (anySuppressed) {
      errors.add(estimate.subtract(BigDecimal.valueOf(truth)).abs().doubleValue());
    }
  }
}
