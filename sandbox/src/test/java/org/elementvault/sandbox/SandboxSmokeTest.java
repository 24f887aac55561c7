package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSmokeTest {

  @TempDir Path dir;

  @Test
  void groupsByDistrict() {
    try (TestingSandbox sandbox = new TestingSandbox(dir)) {
      sandbox.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(2000, 1));
      ElementResult result =
          sandbox.run(
              "SELECT district, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income"
                  + " FROM residents GROUP BY district",
              10,
              "residents");
      System.out.println(result);
      assertThat(result.rows()).hasSize(5);
      System.out.println(
          sandbox.check("SELECT id_card, income FROM residents WHERE phone = '1'", "residents"));
    }
  }
}
