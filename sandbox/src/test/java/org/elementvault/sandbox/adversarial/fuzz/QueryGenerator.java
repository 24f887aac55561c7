package org.elementvault.sandbox.adversarial.fuzz;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Call;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Case;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Cast;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Col;
import org.elementvault.sandbox.adversarial.fuzz.Expr.DerivedCol;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Lit;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Protect;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.ColumnDef;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.TableDef;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.Type;
import org.elementvault.sandbox.adversarial.fuzz.Pred.Between;
import org.elementvault.sandbox.adversarial.fuzz.Pred.Cmp;
import org.elementvault.sandbox.adversarial.fuzz.Pred.InList;
import org.elementvault.sandbox.adversarial.fuzz.Pred.InQuery;
import org.elementvault.sandbox.adversarial.fuzz.Pred.IsNull;
import org.elementvault.sandbox.adversarial.fuzz.Pred.Junction;
import org.elementvault.sandbox.adversarial.fuzz.Pred.Like;
import org.elementvault.sandbox.adversarial.fuzz.Pred.Not;
import org.elementvault.sandbox.adversarial.fuzz.Query.Agg;
import org.elementvault.sandbox.adversarial.fuzz.Query.Block;
import org.elementvault.sandbox.adversarial.fuzz.Query.Item;
import org.elementvault.sandbox.adversarial.fuzz.Query.Order;
import org.elementvault.sandbox.adversarial.fuzz.Query.SetOp;
import org.jspecify.annotations.Nullable;

/**
 * Generates element queries from a small grammar over the fixture: targeted attacks on its planted
 * people (each an instance of the grammar with its choices steered) and random mixes. Every query
 * is built as a {@link Query} model, so the oracle can evaluate what it means.
 */
final class QueryGenerator {

  /** A generated query and the template it came from. */
  record Generated(String template, Query query) {}

  /** A value the FROM clause offers, with the column it stands for (for literals of its type). */
  private record Avail(Expr expr, ColumnDef column) {}

  private final FuzzFixture fixture;
  private final SplittableRandom random;

  /** Whether aggregates are kept to those an honest element would write (attack templates). */
  private boolean clean;

  QueryGenerator(FuzzFixture fixture, SplittableRandom random) {
    this.fixture = fixture;
    this.random = random;
  }

  Generated next() {
    int roll = random.nextInt(100);
    clean = roll < 60 && chance(0.7);
    if (roll < 8) {
      return new Generated("isolate the oldest resident", isolateOld());
    }
    if (roll < 15) {
      return new Generated("isolate the richest resident", isolateRich());
    }
    if (roll < 22) {
      return new Generated("small districts", smallDistricts());
    }
    if (roll < 30) {
      return new Generated("many rows of one subject", manyRows());
    }
    if (roll < 35) {
      return new Generated("conditional aggregate", conditional());
    }
    if (roll < 42) {
      return new Generated("duplicated rows", duplicated());
    }
    if (roll < 46) {
      return new Generated("subject condition", subjectCondition());
    }
    if (roll < 51) {
      return new Generated("top-k ordering", topK());
    }
    if (roll < 55) {
      return new Generated("join on phone", phoneJoin());
    }
    if (roll < 60) {
      return new Generated("subquery", subquery());
    }
    if (roll < 80) {
      return new Generated("random aggregate", aggregate(source(), null));
    }
    if (roll < 92) {
      return new Generated("random row-level", rowLevel(source(), null));
    }
    return new Generated("random set operation", setOperation());
  }

  // ---- attack templates --------------------------------------------------------------------

  private Query isolateOld() {
    Source from = people("p");
    List<Avail> scope = scope(from);
    Col district = col("p", "district");
    Col gender = col("p", "gender");
    Expr band =
        chance(0.7)
            ? new Protect("age_band", col("p", "birth_date"), List.of(Lit.of(pick(10, 20, 5, 50))))
            : chance(0.5) ? new Call("/", List.of(col("p", "age"), Lit.of(10))) : col("p", "age");
    List<Expr> keys = new ArrayList<>(List.of(district, gender, band));
    if (chance(0.3)) {
      keys.remove(random.nextInt(keys.size()));
    }
    Pred where =
        switch (random.nextInt(5)) {
          case 0 -> new Cmp(col("p", "age"), ">", Lit.of(pick(80, 90, 50, 89)));
          case 1 ->
              new Cmp(
                  col("p", "birth_date"),
                  "<",
                  Lit.of(chance(0.5) ? LocalDate.of(1940, 1, 1) : LocalDate.of(1930, 6, 16)));
          case 2 ->
              new Cmp(
                  new Protect("age_band", col("p", "birth_date"), List.of(Lit.of(10))),
                  "=",
                  Lit.of("90-99"));
          case 3 -> new Cmp(col("p", "district"), "=", Lit.of("金水区"));
          default -> null;
        };
    return aggregateWith(from, scope, keys, where);
  }

