package org.elementvault.sandbox.adversarial.fuzz;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.sandbox.TestingSandbox;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.VectorizedExecutor;
import org.jspecify.annotations.Nullable;

/**
 * A vault with three datasets about the same people and planted targets, with every imported row
 * also kept in Java as the ground truth the fuzzer's oracle evaluates queries on.
 *
 * <p>{@code people} (subject {@code id_card}): five large districts, plus:
 *
 * <ul>
 *   <li>{@link #OLD}: the only resident over 80, unique on district, gender and any age band;
 *   <li>{@link #RICH}: an income of {@value #RICH_INCOME}, a hundred times anyone else's;
 *   <li>{@link #LONER}: alone in district {@code 嵩山区}, with {@value #LONER_VISITS} visits, all to
 *       clinic {@code east} where no one else goes;
 *   <li>small districts of 3, 5, 9, 10 and 11 residents; in the district of exactly k residents
 *       ({@code 新郑市}) only one has an income.
 * </ul>
 *
 * <p>{@code visits} (subject {@code id_card}) holds 0 to 3 visits per resident, {@code west} has 6
 * patients with 3 visits each. {@code accounts} (subject {@code holder}, joinable on the subject
 * and on {@code mobile = phone}) holds one or two accounts per resident; bank {@code tiny} has 4
 * holders, bank {@code private} only {@link #RICH}; three holders share {@link #OLD}'s phone.
 */
final class FuzzFixture implements AutoCloseable {

  static final int K = 10;
  static final LocalDate TODAY = TestingVaults.NOW.atZone(ZoneOffset.UTC).toLocalDate();
  static final String RICH_INCOME = "9876543.21";
  static final int LONER_VISITS = 40;
  static final List<String> BIG_DISTRICTS = List.of("金水区", "中原区", "二七区", "惠济区", "管城区");
  static final Map<String, Integer> SMALL_DISTRICTS =
      orderedMap("嵩山区", 1, "荥阳市", 3, "登封市", 5, "巩义市", 9, "新郑市", 10, "新密市", 11);
  static final List<String> CLINICS = List.of("north", "south", "west", "east");
  static final List<String> BANKS = List.of("icbc", "abc", "boc", "ccb", "tiny", "private");
  static final List<String> REGIONS = List.of("410102", "410103", "410105", "410122");
  static final String SPARSE_DISTRICT = "新郑市";

