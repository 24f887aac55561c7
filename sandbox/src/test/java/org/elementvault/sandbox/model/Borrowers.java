package org.elementvault.sandbox.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic borrowers with planted relationships, for model tests: {@code income = 20000 + 1000·age
 * + 3000·debt + N(0, 5000²)} and {@code has_loan ~ Bernoulli(sigmoid(-3 + 0.04·age + 0.5·debt))}.
 * One row per {@code customer_no}, the subject.
 */
final class Borrowers {

  static final double INTERCEPT = 20_000;
  static final double PER_YEAR = 1_000;
  static final double PER_DEBT = 3_000;
  static final double NOISE_SD = 5_000;

  static final String SCHEMA =
      """
      subject: customer_no
      open_category: CONDITIONAL
      columns:
        - {name: customer_no, type: BIGINT, level: SENSITIVE}
        - {name: age, type: INT, level: GENERAL}
        - {name: debt, type: DOUBLE, level: GENERAL}
        - {name: income, type: "DECIMAL(12,2)", level: IMPORTANT}
        - {name: has_loan, type: BOOLEAN, level: GENERAL}
        - {name: credit_score, type: INT, level: SENSITIVE}
        - {name: risk_class, type: INT, level: CORE}
      """;

  private Borrowers() {}

  /** {@code count} rows from {@code seed}, header first. */
  static List<String> csv(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>(count + 1);
    lines.add("customer_no,age,debt,income,has_loan,credit_score,risk_class");
    for (int i = 0; i < count; i++) {
      int age = 20 + random.nextInt(50);
      double debt = random.nextInt(400) / 100.0;
      double income = INTERCEPT + PER_YEAR * age + PER_DEBT * debt + NOISE_SD * gaussian(random);
      double logit = -3 + 0.04 * age + 0.5 * debt;
      boolean loan = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%d,%.2f,%.2f,%b,%d,%d",
              100_000 + i,
              age,
              debt,
              income,
              loan,
              300 + random.nextInt(550),
              random.nextInt(5)));
    }
    return lines;
  }

  /** A model element's spec over {@code borrowers}. */
  static byte[] spec(String name, String query, String model) {
    return spec(name, query, model, "borrowers");
  }

  /** A model element's spec over {@code dataset}. */
  static byte[] spec(String name, String query, String model, String dataset) {
    return ("name: "
            + name
            + "\ntype: FEATURE\nscenario: credit scoring\npurpose: credit risk pricing\n"
            + "datasets: ["
            + dataset
            + "]\nquery: |\n  "
            + query
            + "\nmodel: "
            + model
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A standard normal sample (Box–Muller). */
  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