  private Query isolateRich() {
    Source from = chance(0.7) ? people("p") : join(people("p"), "JOIN", accounts("a"), "subject");
    List<Avail> scope = scope(from);
    List<Expr> keys = new ArrayList<>();
    if (chance(0.5)) {
      keys.add(col("p", "district"));
    }
    if (chance(0.4)) {
      keys.add(
          new Protect(
              "bucket",
              col("p", "income"),
              List.of(Lit.of(pickDecimal("1000000", "100000", "10000", "5000000", "1")))));
    }
    BigDecimal bound =
        pickDecimal("1000000", "5000000", "9876543.21", "9876543", "200000", "9000000");
    Pred where =
        switch (random.nextInt(4)) {
          case 0 -> new Cmp(col("p", "income"), pick(">", ">=", "="), Lit.of(bound));
          case 1 ->
              new Between(
                  col("p", "income"), Lit.of(bound), Lit.of(new BigDecimal("10000000")), false);
          case 2 ->
              new Cmp(
                  new Protect(
                      "bucket", col("p", "income"), List.of(Lit.of(new BigDecimal("1000000")))),
                  ">=",
                  Lit.of(new BigDecimal("1000000")));
          default -> new Not(new Cmp(col("p", "income"), "<", Lit.of(bound)));
        };
    if (from instanceof Source.Join && chance(0.5)) {
      where = new Cmp(col("a", "bank"), "=", Lit.of("private"));
    }
    return aggregateWith(from, scope, keys, where);
  }

  private Query smallDistricts() {
    Source from = chance(0.8) ? people("p") : join(people("p"), "JOIN", visits("v"), "subject");
    List<Avail> scope = scope(from);
    List<Expr> keys = new ArrayList<>(List.of(col("p", "district")));
    if (chance(0.3)) {
      keys.add(col("p", "gender"));
    }
    List<String> small = new ArrayList<>(FuzzFixture.SMALL_DISTRICTS.keySet());
    Pred where =
        switch (random.nextInt(4)) {
          case 0 ->
              new InList(
                  col("p", "district"),
                  List.of(
                      Lit.of(pickFrom(small)), Lit.of(pickFrom(small)), Lit.of(pickFrom(small))),
                  false);
          case 1 -> new Cmp(col("p", "district"), "=", Lit.of(pickFrom(small)));
          case 2 -> new Not(new InList(col("p", "district"), bigDistrictLiterals(), false));
          default -> null;
        };
    if (chance(0.3)) {
      keys.clear();
    }
    return aggregateWith(from, scope, keys, where);
  }

  private Query manyRows() {
    Source from =
        switch (random.nextInt(4)) {
          case 0 -> visits("v");
          case 1 -> join(people("p"), "JOIN", visits("v"), "subject");
          case 2 -> join(people("p"), "LEFT JOIN", visits("v"), "subject");
          default -> join(visits("v"), "JOIN", people("p"), "subject");
        };
    List<Avail> scope = scope(from);
    if (chance(0.35)) {
      List<Item> items = new ArrayList<>();
      List<Expr> shown = new ArrayList<>();
      if (hasAlias(from, "p")) {
        shown.add(col("p", "district"));
        if (chance(0.5)) {
          shown.add(col("p", "gender"));
        }
      }
      shown.add(col("v", "clinic"));
      if (chance(0.3)) {
        shown.add(new Protect("age_band", col("p", "birth_date"), List.of(Lit.of(10))));
      }
      for (Expr expr : shown) {
        if (!hasAlias(from, "p") && expr.uses().stream().anyMatch(u -> u.alias().equals("p"))) {
          continue;
        }
        items.add(new Item(expr, null, -1, "c" + items.size()));
      }
      Pred where =
          chance(0.5)
              ? new Cmp(col("v", "clinic"), "=", Lit.of(pick("east", "west", "north")))
              : null;
      return block(items, from, where, null, false, null, List.of(), null, null);
    }
    List<Expr> keys = new ArrayList<>();
    keys.add(chance(0.5) || !hasAlias(from, "p") ? col("v", "clinic") : col("p", "district"));
    if (chance(0.3)) {
      keys.add(new Protect("truncate_date", col("v", "visit_date"), List.of(Lit.of("YEAR"))));
    }
    return aggregateWith(from, scope, keys, chance(0.3) ? pred(scope, 1) : null);
  }