  static final String PEOPLE_SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: name, type: STRING, level: SENSITIVE, pii: NAME}
        - {name: gender, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: birth_date, type: DATE, level: SENSITIVE, pii: BIRTH_DATE, quasi_identifier: true}
        - {name: district, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: phone, type: STRING, level: SENSITIVE, pii: PHONE}
        - {name: income, type: "DECIMAL(12,2)", level: IMPORTANT}
        - {name: age, type: INT, level: GENERAL}
        - {name: secret_score, type: INT, level: CORE}
      """;

  static final String VISITS_SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: clinic, type: STRING, level: GENERAL}
        - {name: cost, type: "DECIMAL(10,2)", level: IMPORTANT}
        - {name: visit_date, type: DATE, level: GENERAL}
      """;

  static final String ACCOUNTS_SCHEMA =
      """
      subject: holder
      open_category: CONDITIONAL
      columns:
        - {name: holder, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: bank, type: STRING, level: GENERAL}
        - {name: balance, type: "DECIMAL(14,2)", level: IMPORTANT}
        - {name: mobile, type: STRING, level: SENSITIVE, pii: PHONE}
      """;

  /** The datasets every fuzzed query may read. */
  static final String[] DATASETS = {"people", "visits", "accounts"};

  /** Column kinds as the fuzzer's evaluator sees them. */
  enum Type {
    STRING,
    INT,
    DECIMAL,
    DATE
  }

  /** A column of a fixture table: its classification facts, as in the schema. */
  record ColumnDef(String name, Type type, String level, String pii, boolean quasi) {
    boolean isGeneral() {
      return level.equals("GENERAL");
    }
  }

  /** A fixture table: its columns, its subject column and its rows (values by column name). */
  record TableDef(
      String name,
      String alias,
      String subject,
      List<ColumnDef> columns,
      List<Map<String, @Nullable Object>> rows) {
    ColumnDef column(String column) {
      return columns.stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow();
    }
  }

  private final TestingSandbox sandbox;
  private final VectorizedExecutor executor = new VectorizedExecutor(new CalciteExecutor());
  private final Map<String, TableDef> tables = new LinkedHashMap<>();
  private final List<Map<String, @Nullable Object>> people = new ArrayList<>();

  /** Index of planted people in {@link #people}. */
  static final int OLD = 0;

  static final int RICH = 1;
  static final int LONER = 2;

  /** Every ID card number, phone number and name. */
  private final Set<String> identifiers = new HashSet<>();

  /** Every birth date. */
  private final Set<LocalDate> birthDates = new HashSet<>();

  /**
   * IMPORTANT values held by one person only, canonical: single incomes, costs and balances, and
   * each person's total cost and total balance.
   */
  private final Map<String, String> singleValues = new HashMap<>();

  FuzzFixture(Path directory) {
    SplittableRandom random = new SplittableRandom(20260301L);
    buildPeople(random);
    List<Map<String, @Nullable Object>> visits = buildVisits(random);
    List<Map<String, @Nullable Object>> accounts = buildAccounts(random);
    tables.put(
        "people",
        new TableDef(
            "people",
            "p",
            "id_card",
            List.of(
                new ColumnDef("id_card", Type.STRING, "SENSITIVE", "ID_CARD", false),
                new ColumnDef("name", Type.STRING, "SENSITIVE", "NAME", false),
                new ColumnDef("gender", Type.STRING, "GENERAL", "NONE", true),
                new ColumnDef("birth_date", Type.DATE, "SENSITIVE", "BIRTH_DATE", true),
                new ColumnDef("district", Type.STRING, "GENERAL", "NONE", true),
                new ColumnDef("phone", Type.STRING, "SENSITIVE", "PHONE", false),
                new ColumnDef("income", Type.DECIMAL, "IMPORTANT", "NONE", false),
                new ColumnDef("age", Type.INT, "GENERAL", "NONE", false),
                new ColumnDef("secret_score", Type.INT, "CORE", "NONE", false)),
            people));
    tables.put(
        "visits",
        new TableDef(
            "visits",
            "v",
            "id_card",
            List.of(
                new ColumnDef("id_card", Type.STRING, "SENSITIVE", "ID_CARD", false),
                new ColumnDef("clinic", Type.STRING, "GENERAL", "NONE", false),
                new ColumnDef("cost", Type.DECIMAL, "IMPORTANT", "NONE", false),
                new ColumnDef("visit_date", Type.DATE, "GENERAL", "NONE", false)),
            visits));
    tables.put(
        "accounts",
        new TableDef(
            "accounts",
            "a",
            "holder",
            List.of(
                new ColumnDef("holder", Type.STRING, "SENSITIVE", "ID_CARD", false),
                new ColumnDef("bank", Type.STRING, "GENERAL", "NONE", false),
                new ColumnDef("balance", Type.DECIMAL, "IMPORTANT", "NONE", false),
                new ColumnDef("mobile", Type.STRING, "SENSITIVE", "PHONE", false)),
            accounts));
    collectSecrets();
    sandbox = new TestingSandbox(directory);
    importTable("people", PEOPLE_SCHEMA);
    importTable("visits", VISITS_SCHEMA);
    importTable("accounts", ACCOUNTS_SCHEMA);
  }

  private static Map<String, Integer> orderedMap(Object... pairs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return map;
  }

  private void buildPeople(SplittableRandom random) {
    Set<String> names = new HashSet<>();
    Set<String> phones = new HashSet<>();
    // Planted first, so their indices are fixed.
    addPerson(random, names, phones, "金水区", "女", LocalDate.of(1930, 6, 15), income(random));
    addPerson(random, names, phones, "中原区", "男", randomBirth(random), new BigDecimal(RICH_INCOME));
    addPerson(random, names, phones, "嵩山区", "男", randomBirth(random), income(random));
    for (Map.Entry<String, Integer> small : SMALL_DISTRICTS.entrySet()) {
      int size = small.getKey().equals("嵩山区") ? 0 : small.getValue();
      for (int i = 0; i < size; i++) {
        boolean sparse = small.getKey().equals(SPARSE_DISTRICT) && i > 0;
        addPerson(
            random,
            names,
            phones,
            small.getKey(),
            random.nextBoolean() ? "男" : "女",
            randomBirth(random),
            sparse ? null : income(random));
      }
    }
    for (int i = 0; i < 360; i++) {
      addPerson(
          random,
          names,
          phones,
          BIG_DISTRICTS.get(random.nextInt(BIG_DISTRICTS.size())),
          random.nextBoolean() ? "男" : "女",
          randomBirth(random),
          income(random));
    }
  }

  private static LocalDate randomBirth(SplittableRandom random) {
    // Never on the first of a month: truncate_date must never give back a real birth date.
    return LocalDate.of(1950 + random.nextInt(56), 1 + random.nextInt(12), 2 + random.nextInt(27));
  }

  private static BigDecimal income(SplittableRandom random) {
    return new BigDecimal(
        String.format(
            Locale.ROOT, "%d.%02d", 20_000 + random.nextInt(100_000), 1 + random.nextInt(99)));
  }

  private void addPerson(
      SplittableRandom random,
      Set<String> names,
      Set<String> phones,
      String district,
      String gender,
      LocalDate birth,
      @Nullable BigDecimal income) {
    int index = people.size();
    String first17 =
        REGIONS.get(index % REGIONS.size())
            + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
            + String.format(Locale.ROOT, "%03d", index);
    String surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张";
    String given = "子涵浩宇欣怡梓萱俊杰雨桐思远嘉晨曦";
    String name;
    do {
      name =
          ""
              + surnames.charAt(random.nextInt(surnames.length()))
              + given.charAt(random.nextInt(given.length()))
              + given.charAt(random.nextInt(given.length()));
    } while (!names.add(name));
    String phone;
    do {
      phone = "13" + String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000));
    } while (!phones.add(phone));
    Map<String, @Nullable Object> row = new HashMap<>();
    row.put("id_card", first17 + PiiFormats.residentIdCheckCharacter(first17));
    row.put("name", name);
    row.put("gender", gender);
    row.put("birth_date", birth);
    row.put("district", district);
    row.put("phone", phone);
    row.put("income", income);
    row.put("age", (int) ChronoUnit.YEARS.between(birth, TODAY));
    row.put("secret_score", random.nextInt(100));
    people.add(row);
  }

  private List<Map<String, @Nullable Object>> buildVisits(SplittableRandom random) {
    List<Map<String, @Nullable Object>> visits = new ArrayList<>();
    for (int i = 0; i < LONER_VISITS; i++) {
      visits.add(visit(LONER, "east", random));
    }
    int west = 0;
    for (int i = 3; i < people.size(); i++) {
      if (west < 6 && i % 7 == 0) {
        west++;
        for (int n = 0; n < 3; n++) {
          visits.add(visit(i, "west", random));
        }
        continue;
      }
      int count = random.nextInt(4);
      for (int n = 0; n < count; n++) {
        visits.add(visit(i, random.nextInt(3) == 0 ? "south" : "north", random));
      }
    }
    return visits;
  }

  private Map<String, @Nullable Object> visit(int person, String clinic, SplittableRandom random) {
    Map<String, @Nullable Object> row = new HashMap<>();
    row.put("id_card", people.get(person).get("id_card"));
    row.put("clinic", clinic);
    row.put(
        "cost",
        new BigDecimal(
            String.format(
                Locale.ROOT, "%d.%02d", 100 + random.nextInt(900), 1 + random.nextInt(99))));
    row.put(
        "visit_date",
        LocalDate.of(2024 + random.nextInt(2), 1 + random.nextInt(12), 2 + random.nextInt(27)));
    return row;
  }

  private List<Map<String, @Nullable Object>> buildAccounts(SplittableRandom random) {
    List<Map<String, @Nullable Object>> accounts = new ArrayList<>();
    accounts.add(account(RICH, "private", new BigDecimal("55555555.55"), null));
    int tiny = 0;
    for (int i = 2; i < people.size(); i++) {
      int count = i % 6 == 0 ? 2 : 1;
      for (int n = 0; n < count; n++) {
        String bank = tiny < 4 && i % 11 == 5 ? "tiny" : BANKS.get(random.nextInt(4));
        if (bank.equals("tiny")) {
          tiny++;
        }
        String mobile = i >= 10 && i < 13 ? (String) people.get(OLD).get("phone") : null;
        accounts.add(account(i, bank, balance(random), mobile));
      }
    }
    return accounts;
  }

  private static BigDecimal balance(SplittableRandom random) {
    return new BigDecimal(
        String.format(
            Locale.ROOT, "%d.%02d", 1_000 + random.nextInt(500_000), 1 + random.nextInt(99)));
  }

  private Map<String, @Nullable Object> account(
      int person, String bank, BigDecimal balance, @Nullable String mobile) {
    Map<String, @Nullable Object> row = new HashMap<>();
    row.put("holder", people.get(person).get("id_card"));
    row.put("bank", bank);
    row.put("balance", balance);
    row.put("mobile", mobile != null ? mobile : people.get(person).get("phone"));
    return row;
  }

  private void collectSecrets() {
    for (Map<String, @Nullable Object> person : people) {
      identifiers.add((String) person.get("id_card"));
      identifiers.add((String) person.get("phone"));
      identifiers.add((String) person.get("name"));
      birthDates.add((LocalDate) person.get("birth_date"));
    }
    Map<String, Set<String>> holders = new HashMap<>();
    addValues(holders, table("people"), "income");
    addValues(holders, table("visits"), "cost");
    addValues(holders, table("accounts"), "balance");
    addTotals(holders, table("visits"), "cost", "total cost");
    addTotals(holders, table("accounts"), "balance", "total balance");
    holders.forEach(
        (value, who) -> {
          if (who.size() == 1) {
            singleValues.putIfAbsent(value, who.iterator().next());
          }
        });
  }

  private static void addValues(Map<String, Set<String>> holders, TableDef table, String column) {
    for (Map<String, @Nullable Object> row : table.rows()) {
      Object value = row.get(column);
      if (value != null) {
        holders
            .computeIfAbsent(Values.canon(value), v -> new HashSet<>())
            .add(table.name() + "." + column + " of " + row.get(table.subject()));
      }
    }
  }

  private static void addTotals(
      Map<String, Set<String>> holders, TableDef table, String column, String what) {
    Map<Object, BigDecimal> totals = new HashMap<>();
    for (Map<String, @Nullable Object> row : table.rows()) {
      Object value = row.get(column);
      if (value != null) {
        totals.merge(row.get(table.subject()), (BigDecimal) value, BigDecimal::add);
      }
    }
    // A whole-number total could be anything else's value too (a sum of ages): only totals with
    // cents single a person out.
    totals.forEach(
        (subject, total) -> {
          if (total.stripTrailingZeros().scale() > 0) {
            holders
                .computeIfAbsent(Values.canon(total), v -> new HashSet<>())
                .add(what + " of " + subject);
          }
        });
  }

  private void importTable(String name, String schema) {
    TableDef table = tables.get(name);
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", table.columns().stream().map(ColumnDef::name).toList()));
    for (Map<String, @Nullable Object> row : table.rows()) {
      List<String> cells = new ArrayList<>();
      for (ColumnDef column : table.columns()) {
        Object value = row.get(column.name());
        cells.add(value == null ? "" : value.toString());
      }
      lines.add(String.join(",", cells));
    }
    var unused = sandbox.importCsv(name, schema, lines);
  }

  TableDef table(String name) {
    return tables.get(name);
  }

  List<TableDef> tables() {
    return List.copyOf(tables.values());
  }

  Map<String, @Nullable Object> person(int index) {
    return people.get(index);
  }

  Set<String> identifiers() {
    return identifiers;
  }

  Set<LocalDate> birthDates() {
    return birthDates;
  }

  /** Whose single IMPORTANT value (or total) {@code canonical} is, if it is one person's. */
  @Nullable String singleValueHolder(String canonical) {
    return singleValues.get(canonical);
  }

  /** Runs {@code sql} over every dataset with threshold k through the production executor. */
  ElementResult run(String sql) {
    return sandbox.run(sql, K, executor, DATASETS);
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
