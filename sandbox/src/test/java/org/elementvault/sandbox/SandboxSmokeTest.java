package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSmokeTest {

  @TempDir Path dir;

  @Test
  void run_groupByDistrict_releasesOneRowPerDistrict() {
    try (TestingSandbox sandbox = new TestingSandbox(dir)) {
      sandbox.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(2000, 1));

      ElementResult result =
          sandbox.run(
              "SELECT district, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income"
                  + " FROM residents GROUP BY district",
              10,
              "residents");

      assertThat(result.rows())
          .extracting(row -> row.get(0))
          .containsExactlyInAnyOrderElementsOf(ResidentRows.DISTRICTS);
      // Five noisy counts, each within a few people of the truth.
      assertThat(result.rows().stream().mapToLong(row -> (Long) row.get(1)).sum())
          .isCloseTo(2000L, within(25L));
    }
  }

  @Test
  void run_averageOfDecimal_keepsFourMoreFractionalDigits() {
    try (TestingSandbox sandbox = new TestingSandbox(dir)) {
      sandbox.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(300, 2));

      ElementResult result =
          sandbox.run("SELECT AVG(income) AS mean FROM residents", 10, "residents");

      java.math.BigDecimal mean = (java.math.BigDecimal) result.rows().get(0).get(0);
      assertThat(mean.scale()).isEqualTo(6);
      assertThat(result.columns().get(0).type().toString()).isEqualTo("DECIMAL(38,6)");
    }
  }
}