  private Query conditional() {
    Source from = chance(0.7) ? people("p") : join(people("p"), "JOIN", visits("v"), "subject");
    List<Avail> scope = scope(from);
    List<Expr> keys = chance(0.6) ? List.of(col("p", "district")) : List.of();
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      items.add(new Item(keys.get(i), null, i, "k" + i));
    }
    Pred filter =
        switch (random.nextInt(4)) {
          case 0 -> new Cmp(col("p", "age"), pick("=", ">"), Lit.of(pick(95, 90, 40)));
          case 1 -> new Cmp(col("p", "district"), "=", Lit.of("嵩山区"));
          case 2 -> new Cmp(col("p", "income"), ">", Lit.of(new BigDecimal("1000000")));
          default -> pred(scope, 1);
        };
    Expr value = chance(0.6) ? col("p", "income") : new Case(filter, col("p", "income"), Lit.of(0));
    String function = pick("SUM", "AVG", "MAX", "MIN", "COUNT");
    items.add(
        new Item(
            value,
            new Agg(function, false, value, value instanceof Case ? null : filter),
            -1,
            "a0"));
    items.add(
        new Item(Lit.of(1), new Agg("COUNT", false, null, chance(0.5) ? filter : null), -1, "a1"));
    return block(items, from, null, keys, false, null, List.of(), null, null);
  }

  private Query duplicated() {
    String district =
        pickFrom(List.of("嵩山区", "荥阳市", "登封市", "巩义市", pickFrom(FuzzFixture.BIG_DISTRICTS)));
    List<Item> inner = new ArrayList<>();
    inner.add(new Item(col("p", "district"), null, -1, "c0"));
    inner.add(new Item(col("p", "gender"), null, -1, "c1"));
    if (chance(0.5)) {
      inner.add(new Item(col("p", "income"), null, -1, "c2"));
    }
    Block one =
        block(
            inner,
            people("p"),
            new Cmp(col("p", "district"), "=", Lit.of(district)),
            null,
            false,
            null,
            List.of(),
            null,
            null);
    Query twice = new SetOp(one, "UNION ALL", one, null);
    Query four = new SetOp(twice, "UNION ALL", twice, null);
    if (chance(0.4)) {
      // Row-level: the same few residents four times over.
      Block narrow =
          block(
              inner.subList(0, 2),
              people("p"),
              one.where(),
              null,
              false,
              null,
              List.of(),
              null,
              null);
      Query twiceNarrow = new SetOp(narrow, "UNION ALL", narrow, null);
      return chance(0.5) ? new SetOp(twiceNarrow, "UNION ALL", twiceNarrow, null) : twiceNarrow;
    }
    Source.Derived derived = derived(chance(0.5) ? twice : four, "t");
    List<Avail> scope = scope(derived);
    List<Expr> keys = List.of(new DerivedCol("t", "c0", List.of(col("p", "district"))));
    List<Item> items = new ArrayList<>();
    items.add(new Item(keys.get(0), null, 0, "k0"));
    items.add(new Item(Lit.of(1), new Agg("COUNT", false, null, null), -1, "n"));
    if (inner.size() > 2) {
      Expr income = scope.get(2).expr();
      items.add(new Item(income, new Agg(pick("SUM", "AVG"), false, income, null), -1, "s"));
    }
    return block(items, derived, null, keys, false, null, List.of(), null, null);
  }

  private Query subjectCondition() {
    Source from = chance(0.6) ? people("p") : visits("v");
    String alias = from.aliases().get(0);
    List<Avail> scope = scope(from);
    Col subject = col(alias, "id_card");
    String target =
        (String)
            fixture
                .person(pick(FuzzFixture.OLD, FuzzFixture.RICH, FuzzFixture.LONER))
                .get("id_card");
    Pred condition =
        switch (random.nextInt(6)) {
          case 0 -> new Cmp(subject, "=", Lit.of(target));
          case 1 -> new Not(new Cmp(subject, "=", Lit.of(target)));
          case 2 -> new Like(subject, target.substring(0, 14) + "%", false);
          case 3 -> new Cmp(new Protect("id_region", subject, List.of()), "=", Lit.of("410102"));
          case 4 -> new Cmp(new Protect("pseudonym", subject, List.of()), "<>", Lit.of("x"));
          default ->
              new Cmp(
                  new Call("SUBSTRING", List.of(subject, Lit.of(7), Lit.of(4))),
                  "=",
                  Lit.of("1930"));
        };
    if (chance(0.5)) {
      return aggregateWith(from, scope, keysFrom(scope, random.nextInt(2)), condition);
    }
    return chance(0.5)
        ? rowLevel(from, condition)
        : aggregateWith(from, scope, List.of(), new Junction(condition, true, pred(scope, 1)));
  }

  private Query topK() {
    if (chance(0.5)) {
      Source from = people("p");
      List<Avail> scope = scope(from);
      List<Item> items = new ArrayList<>();
      items.add(
          new Item(
              pickFrom(
                  List.of(
                      col("p", "age"),
                      col("p", "district"),
                      new Protect("mask_phone", col("p", "phone"), List.of()),
                      new Protect("pseudonym", col("p", "name"), List.of()))),
              null,
              -1,
              "c0"));
      Expr by =
          pickFrom(
              List.of(
                  col("p", "income"),
                  col("p", "birth_date"),
                  new Protect(
                      "bucket", col("p", "income"), List.of(Lit.of(new BigDecimal("1000000")))),
                  col("p", "age"),
                  new Protect("age_band", col("p", "birth_date"), List.of(Lit.of(10))),
                  scalar(scope, 1)));
      Order order = new Order(by.sql() + pick(" DESC", " ASC", ""), by);
      return block(
          items,
          from,
          null,
          null,
          false,
          null,
          List.of(order),
          pick(1, 3, 10, 20),
          chance(0.2) ? 1 : null);
    }
    // Top-k inside a subquery, aggregated outside.
    List<Item> inner = new ArrayList<>();
    inner.add(new Item(col("p", "district"), null, -1, "c0"));
    inner.add(new Item(col("p", "income"), null, -1, "c1"));
    Expr by =
        pickFrom(
            List.of(
                col("p", "income"),
                col("p", "age"),
                new Protect(
                    "bucket", col("p", "income"), List.of(Lit.of(new BigDecimal("1000000")))),
                new Protect("age_band", col("p", "birth_date"), List.of(Lit.of(10)))));
    Block top =
        block(
            inner,
            people("p"),
            chance(0.3) ? pred(scope(people("p")), 1) : null,
            null,
            false,
            null,
            List.of(new Order(by.sql() + " DESC", by)),
            pick(1, 5, 10, 12, 50),
            null);
    Source.Derived derived = derived(top, "t");
    List<Avail> scope = scope(derived);
    List<Expr> keys = chance(0.5) ? List.of(scope.get(0).expr()) : List.of();
    return aggregateWith(derived, scope, keys, null);
  }

  private Query phoneJoin() {
    Source from = join(people("p"), "JOIN", accounts("a"), chance(0.8) ? "phone" : "subject");
    List<Avail> scope = scope(from);
    if (chance(0.4)) {
      return rowLevel(
          from, chance(0.5) ? new Cmp(col("a", "bank"), "=", Lit.of(pick("tiny", "icbc"))) : null);
    }
    List<Expr> keys = new ArrayList<>();
    keys.add(
        pickFrom(
            List.of(
                col("p", "district"),
                col("a", "bank"),
                new Protect("age_band", col("p", "birth_date"), List.of(Lit.of(10))))));
    return aggregateWith(from, scope, keys, chance(0.5) ? pred(scope, 1) : null);
  }

  private Query subquery() {
    Source from = people("p");
    List<Avail> scope = scope(from);
    Pred where;
    switch (random.nextInt(5)) {
      case 0 -> {
        // Districts the inner aggregate releases: only those of k or more.
        List<Item> items = List.of(new Item(col("p2", "district"), null, 0, "d"));
        Pred inner =
            chance(0.5)
                ? new Cmp(
                    col("p2", "income"), ">", Lit.of(new BigDecimal(pick("1000000", "100000"))))
                : new Cmp(col("p2", "age"), ">", Lit.of(pick(90, 60)));
        Block in =
            block(
                items,
                people("p2"),
                inner,
                List.of(col("p2", "district")),
                false,
                chance(0.3) ? "COUNT(*) " + pick("<", ">=") + " " + pick(5, 10, 12) : null,
                List.of(),
                null,
                null);
        where = new InQuery(col("p", "district"), in, chance(0.3));
      }
      case 1 -> {
        List<Item> items = List.of(new Item(col("v2", "id_card"), null, -1, "s"));
        Block in =
            block(
                items,
                visits("v2"),
                new Cmp(col("v2", "clinic"), "=", Lit.of(pick("east", "west", "south"))),
                null,
                false,
                null,
                List.of(),
                null,
                null);
        where = new InQuery(col("p", "id_card"), in, chance(0.3));
      }
      case 2 -> {
        List<Item> items = List.of(new Item(col("p2", "district"), null, -1, "d"));
        Block in =
            block(
                items,
                people("p2"),
                new Cmp(col("p2", "income"), ">", Lit.of(new BigDecimal("1000000"))),
                null,
                false,
                null,
                List.of(),
                null,
                null);
        where = new InQuery(col("p", "district"), in, false);
      }
      case 3 ->
          where =
              new Pred.Opaque(
                  "p.age > (SELECT "
                      + pick("AVG(p2.age)", "MAX(p2.age) - 1", "COUNT(*)", "AVG(p2.income) / 1000")
                      + " FROM people p2"
                      + (chance(0.5) ? " WHERE p2.district = '金水区'" : "")
                      + ")",
                  List.of(col("p", "age")));
      default ->
          where =
              new Pred.Opaque(
                  (chance(0.5) ? "" : "NOT ")
                      + "EXISTS (SELECT 1 FROM visits v2 WHERE v2.id_card = p.id_card AND v2.clinic = '"
                      + pick("east", "west")
                      + "')",
                  List.of());
    }
    if (chance(0.3)) {
      return rowLevel(from, where);
    }
    return aggregateWith(from, scope, keysFrom(scope, random.nextInt(3)), where);
  }

  private Query setOperation() {
    Source from = source();
    if (chance(0.55)) {
      Block left = (Block) aggregate(from, null);
      Block right = withWhere(left, pred(scope(from), 2));
      return new SetOp(
          left, pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT"), right, chance(0.2) ? 5 : null);
    }
    Block left = (Block) rowLevel(from, null);
    Block right = withWhere(left, pred(scope(from), 2));
    return new SetOp(
        left, pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT"), right, chance(0.2) ? 5 : null);
  }

  private static Block withWhere(Block block, Pred where) {
    return new Block(
        block.items(),
        block.from(),
        where,
        block.keys(),
        block.distinct(),
        block.having(),
        List.of(),
        null,
        null);
  }

  // ---- random blocks -----------------------------------------------------------------------

  private Query aggregate(Source from, @Nullable Pred where) {
    List<Avail> scope = scope(from);
    return aggregateWith(
        from,
        scope,
        keysFrom(scope, random.nextInt(4)),
        where != null ? where : chance(0.6) ? pred(scope, 2) : null);
  }

  private List<Expr> keysFrom(List<Avail> scope, int count) {
    List<Expr> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(key(scope));
    }
    return keys;
  }

  private Expr key(List<Avail> scope) {
    Avail avail = pickFrom(scope);
    return switch (random.nextInt(6)) {
      case 0, 1 -> general(scope);
      case 2 -> generalize(avail);
      case 3 -> scalar(scope, 2);
      default -> avail.expr();
    };
  }

  private Expr general(List<Avail> scope) {
    List<Avail> general = scope.stream().filter(a -> a.column().isGeneral()).toList();
    return general.isEmpty() ? pickFrom(scope).expr() : pickFrom(general).expr();
  }

  private Query aggregateWith(
      Source from, List<Avail> scope, List<Expr> keys, @Nullable Pred where) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (chance(0.9)) {
        items.add(new Item(keys.get(i), null, i, "k" + i));
      }
    }
    int aggregates = 1 + random.nextInt(3);
    for (int i = 0; i < aggregates; i++) {
      Agg agg = agg(scope);
      items.add(new Item(agg.arg() != null ? agg.arg() : Lit.of(1), agg, -1, "a" + i));
    }
    if (chance(0.2)) {
      java.util.Collections.rotate(items, 1 + random.nextInt(items.size()));
    }
    String having =
        chance(0.15) ? pick("COUNT(*) > 3", "COUNT(*) < 12", "COUNT(*) >= 1", "SUM(1) > 0") : null;
    List<Order> order = new ArrayList<>();
    if (chance(0.2)) {
      order.add(new Order(pick("1", "2") + pick(" DESC", ""), null));
    }
    Integer limit = chance(0.15) ? pick(1, 2, 5, 100) : null;
    Integer offset = limit != null && chance(0.3) ? pick(1, 2) : null;
    if (items.size() < 2 && order.stream().anyMatch(o -> o.sql().startsWith("2"))) {
      order.clear();
    }
    return block(items, from, where, keys, false, having, order, limit, offset);
  }

  private Agg agg(List<Avail> scope) {
    if (clean) {
      List<Avail> numbers =
          scope.stream()
              .filter(a -> a.column().type() == Type.INT || a.column().type() == Type.DECIMAL)
              .filter(a -> !a.column().level().equals("CORE"))
              .toList();
      if (numbers.isEmpty() || chance(0.3)) {
        return new Agg("COUNT", false, null, null);
      }
      Expr arg = pickFrom(numbers).expr();
      return new Agg(pick("SUM", "AVG", "SUM", "AVG", "STDDEV_POP", "COUNT"), false, arg, null);
    }
    String function =
        pick(
            "COUNT",
            "COUNT",
            "SUM",
            "AVG",
            "MIN",
            "MAX",
            "STDDEV_POP",
            "STDDEV_SAMP",
            "VAR_POP",
            "SUM",
            "AVG");
    Pred filter = chance(0.1) ? pred(scope, 1) : null;
    if (function.equals("COUNT")) {
      return switch (random.nextInt(3)) {
        case 0 -> new Agg("COUNT", false, null, filter);
        case 1 -> new Agg("COUNT", true, pickFrom(scope).expr(), filter);
        default -> new Agg("COUNT", false, pickFrom(scope).expr(), filter);
      };
    }
    List<Avail> numbers =
        scope.stream()
            .filter(a -> a.column().type() == Type.INT || a.column().type() == Type.DECIMAL)
            .toList();
    Expr arg;
    if (numbers.isEmpty() || chance(0.1)) {
      arg = pickFrom(scope).expr();
    } else if (chance(0.75)) {
      arg = pickFrom(numbers).expr();
    } else {
      Avail number = pickFrom(numbers);
      arg =
          switch (random.nextInt(4)) {
            case 0 ->
                new Call(pick("*", "+", "-"), List.of(number.expr(), Lit.of(pick(2, 1000, 0))));
            case 1 -> new Case(pred(scope, 1), number.expr(), Lit.of(0));
            case 2 -> generalize(number);
            default -> new Call("COALESCE", List.of(number.expr(), Lit.of(0)));
          };
    }
    return new Agg(function, chance(0.05), arg, filter);
  }

  private Query rowLevel(Source from, @Nullable Pred where) {
    List<Avail> scope = scope(from);
    int count = 1 + random.nextInt(4);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Avail avail = pickFrom(scope);
      Expr expr =
          switch (random.nextInt(7)) {
            case 0, 1 -> general(scope);
            case 2 -> mask(avail);
            case 3 -> generalize(avail);
            case 4 -> scalar(scope, 2);
            default -> avail.expr();
          };
      items.add(new Item(expr, null, -1, "c" + i));
    }
    Pred condition = where != null ? where : chance(0.5) ? pred(scope, 2) : null;
    List<Order> order = new ArrayList<>();
    Integer limit = null;
    if (chance(0.2)) {
      Expr by = chance(0.6) ? pickFrom(scope).expr() : items.get(0).expr();
      order.add(new Order(by.sql() + pick(" DESC", ""), by));
      limit = chance(0.7) ? pick(1, 5, 20) : null;
    }
    boolean distinct = chance(0.1);
    if (distinct) {
      order.clear();
      limit = null;
    }
    return block(items, from, condition, null, distinct, null, order, limit, null);
  }

  // ---- expressions and conditions ----------------------------------------------------------

  private Expr mask(Avail avail) {
    String function =
        switch (avail.column().pii()) {
          case "PHONE" ->
              chance(0.85) ? "mask_phone" : pick("mask_name", "mask_id_card", "pseudonym");
          case "NAME" -> chance(0.85) ? "mask_name" : pick("mask_phone", "pseudonym");
          case "ID_CARD" ->
              chance(0.8) ? pick("mask_id_card", "pseudonym", "id_region") : "mask_phone";
          default -> pick("pseudonym", "mask_phone", "mask_name", "mask_id_card");
        };
    Expr arg = avail.expr();
    if (chance(0.1)) {
      arg = pick(0, 1) == 0 ? new Call("||", List.of(arg, Lit.of(""))) : new Cast(arg, "VARCHAR");
    }
    return new Protect(function, arg, List.of());
  }

  private Expr generalize(Avail avail) {
    Expr arg = avail.expr();
    return switch (avail.column().type()) {
      case DATE ->
          chance(0.5) && avail.column().pii().equals("BIRTH_DATE")
              ? new Protect("age_band", arg, List.of(Lit.of(pick(10, 5, 20, 1, 3, 7, 100))))
              : new Protect(
                  "truncate_date",
                  arg,
                  List.of(
                      chance(0.9)
                          ? Lit.of(pick("MONTH", "YEAR"))
                          : Lit.of(pick("DAY", "month", "WEEK"))));
      case INT -> new Protect("bucket", arg, List.of(Lit.of(pick(10, 5, 20, 1, 3, 7))));
      case DECIMAL ->
          new Protect(
              "bucket",
              arg,
              List.of(
                  Lit.of(
                      pickDecimal(
                          "10000", "1000", "50000", "0.01", "1", "123", "1000000", "0.5"))));
      case STRING ->
          avail.column().pii().equals("ID_CARD")
              ? new Protect("id_region", arg, List.of())
              : mask(avail);
    };
  }

  /** A scalar expression over the scope, often one a policy must see through. */
  private Expr scalar(List<Avail> scope, int depth) {
    Avail avail = pickFrom(scope);
    Expr column = avail.expr();
    return switch (avail.column().type()) {
      case INT, DECIMAL ->
          switch (random.nextInt(6)) {
            case 0 -> new Call(pick("+", "-", "*"), List.of(column, Lit.of(pick(0, 1, 10))));
            case 1 -> new Call(pick("/", "MOD"), List.of(column, Lit.of(pick(10, 7))));
            case 2 -> new Cast(column, pick("VARCHAR", "BIGINT", "INTEGER"));
            case 3 -> new Case(pred(scope, depth - 1), Lit.of("hi"), Lit.of("lo"));
            case 4 -> new Call("ABS", List.of(column));
            default -> new Call("COALESCE", List.of(column, Lit.of(0)));
          };
      case STRING ->
          switch (random.nextInt(6)) {
            case 0 -> new Call(pick("UPPER", "LOWER"), List.of(column));
            case 1 ->
                new Call(
                    "SUBSTRING", List.of(column, Lit.of(pick(1, 4, 8)), Lit.of(pick(1, 2, 4))));
            case 2 -> new Call("CHAR_LENGTH", List.of(column));
            case 3 -> new Call("||", List.of(column, Lit.of("-")));
            case 4 -> new Case(pred(scope, depth - 1), Lit.of("hi"), Lit.of("lo"));
            default -> new Call("COALESCE", List.of(column, Lit.of("?")));
          };
      case DATE ->
          switch (random.nextInt(3)) {
            case 0 -> new Cast(column, "VARCHAR");
            case 1 -> new Case(pred(scope, depth - 1), Lit.of(1), Lit.of(0));
            default -> new Expr.Opaque("EXTRACT(YEAR FROM " + column.sql() + ")", List.of(column));
          };
    };
  }

  private Pred pred(List<Avail> scope, int depth) {
    if (depth > 0 && chance(0.25)) {
      int kind = random.nextInt(3);
      return kind == 2
          ? new Not(pred(scope, depth - 1))
          : new Junction(pred(scope, depth - 1), kind == 0, pred(scope, depth - 1));
    }
    Avail avail = pickFrom(scope);
    Expr column = avail.expr();
    if (chance(0.15)) {
      column = generalize(avail);
      Object sample = sampleValue(avail);
      if (column instanceof Protect protect && sample != null) {
        Object value = protect.eval(sampleRow(avail, sample), null);
        if (value != null && value != Values.UNKNOWN) {
          return new Cmp(column, pick("=", "<>", ">="), literal(value));
        }
      }
      return new IsNull(column, chance(0.5));
    }
    return switch (random.nextInt(7)) {
      case 0, 1, 2 -> new Cmp(column, pick("=", "<>", "<", "<=", ">", ">="), literalFor(avail));
      case 3 ->
          new InList(
              column,
              List.of(literalFor(avail), literalFor(avail), literalFor(avail)),
              chance(0.3));
      case 4 -> new Between(column, literalFor(avail), literalFor(avail), chance(0.2));
      case 5 ->
          avail.column().type() == Type.STRING
              ? new Like(column, likePattern(avail), chance(0.2))
              : new Cmp(column, ">", literalFor(avail));
      default -> new IsNull(column, chance(0.5));
    };
  }

  private static Row sampleRow(Avail avail, Object value) {
    return new Row(Map.of(avail.expr().sql(), value), Map.of());
  }

  private @Nullable Object sampleValue(Avail avail) {
    if (!(avail.expr() instanceof Col col)) {
      return null;
    }
    TableDef table =
        fixture.tables().stream()
            .filter(t -> t.columns().contains(col.column()))
            .findFirst()
            .orElseThrow();
    return table.rows().get(random.nextInt(table.rows().size())).get(col.column().name());
  }

  private Expr literal(Object value) {
    if (value instanceof String text) {
      return Lit.of(text);
    }
    if (value instanceof LocalDate date) {
      return Lit.of(date);
    }
    if (value instanceof BigDecimal number) {
      return Lit.of(number);
    }
    if (value instanceof Long || value instanceof Integer) {
      return Lit.of(((Number) value).longValue());
    }
    return Lit.of(value.toString());
  }

  private Expr literalFor(Avail avail) {
    Object sample = sampleValue(avail);
    ColumnDef column = avail.column();
    return switch (column.type()) {
      case INT ->
          Lit.of(
              chance(0.5)
                  ? pick(10, 20, 50, 100, 0)
                  : sample instanceof Integer i ? i : random.nextInt(100));
      case DECIMAL ->
          chance(0.5)
              ? Lit.of(pickDecimal("100", "500", "1000", "10000", "50000", "100000", "1000000"))
              : sample instanceof BigDecimal d
                  ? Lit.of(d)
                  : Lit.of(pickDecimal("123456", "345.67", "9876543.21"));
      case DATE ->
          chance(0.5)
              ? Lit.of(
                  LocalDate.of(
                      1950 + random.nextInt(70), chance(0.5) ? 1 : 1 + random.nextInt(12), 1))
              : sample instanceof LocalDate d ? Lit.of(d) : Lit.of(LocalDate.of(1930, 6, 15));
      case STRING -> sample instanceof String s ? Lit.of(s) : Lit.of(pickFrom(stringPool(column)));
    };
  }

  private List<String> stringPool(ColumnDef column) {
    return switch (column.name()) {
      case "district" -> FuzzFixture.BIG_DISTRICTS;
      case "gender" -> List.of("男", "女");
      case "clinic" -> FuzzFixture.CLINICS;
      case "bank" -> FuzzFixture.BANKS;
      default -> List.of("x", "139", "4101");
    };
  }

  private String likePattern(Avail avail) {
    Object sample = sampleValue(avail);
    String text = sample instanceof String s ? s : pickFrom(stringPool(avail.column()));
    return switch (random.nextInt(4)) {
      case 0 -> text.substring(0, Math.min(1, text.length())) + "%";
      case 1 -> "%" + text.substring(Math.max(0, text.length() - 2));
      case 2 -> text.substring(0, Math.min(3, text.length())) + "%";
      default -> "%" + text.substring(0, Math.min(2, text.length())) + "%";
    };
  }

  // ---- sources -----------------------------------------------------------------------------

  private Source source() {
    return switch (random.nextInt(12)) {
      case 0, 1, 2, 3 -> people("p");
      case 4 -> visits("v");
      case 5 -> accounts("a");
      case 6 -> join(people("p"), "JOIN", visits("v"), "subject");
      case 7 ->
          join(people("p"), pick("JOIN", "LEFT JOIN"), accounts("a"), pick("subject", "phone"));
      case 8 -> join(visits("v"), "JOIN", accounts("a"), "subject");
      case 9 ->
          join(people("p"), "JOIN", visits("v"), pick("district-clinic", "non-equi", "cross"));
      case 10 -> {
        Query inner =
            rowLevel(
                people("p"),
                chance(0.5) ? new Cmp(col("p", "age"), ">", Lit.of(pick(20, 50))) : null);
        yield inner instanceof Block block && !block.distinct() ? derived(block, "t") : people("p");
      }
      default -> join(people("p"), "LEFT JOIN", visits("v"), "subject");
    };
  }

  private Source.Table people(String alias) {
    return new Source.Table(fixture.table("people"), alias);
  }

  private Source.Table visits(String alias) {
    return new Source.Table(fixture.table("visits"), alias);
  }

  private Source.Table accounts(String alias) {
    return new Source.Table(fixture.table("accounts"), alias);
  }

  private Source join(Source.Table left, String kind, Source.Table right, String on) {
    Col leftSubject = col(left.alias(), left.table().subject());
    Col rightSubject = col(right.alias(), right.table().subject());
    Pred condition =
        switch (on) {
          case "subject" -> new Cmp(leftSubject, "=", rightSubject);
          case "phone" -> new Cmp(col(left.alias(), "phone"), "=", col(right.alias(), "mobile"));
          case "district-clinic" ->
              new Cmp(col(left.alias(), "district"), "=", col(right.alias(), "clinic"));
          case "non-equi" ->
              new Junction(
                  new Cmp(leftSubject, "=", rightSubject),
                  true,
                  new Cmp(col(right.alias(), "cost"), ">", Lit.of(500)));
          default -> new Pred.Opaque("TRUE", List.of());
        };
    return new Source.Join(left, kind, right, condition);
  }

  private Source.Derived derived(Query inner, String alias) {
    Block first = inner instanceof Block block ? block : firstBlock(inner);
    List<DerivedCol> columns = new ArrayList<>();
    for (int i = 0; i < first.items().size(); i++) {
      int index = i;
      List<Expr> branches = new ArrayList<>();
      collect(inner, b -> branches.add(b.items().get(index).expr()));
      columns.add(new DerivedCol(alias, first.items().get(i).name(), branches));
    }
    return new Source.Derived(inner, alias, columns);
  }

  private static Block firstBlock(Query query) {
    return query instanceof Block block ? block : firstBlock(((SetOp) query).left());
  }

  private static void collect(Query query, java.util.function.Consumer<Block> into) {
    if (query instanceof Block block) {
      into.accept(block);
    } else {
      SetOp setOp = (SetOp) query;
      collect(setOp.left(), into);
      collect(setOp.right(), into);
    }
  }

  private static boolean hasAlias(Source source, String alias) {
    return source.aliases().contains(alias);
  }

  /** What the FROM clause offers, as expressions with the column each stands for. */
  private List<Avail> scope(Source source) {
    List<Avail> scope = new ArrayList<>();
    if (source instanceof Source.Table table) {
      for (ColumnDef column : table.table().columns()) {
        // CORE and subject columns are refused on sight: offer them rarely, to reach deeper.
        boolean rare =
            column.level().equals("CORE") || column.name().equals(table.table().subject());
        if (!rare || chance(0.25)) {
          scope.add(new Avail(col(table.alias(), column.name()), column));
        }
      }
    } else if (source instanceof Source.Join join) {
      scope.addAll(scope(join.left()));
      scope.addAll(scope(join.right()));
    } else {
      for (DerivedCol column : ((Source.Derived) source).columns()) {
        Expr first = column.branches().get(0);
        ColumnDef like =
            first instanceof Col col
                ? col.column()
                : new ColumnDef(column.name(), Type.STRING, "GENERAL", "NONE", false);
        scope.add(new Avail(column, like));
      }
    }
    return scope;
  }

  private Col col(String alias, String column) {
    String table =
        switch (alias.substring(0, 1)) {
          case "p" -> "people";
          case "v" -> "visits";
          default -> "accounts";
        };
    TableDef def = fixture.table(table);
    return new Col(alias, def.column(column), def.subject().equals(column));
  }

  private Block block(
      List<Item> items,
      Source from,
      @Nullable Pred where,
      @Nullable List<Expr> keys,
      boolean distinct,
      @Nullable String having,
      List<Order> order,
      @Nullable Integer limit,
      @Nullable Integer offset) {
    return new Block(
        List.copyOf(items),
        from,
        where,
        keys == null ? null : List.copyOf(keys),
        distinct,
        having,
        List.copyOf(order),
        limit,
        offset);
  }

  private List<Expr> bigDistrictLiterals() {
    return FuzzFixture.BIG_DISTRICTS.stream().map(d -> (Expr) Lit.of(d)).toList();
  }

  // ---- randomness --------------------------------------------------------------------------

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T pickFrom(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private BigDecimal pickDecimal(String... options) {
    return new BigDecimal(pick(options));
  }
}
