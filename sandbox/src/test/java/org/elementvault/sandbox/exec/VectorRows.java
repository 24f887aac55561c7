package org.elementvault.sandbox.exec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.sandbox.ResidentRows;

/**
 * Resident rows widened with GENERAL columns of every type the vectorized executor handles, with
 * NULLs sprinkled over every nullable column and subjects that repeat, so distinct counts differ
 * from row counts.
 */
final class VectorRows {

  static final String SCHEMA =
      ResidentRows.SCHEMA
          + """
            - {name: visits, type: BIGINT, level: GENERAL}
            - {name: ratio, type: DOUBLE, level: GENERAL}
            - {name: active, type: BOOLEAN, level: GENERAL}
            - {name: joined, type: DATE, level: GENERAL}
            - {name: fee, type: "DECIMAL(9,3)", level: GENERAL}
            - {name: balance, type: "DECIMAL(24,4)", level: GENERAL}
            - {name: city, type: STRING, level: GENERAL}
          """;

  private static final List<String> CITIES = List.of("郑州", "洛阳", "开封", "a", "ab", "Zz");

  private VectorRows() {}

  /** {@code count} rows from {@code seed}, header first. */
  static List<String> csv(int count, long seed) {
    List<String> residents = ResidentRows.csv(count, seed);
    SplittableRandom random = new SplittableRandom(seed * 31 + 7);
    List<String> lines = new ArrayList<>();
    lines.add(residents.get(0) + ",visits,ratio,active,joined,fee,balance,city");
    String previousId = null;
    for (String line : residents.subList(1, residents.size())) {
      String[] fields = line.split(",", -1);
      if (previousId != null && random.nextInt(5) == 0) {
        fields[0] = previousId;
      }
      previousId = fields[0];
      for (int column : new int[] {2, 4, 7}) {
        if (random.nextInt(25) == 0) {
          fields[column] = "";
        }
      }
      List<String> row = new ArrayList<>(List.of(fields));
      row.add(sometimes(random, Long.toString(random.nextLong(-5_000_000_000L, 5_000_000_000L))));
      row.add(sometimes(random, Double.toString(random.nextInt(-1000, 1000) / 8.0 + 0.1)));
      row.add(sometimes(random, random.nextBoolean() ? "true" : "false"));
      row.add(
          sometimes(random, LocalDate.of(2000, 1, 1).plusDays(random.nextInt(9000)).toString()));
      row.add(
          sometimes(
              random,
              String.format(
                  Locale.ROOT, "%d.%03d", random.nextInt(-999, 1000), random.nextInt(1000))));
      row.add(
          sometimes(
              random,
              String.format(
                  Locale.ROOT, "%d.%04d", random.nextLong(1L << 40), random.nextInt(10000))));
      row.add(sometimes(random, CITIES.get(random.nextInt(CITIES.size()))));
      lines.add(String.join(",", row));
    }
    return lines;
  }

  /**
   * {@code csv} with every subject made different (a new region code and sequence number around
   * each ID's own birth date), so the import records subjects as unique per row.
   */
  static List<String> withUniqueSubjects(List<String> csv) {
    List<String> lines = new ArrayList<>();
    lines.add(csv.get(0));
    for (int i = 1; i < csv.size(); i++) {
      String[] fields = csv.get(i).split(",", -1);
      String first17 =
          String.format(Locale.ROOT, "41%04d", i / 1000)
              + fields[0].substring(6, 14)
              + String.format(Locale.ROOT, "%03d", i % 1000);
      fields[0] = first17 + PiiFormats.residentIdCheckCharacter(first17);
      lines.add(String.join(",", fields));
    }
    return lines;
  }

  private static String sometimes(SplittableRandom random, String value) {
    return random.nextInt(12) == 0 ? "" : value;
  }
}
