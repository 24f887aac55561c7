package org.elementvault.engine.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many runs charging one budget at once: the serialized charge must never let them overspend. */
class BudgetConcurrencyTest {

  private static final int THREADS = 16;
  private static final int CHARGES_PER_THREAD = 25;
  private static final long SEED = 20260301L;
  private static final List<BigDecimal> COSTS =
      List.of(
          new BigDecimal("0.013"),
          new BigDecimal("0.05"),
          new BigDecimal("0.1"),
          new BigDecimal("0.333333"));

  @Test
  void charge_sixteenThreadsAtOnce_neverSpendMoreThanTheBudget(@TempDir Path directory)
      throws Exception {
    try (TestingBudgetVault fixture = new TestingBudgetVault(directory)) {
      fixture.set("residents", "3", 30);
      fixture.set("loans", "100", 30);
      SplittableRandom random = new SplittableRandom(SEED);
      List<List<BigDecimal>> plans = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<BigDecimal> plan = new ArrayList<>();
        for (int c = 0; c < CHARGES_PER_THREAD; c++) {
          plan.add(COSTS.get(random.nextInt(COSTS.size())));
        }
        plans.add(plan);
      }

      List<BigDecimal> granted = chargeConcurrently(fixture, List.of("residents", "loans"), plans);

      BigDecimal spent = granted.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(granted).as("seed %d", SEED).hasSizeLessThan(THREADS * CHARGES_PER_THREAD);
      assertThat(spent).as("seed %d", SEED).isLessThanOrEqualTo(new BigDecimal("3"));
      assertThat(fixture.used("residents")).isEqualByComparingTo(spent);
      assertThat(fixture.used("loans")).isEqualByComparingTo(spent);
      VerifyReport report = fixture.vault().auditLog().verify(fixture.admin(), Optional.empty());
      assertThat(report.ok()).as(report.reason()).isTrue();
    }
  }

  /** Runs every plan on its own thread, all released at once; returns the charges granted. */
  private static List<BigDecimal> chargeConcurrently(
      TestingBudgetVault fixture, List<String> datasets, List<List<BigDecimal>> plans)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(plans.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<BigDecimal>>> futures = new ArrayList<>();
      for (int t = 0; t < plans.size(); t++) {
        List<BigDecimal> plan = plans.get(t);
        String job = "j" + t;
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  List<BigDecimal> mine = new ArrayList<>();
                  for (BigDecimal cost : plan) {
                    try {
                      var unused =
                          fixture
                              .budgets()
                              .charge(fixture.dev(), fixture.acme(), datasets, cost, job);
                      mine.add(cost);
                    } catch (VaultException e) {
                      assertThat(e.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
                    }
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<BigDecimal> granted = new ArrayList<>();
      for (Future<List<BigDecimal>> future : futures) {
        granted.addAll(future.get(2, TimeUnit.MINUTES));
      }
      return granted;
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void charge_concurrentRefusals_changeNothing(@TempDir Path directory) throws IOException {
    try (TestingBudgetVault fixture = new TestingBudgetVault(directory)) {
      fixture.set("residents", "0.5", 30);

      List<BigDecimal> granted;
      try {
        granted =
            chargeConcurrently(
                fixture,
                List.of("residents"),
                List.of(
                    List.of(new BigDecimal("0.3")),
                    List.of(new BigDecimal("0.3")),
                    List.of(new BigDecimal("0.3")),
                    List.of(new BigDecimal("0.3"))));
      } catch (Exception e) {
        throw new AssertionError(e);
      }

      assertThat(granted).containsExactly(new BigDecimal("0.3"));
      assertThat(fixture.used("residents")).isEqualByComparingTo("0.3");
    }
  }
}
