package org.elementvault.sandbox.adversarial;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.exec.ElementResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.TestReporter;

/**
 * What an attack is measured against: the residents {@link AttackFixture} imports, read from the
 * same seeded generator, and the arithmetic every attack uses to turn released rows into an
 * estimate and an estimate into an error.
 */
final class GroundTruth {

  /** One imported resident as the attacker would like to know them. */
  record Resident(String district, String gender, int age, @Nullable BigDecimal income) {

    /** The GENERAL condition that holds for this resident (and, for a target, no one else). */
    String cell() {
      return "district = '" + district + "' AND gender = '" + gender + "' AND age = " + age;
    }
  }

  static final List<Resident> RESIDENTS = read();

  private GroundTruth() {}

  private static List<Resident> read() {
    List<String> lines = ResidentRows.csv(AttackFixture.RESIDENTS, 7);
    List<Resident> residents = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      residents.add(
          new Resident(
              cells[4],
              cells[2],
              Integer.parseInt(cells[7]),
              cells[6].isEmpty() ? null : new BigDecimal(cells[6])));
    }
    return List.copyOf(residents);
  }

  /**
   * The first {@code count} residents with an income who are alone in their (district, gender, age)
   * cell: the persons a GENERAL-only filter can single out, so the targets of differencing.
   */
  static List<Resident> singledOut(int count) {
    Map<String, Integer> cells = new HashMap<>();
    RESIDENTS.forEach(r -> cells.merge(r.cell(), 1, Integer::sum));
    return RESIDENTS.stream()
        .filter(r -> r.income() != null && cells.get(r.cell()) == 1)
        .limit(count)
        .toList();
  }

  /** How many residents satisfy {@code condition}. */
  static long count(Predicate<Resident> condition) {
    return RESIDENTS.stream().filter(condition).count();
  }

  /** The first cell of the first released row as a number, or zero if nothing was released. */
  static BigDecimal first(ElementResult result) {
    return cell(result, 0, 0);
  }

  /**
   * Cell {@code column} of row {@code row} as a number; zero if the row was suppressed or the cell
   * is NULL, which is what an attacker can put in its place.
   */
  static BigDecimal cell(ElementResult result, int row, int column) {
    if (result.rows().size() <= row || result.rows().get(row).get(column) == null) {
      return BigDecimal.ZERO;
    }
    Object value = result.rows().get(row).get(column);
    return value instanceof BigDecimal decimal ? decimal : new BigDecimal(String.valueOf(value));
  }

  /** |estimate − truth| / |truth|. */
  static double relativeError(BigDecimal estimate, BigDecimal truth) {
    return estimate.subtract(truth).abs().doubleValue() / truth.abs().doubleValue();
  }

  /** The median of {@code values} (the upper one of an even count). */
  static double median(Collection<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** How many of {@code errors} are at most {@code bound}. */
  static long atMost(Collection<Double> errors, double bound) {
    return errors.stream().filter(e -> e <= bound).count();
  }

  /** Publishes an attack's figures, as every attack test does. */
  static void report(TestReporter reporter, String attack, String figures) {
    reporter.publishEntry(attack, figures);
  }

  /** The line an attack reports: its typical error and how often it came close. */
  static String summary(Collection<Double> errors, double bound) {
    return String.format(
        Locale.ROOT,
        "median error %.4f over %d targets; %d within %s",
        median(errors),
        errors.size(),
        atMost(errors, bound),
        bound);
  }
}
