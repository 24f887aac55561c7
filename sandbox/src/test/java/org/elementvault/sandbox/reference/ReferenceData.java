package org.elementvault.sandbox.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.TestingSandbox;

/**
 * The same rows in a vault (through {@link TestingSandbox}) and in an in-memory DuckDB database:
 * {@code residents} ({@link ResidentRows}), {@code visits} (zero to three visits per resident, so
 * that rows and subjects differ) and {@code edge} (districts of exactly 10 and 9 subjects, some
 * with two rows per subject).
 */
final class ReferenceData implements AutoCloseable {

  static final String VISITS_SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: clinic, type: STRING, level: GENERAL}
        - {name: visit_date, type: DATE, level: IMPORTANT}
        - {name: cost, type: "DECIMAL(10,2)", level: IMPORTANT}
      """;

  private static final String RESIDENT_COLUMNS =
      "{'id_card': 'VARCHAR', 'name': 'VARCHAR', 'gender': 'VARCHAR', 'birth_date': 'DATE',"
          + " 'district': 'VARCHAR', 'phone': 'VARCHAR', 'income': 'DECIMAL(12,2)',"
          + " 'age': 'INTEGER', 'secret_score': 'INTEGER'}";

  private static final String VISIT_COLUMNS =
      "{'id_card': 'VARCHAR', 'clinic': 'VARCHAR', 'visit_date': 'DATE',"
          + " 'cost': 'DECIMAL(10,2)'}";

  /** Edge districts and their subjects: 10, 9, 10 with two rows each, 9 with two rows each. */
  static final List<String> EDGE_DISTRICTS = List.of("甲区", "乙区", "丙区", "丁区");

  private static final int[] EDGE_SUBJECTS = {10, 9, 10, 9};
  private static final boolean[] EDGE_TWICE = {false, false, true, true};

  private static final List<String> CLINICS = List.of("东院", "西院", "南院", "北院");

  final TestingSandbox sandbox;
  final Connection duckDb;

  ReferenceData(Path directory, long seed, int rows) {
    sandbox = new TestingSandbox(directory);
    try {
      duckDb = DriverManager.getConnection("jdbc:duckdb:");
      List<String> residents = ResidentRows.csv(rows, seed);
      load("residents", ResidentRows.SCHEMA, RESIDENT_COLUMNS, residents, directory);
      load("visits", VISITS_SCHEMA, VISIT_COLUMNS, visits(residents, seed), directory);
      load("edge", ResidentRows.SCHEMA, RESIDENT_COLUMNS, edge(seed), directory);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB", e);
    }
  }

  private void load(String name, String schema, String columns, List<String> csv, Path directory)
      throws SQLException {
    var unused = sandbox.importCsv(name, schema, csv);
    Path file = directory.resolve("duckdb-" + name + ".csv");
    try {
      Files.writeString(file, String.join("\n", csv) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Statement statement = duckDb.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + name
              + " AS SELECT * FROM read_csv('"
              + file.toAbsolutePath().toString().replace("'", "''")
              + "', header = true, columns = "
              + columns
              + ")");
    }
  }

  /** Zero to three visits for each resident, with a few null costs. */
  private static List<String> visits(List<String> residents, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 31 + 7);
    List<String> lines = new ArrayList<>();
    lines.add("id_card,clinic,visit_date,cost");
    for (String resident : residents.subList(1, residents.size())) {
      String id = resident.substring(0, resident.indexOf(','));
      int visits = random.nextInt(4);
      for (int i = 0; i < visits; i++) {
        LocalDate date = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(700));
        String cost =
            random.nextInt(40) == 0
                ? ""
                : String.format(
                    Locale.ROOT, "%d.%02d", 50 + random.nextInt(5000), random.nextInt(100));
        lines.add(
            String.join(
                ",", id, CLINICS.get(random.nextInt(CLINICS.size())), date.toString(), cost));
      }
    }
    return lines;
  }

  /** Resident rows in districts of exactly k and k − 1 subjects (k = 10), some rows doubled. */
  private static List<String> edge(long seed) {
    int total = 0;
    for (int subjects : EDGE_SUBJECTS) {
      total += subjects;
    }
    List<String> source = ResidentRows.csv(total, seed + 1000);
    List<String> lines = new ArrayList<>();
    lines.add(source.get(0));
    int next = 1;
    for (int d = 0; d < EDGE_SUBJECTS.length; d++) {
      for (int s = 0; s < EDGE_SUBJECTS[d]; s++) {
        String[] fields = source.get(next++).split(",", -1);
        fields[4] = EDGE_DISTRICTS.get(d);
        String line = String.join(",", fields);
        lines.add(line);
        if (EDGE_TWICE[d]) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  @Override
  public void close() throws SQLException {
    try {
      duckDb.close();
    } finally {
      sandbox.close();
    }
  }
}
