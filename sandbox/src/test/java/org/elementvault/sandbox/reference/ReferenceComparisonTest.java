package org.elementvault.sandbox.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Element queries give DuckDB's answer on the same rows: every case pairs a query that passes the
 * policy with the DuckDB query that applies the same threshold by hand ({@code HAVING
 * COUNT(DISTINCT id_card) >= k} per dataset read). Rows compare as multisets unless the query
 * orders them; decimals by value, doubles within a small tolerance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceComparisonTest {

  private static final long[] SEEDS = {1, 2, 3};
  private static final int ROWS = 3000;

  /** Whole years of age on the business date (2026-03-01), as {@code age_band} counts them. */
  private static final String AGE =
      "(2026 - year(birth_date) - CASE WHEN strftime(birth_date, '%m%d') > '0301'"
          + " THEN 1 ELSE 0 END)";

  private static final String AGE_BAND_10 =
      "CAST("
          + AGE
          + " // 10 * 10 AS VARCHAR) || '-' || CAST("
          + AGE
          + " // 10 * 10 + 9 AS VARCHAR)";

  private static final String MASK_PHONE = "substr(phone, 1, 3) || '****' || substr(phone, 8, 4)";

  private static final String MASK_ID_CARD =
      "substr(id_card, 1, 6) || '********' || substr(id_card, 15, 4)";

  private static final String MASK_NAME = "substr(name, 1, 1) || repeat('*', length(name) - 1)";

  @TempDir static Path directory;

  private final Map<Long, ReferenceData> fixtures = new HashMap<>();

  /** One query pair. */
  record Case(
      String name, int k, String[] datasets, String element, String duckDb, boolean ordered) {
    @Override
    public String toString() {
      return name + " (k=" + k + ")";
    }
  }

  private static Case unordered(String name, String element, String duckDb, String... datasets) {
    return new Case(name, 10, datasets(datasets), element, duckDb, false);
  }

  private static Case ordered(String name, String element, String duckDb) {
    return new Case(name, 10, new String[] {"residents"}, element, duckDb, true);
  }

  private static Case edge(String name, int k, String element, String duckDb) {
    return new Case(name, k, new String[] {"edge"}, element, duckDb, false);
  }

  private static String[] datasets(String[] named) {
    return named.length == 0 ? new String[] {"residents"} : named;
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(
        unordered(
            "count by district",
            "SELECT district, COUNT(*) AS n FROM residents GROUP BY district",
            "SELECT district, COUNT(*) FROM residents GROUP BY district"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "distinct subjects by district and gender",
            "SELECT district, gender, COUNT(DISTINCT id_card) FROM residents"
                + " GROUP BY district, gender",
            "SELECT district, gender, COUNT(DISTINCT id_card) FROM residents"
                + " GROUP BY district, gender HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "sum, average and count of income by district",
            "SELECT district, SUM(income), AVG(income), COUNT(income) FROM residents"
                + " GROUP BY district",
            "SELECT district, SUM(income), AVG(income), COUNT(income) FROM residents"
                + " GROUP BY district HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "global aggregate over an income grid filter",
            "SELECT COUNT(*), SUM(income) FROM residents WHERE income > 50000",
            "SELECT COUNT(*), SUM(income) FROM residents WHERE income > 50000"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "birth date between whole years",
            "SELECT gender, COUNT(*), AVG(income) FROM residents"
                + " WHERE birth_date >= DATE '1980-01-01' AND birth_date < DATE '1990-01-01'"
                + " GROUP BY gender",
            "SELECT gender, COUNT(*), AVG(income) FROM residents"
                + " WHERE birth_date >= DATE '1980-01-01' AND birth_date < DATE '1990-01-01'"
                + " GROUP BY gender HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "general filters, groups near the threshold",
            "SELECT district, age, COUNT(*) FROM residents"
                + " WHERE district IN ('金水区', '中原区') AND age >= 40 GROUP BY district, age",
            "SELECT district, age, COUNT(*) FROM residents"
                + " WHERE district IN ('金水区', '中原区') AND age >= 40 GROUP BY district, age"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "income buckets with the null bucket",
            "SELECT bucket(income, 10000) AS b, COUNT(*) FROM residents"
                + " GROUP BY bucket(income, 10000)",
            "SELECT floor(income / 10000) * 10000, COUNT(*) FROM residents"
                + " GROUP BY floor(income / 10000) * 10000 HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "district by income bucket",
            "SELECT district, bucket(income, 20000), COUNT(DISTINCT id_card), AVG(income)"
                + " FROM residents GROUP BY district, bucket(income, 20000)",
            "SELECT district, floor(income / 20000) * 20000, COUNT(DISTINCT id_card),"
                + " AVG(income) FROM residents GROUP BY district, floor(income / 20000) * 20000"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "age bands",
            "SELECT age_band(birth_date, 10), COUNT(*), SUM(income) FROM residents"
                + " GROUP BY age_band(birth_date, 10)",
            "SELECT "
                + AGE_BAND_10
                + ", COUNT(*), SUM(income) FROM residents GROUP BY "
                + AGE_BAND_10
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "age bands by district and gender",
            "SELECT district, gender, age_band(birth_date, 10), COUNT(*) FROM residents"
                + " GROUP BY district, gender, age_band(birth_date, 10)",
            "SELECT district, gender, "
                + AGE_BAND_10
                + ", COUNT(*) FROM residents GROUP BY district, gender, "
                + AGE_BAND_10
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "birth years by district",
            "SELECT truncate_date(birth_date, 'YEAR'), district, COUNT(*) FROM residents"
                + " GROUP BY truncate_date(birth_date, 'YEAR'), district",
            "SELECT CAST(date_trunc('year', birth_date) AS DATE), district, COUNT(*)"
                + " FROM residents GROUP BY CAST(date_trunc('year', birth_date) AS DATE), district"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "birth months, mostly under the threshold",
            "SELECT truncate_date(birth_date, 'MONTH'), COUNT(*) FROM residents"
                + " GROUP BY truncate_date(birth_date, 'MONTH')",
            "SELECT CAST(date_trunc('month', birth_date) AS DATE), COUNT(*) FROM residents"
                + " GROUP BY CAST(date_trunc('month', birth_date) AS DATE)"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "regions of the ID card",
            "SELECT id_region(id_card), gender, COUNT(*) FROM residents"
                + " GROUP BY id_region(id_card), gender",
            "SELECT substr(id_card, 1, 6), gender, COUNT(*) FROM residents"
                + " GROUP BY substr(id_card, 1, 6), gender HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "masked phones by district",
            "SELECT mask_phone(phone), district FROM residents",
            "SELECT " + MASK_PHONE + ", district FROM residents"));
    cases.add(
        unordered(
            "masked field set under a general filter",
            "SELECT mask_id_card(id_card), mask_name(name), mask_phone(phone), district, gender"
                + " FROM residents WHERE gender = '女'",
            "SELECT "
                + MASK_ID_CARD
                + ", "
                + MASK_NAME
                + ", "
                + MASK_PHONE
                + ", district, gender FROM residents WHERE gender = '女'"));
    cases.add(
        unordered(
            "UNION ALL under an aggregate",
            "SELECT district, COUNT(*) FROM (SELECT district FROM residents WHERE gender = '男'"
                + " UNION ALL SELECT district FROM residents WHERE income >= 100000) t"
                + " GROUP BY district",
            "SELECT district, COUNT(*) FROM (SELECT district, id_card FROM residents"
                + " WHERE gender = '男' UNION ALL SELECT district, id_card FROM residents"
                + " WHERE income >= 100000) t GROUP BY district"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "join on the subject: rows and subjects differ",
            "SELECT r.district, COUNT(*), COUNT(DISTINCT r.id_card), SUM(v.cost)"
                + " FROM residents r JOIN visits v ON r.id_card = v.id_card GROUP BY r.district",
            "SELECT r.district, COUNT(*), COUNT(DISTINCT r.id_card), SUM(v.cost)"
                + " FROM residents r JOIN visits v ON r.id_card = v.id_card GROUP BY r.district"
                + " HAVING COUNT(DISTINCT r.id_card) >= 10 AND COUNT(DISTINCT v.id_card) >= 10",
            "residents",
            "visits"));
    cases.add(
        unordered(
            "join grouped by both sides, groups near the threshold",
            "SELECT r.district, v.clinic, age_band(r.birth_date, 10), COUNT(*), AVG(v.cost)"
                + " FROM residents r JOIN visits v ON r.id_card = v.id_card"
                + " GROUP BY r.district, v.clinic, age_band(r.birth_date, 10)",
            "SELECT r.district, v.clinic, "
                + AGE_BAND_10.replace("birth_date", "r.birth_date")
                + ", COUNT(*), AVG(v.cost) FROM residents r JOIN visits v"
                + " ON r.id_card = v.id_card GROUP BY r.district, v.clinic, "
                + AGE_BAND_10.replace("birth_date", "r.birth_date")
                + " HAVING COUNT(DISTINCT r.id_card) >= 10 AND COUNT(DISTINCT v.id_card) >= 10",
            "residents",
            "visits"));
    cases.add(
        unordered(
            "visits: rows per subject",
            "SELECT clinic, truncate_date(visit_date, 'YEAR'), COUNT(*), COUNT(DISTINCT id_card),"
                + " SUM(cost) FROM visits GROUP BY clinic, truncate_date(visit_date, 'YEAR')",
            "SELECT clinic, CAST(date_trunc('year', visit_date) AS DATE), COUNT(*),"
                + " COUNT(DISTINCT id_card), SUM(cost) FROM visits"
                + " GROUP BY clinic, CAST(date_trunc('year', visit_date) AS DATE)"
                + " HAVING COUNT(DISTINCT id_card) >= 10",
            "visits"));
    cases.add(
        unordered(
            "HAVING on a count",
            "SELECT district, age, COUNT(*) AS n FROM residents GROUP BY district, age"
                + " HAVING COUNT(*) >= 12",
            "SELECT district, age, COUNT(*) FROM residents GROUP BY district, age"
                + " HAVING COUNT(*) >= 12 AND COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "HAVING on an average on the grid",
            "SELECT district, gender, AVG(income) FROM residents GROUP BY district, gender"
                + " HAVING AVG(income) > 50000",
            "SELECT district, gender, AVG(income) FROM residents GROUP BY district, gender"
                + " HAVING AVG(income) > 50000 AND COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        ordered(
            "ORDER BY a count with LIMIT",
            "SELECT district, age, COUNT(*) AS n FROM residents GROUP BY district, age"
                + " ORDER BY n DESC, district, age LIMIT 7",
            "SELECT district, age, COUNT(*) AS n FROM residents GROUP BY district, age"
                + " HAVING COUNT(DISTINCT id_card) >= 10 ORDER BY n DESC, district, age LIMIT 7"));
    cases.add(
        ordered(
            "ORDER BY a sum with LIMIT",
            "SELECT district, SUM(income) AS s FROM residents GROUP BY district"
                + " ORDER BY s DESC LIMIT 3",
            "SELECT district, SUM(income) AS s FROM residents GROUP BY district"
                + " HAVING COUNT(DISTINCT id_card) >= 10 ORDER BY s DESC LIMIT 3"));
    cases.add(
        unordered(
            "null incomes in counts, sums and averages",
            "SELECT district, gender, COUNT(*), COUNT(income), SUM(income), AVG(income)"
                + " FROM residents GROUP BY district, gender",
            "SELECT district, gender, COUNT(*), COUNT(income), SUM(income), AVG(income)"
                + " FROM residents GROUP BY district, gender HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "CASE on GENERAL columns inside an aggregate",
            "SELECT district, SUM(CASE WHEN age >= 60 THEN 1 ELSE 0 END), COUNT(*)"
                + " FROM residents GROUP BY district",
            "SELECT district, SUM(CASE WHEN age >= 60 THEN 1 ELSE 0 END), COUNT(*)"
                + " FROM residents GROUP BY district HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        unordered(
            "WITH and a grid filter",
            "WITH rich AS (SELECT district, gender, income FROM residents"
                + " WHERE income >= 100000) SELECT district, gender, COUNT(*), AVG(income)"
                + " FROM rich GROUP BY district, gender",
            "SELECT district, gender, COUNT(*), AVG(income) FROM residents"
                + " WHERE income >= 100000 GROUP BY district, gender"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    String edgeGroups =
        "SELECT district, COUNT(*), COUNT(DISTINCT id_card) FROM edge GROUP BY district";
    for (int k : new int[] {9, 10, 11}) {
      cases.add(
          edge(
              "groups of exactly 10 and 9 subjects",
              k,
              edgeGroups,
              edgeGroups + " HAVING COUNT(DISTINCT id_card) >= " + k));
    }
    cases.add(
        edge(
            "9 subjects in 18 rows",
            10,
            "SELECT COUNT(*) FROM edge WHERE district = '丁区'",
            "SELECT COUNT(*) FROM edge WHERE district = '丁区'"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    cases.add(
        edge(
            "10 subjects in 20 rows",
            10,
            "SELECT COUNT(*), SUM(income) FROM edge WHERE district = '丙区'",
            "SELECT COUNT(*), SUM(income) FROM edge WHERE district = '丙区'"
                + " HAVING COUNT(DISTINCT id_card) >= 10"));
    return cases;
  }

  Stream<Arguments> seedsAndCases() {
    List<Case> cases = cases();
    return java.util.Arrays.stream(SEEDS)
        .boxed()
        .flatMap(seed -> cases.stream().map(c -> Arguments.of(seed, c)));
  }

  @ParameterizedTest(name = "seed {0}: {1}")
  @MethodSource("seedsAndCases")
  void matchesDuckDb(long seed, Case query) throws Exception {
    ReferenceData data = fixture(seed);
    ElementResult result =
        data.sandbox.runExact(query.element(), query.k(), new CalciteExecutor(), query.datasets());
    List<List<@Nullable Object>> expected = duckDb(data, query.duckDb());

    if (!expected.isEmpty()) {
      assertThat(result.columns()).hasSize(expected.get(0).size());
    }
    assertThat(Rows.describe(Rows.differences(result.rows(), expected, query.ordered())))
        .as("%s: vault rows %s, DuckDB rows %s", query, result.rows(), expected)
        .isEmpty();
  }

  @org.junit.jupiter.api.Test
  void keepsGroupsOfExactlyKSubjectsAndDropsThoseOfKMinusOne() throws Exception {
    ElementResult result =
        fixture(SEEDS[0])
            .sandbox
            .runExact(
                "SELECT district, COUNT(*), COUNT(DISTINCT id_card) FROM edge GROUP BY district",
                10,
                new CalciteExecutor(),
                "edge");

    assertThat(result.rows())
        .containsExactlyInAnyOrder(List.of("甲区", 10L, 10L), List.of("丙区", 20L, 10L));
  }

  private ReferenceData fixture(long seed) throws Exception {
    ReferenceData data = fixtures.get(seed);
    if (data == null) {
      data =
          new ReferenceData(Files.createDirectories(directory.resolve("seed-" + seed)), seed, ROWS);
      fixtures.put(seed, data);
    }
    return data;
  }

  private static List<List<@Nullable Object>> duckDb(ReferenceData data, String sql)
      throws SQLException {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (Statement statement = data.duckDb.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      int columns = results.getMetaData().getColumnCount();
      while (results.next()) {
        List<@Nullable Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(results.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @AfterAll
  void close() throws Exception {
    for (ReferenceData data : fixtures.values()) {
      data.close();
    }
  }

  /** Row comparison: multisets of rows, or sequences for ordered results. */
  static final class Rows {
    private Rows() {}

    static List<String> differences(
        List<List<@Nullable Object>> actual,
        List<List<@Nullable Object>> expected,
        boolean ordered) {
      List<List<@Nullable Object>> a = normalized(actual);
      List<List<@Nullable Object>> e = normalized(expected);
      if (!ordered) {
        a.sort(ROWS);
        e.sort(ROWS);
      }
      List<String> problems = new ArrayList<>();
      if (a.size() != e.size()) {
        problems.add("vault has " + a.size() + " rows, DuckDB " + e.size());
        return problems;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameRow(a.get(i), e.get(i))) {
          problems.add("row " + i + ": vault " + a.get(i) + ", DuckDB " + e.get(i));
        }
      }
      return problems;
    }

    static String describe(List<String> problems) {
      return String.join("\n", problems);
    }

    private static List<List<@Nullable Object>> normalized(List<List<@Nullable Object>> rows) {
      List<List<@Nullable Object>> out = new ArrayList<>();
      for (List<@Nullable Object> row : rows) {
        List<@Nullable Object> values = new ArrayList<>();
        for (Object value : row) {
          values.add(normalize(value));
        }
        out.add(values);
      }
      return out;
    }

    /** Integers and decimals as BigDecimal, doubles as Double, dates as LocalDate. */
    private static @Nullable Object normalize(@Nullable Object value) {
      if (value instanceof Double || value instanceof Float) {
        return ((Number) value).doubleValue();
      }
      if (value instanceof BigDecimal decimal) {
        return decimal;
      }
      if (value instanceof java.math.BigInteger big) {
        return new BigDecimal(big);
      }
      if (value instanceof Number number) {
        return BigDecimal.valueOf(number.longValue());
      }
      if (value instanceof java.sql.Date date) {
        return date.toLocalDate();
      }
      if (value instanceof java.time.LocalDateTime time) {
        return time.toLocalDate();
      }
      return value;
    }

    private static boolean sameRow(List<@Nullable Object> a, List<@Nullable Object> e) {
      if (a.size() != e.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), e.get(i))) {
          return false;
        }
      }
      return true;
    }

    private static boolean sameValue(@Nullable Object a, @Nullable Object e) {
      if (a == null || e == null) {
        return a == e;
      }
      if (a instanceof Double || e instanceof Double) {
        if (!(a instanceof Number) || !(e instanceof Number)) {
          return false;
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) e).doubleValue();
        // A decimal average carries its column's scale: allow one unit in its last place.
        double unit =
            Math.max(
                a instanceof BigDecimal d ? Math.pow(10, -d.scale()) : 0,
                e instanceof BigDecimal d ? Math.pow(10, -d.scale()) : 0);
        return Math.abs(x - y) <= Math.max(1e-9 * Math.max(Math.abs(x), Math.abs(y)), unit);
      }
      if (a instanceof BigDecimal x && e instanceof BigDecimal y) {
        return x.compareTo(y) == 0;
      }
      return a.equals(e);
    }

    private static final Comparator<@Nullable Object> VALUES =
        Comparator.nullsFirst(Rows::compareValues);

    private static final Comparator<List<@Nullable Object>> ROWS =
        (x, y) -> {
          for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int order = VALUES.compare(x.get(i), y.get(i));
            if (order != 0) {
              return order;
            }
          }
          return Integer.compare(x.size(), y.size());
        };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object x, Object y) {
      if (x instanceof Number a && y instanceof Number b) {
        return Double.compare(a.doubleValue(), b.doubleValue());
      }
      if (x.getClass() != y.getClass()) {
        return x.getClass().getName().compareTo(y.getClass().getName());
      }
      return ((Comparable) x).compareTo(y);
    }
  }
}
