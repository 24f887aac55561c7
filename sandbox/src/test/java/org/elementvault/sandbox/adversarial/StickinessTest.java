package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/**
 * Stickiness: noise drawn afresh per run would average away over reruns. A hundred reruns of one
 * element, and runs cycling through equivalent spellings of it, give one answer.
 */
class StickinessTest extends AttackTestSupport {

  private static final int RUNS = 100;

  /** Runs cycling the rewrites: {@code -Dredteam.rewriteRuns=N}, 40 by default for CI time. */
  private static final int REWRITE_RUNS = Integer.getInteger("redteam.rewriteRuns", 40);

  private static final String QUERY =
      "SELECT COUNT(*) AS n, SUM(income) AS s, AVG(income) AS a FROM residents"
          + " WHERE age BETWEEN 30 AND 59";
  private static final List<String> REWRITES =
      List.of(
          QUERY,
          "SELECT COUNT(*) AS people, SUM(r.income) AS total,"
              + " AVG(r.income) AS mean FROM residents AS r"
              + " WHERE r.age >= 30 AND r.age <= 59",
          "SELECT COUNT(*) AS n, SUM(income) AS s, AVG(income) AS a FROM residents"
              + " WHERE age <= 59 AND age >= 30");

  @Test
  void sameElement_hundredReruns_giveIdenticalAnswers() {
    ElementResult first = vault.run(QUERY);

    for (int run = 1; run < RUNS; run++) {
      assertThat(vault.run(QUERY).rows()).as("rerun %d", run).isEqualTo(first.rows());
    }
  }

  @Test
  void negatedComplementRange_givesIdenticalAnswers() {
    ElementResult first = vault.run(QUERY);

    ElementResult negated =
        vault.run(
            "SELECT COUNT(*) AS n, SUM(income) AS s, AVG(income) AS a FROM residents"
                + " WHERE NOT (age < 30 OR age > 59)");

    assertThat(negated.rows()).isEqualTo(first.rows());
  }

  @Test
  void equivalentRewrites_hundredRuns_giveIdenticalAnswers() {
    ElementResult first = vault.run(QUERY);

    for (int run = 1; run < REWRITE_RUNS; run++) {
      String rewrite = REWRITES.get(run % REWRITES.size());
      assertThat(vault.run(rewrite).rows()).as("run %d: %s", run, rewrite).isEqualTo(first.rows());
    }
  }
}
