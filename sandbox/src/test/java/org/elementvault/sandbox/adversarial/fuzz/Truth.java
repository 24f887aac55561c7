package org.elementvault.sandbox.adversarial.fuzz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Form;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Use;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.ColumnDef;
import org.elementvault.sandbox.adversarial.fuzz.Query.Agg;
import org.elementvault.sandbox.adversarial.fuzz.Query.Block;
import org.elementvault.sandbox.adversarial.fuzz.Query.Item;
import org.elementvault.sandbox.adversarial.fuzz.Query.SetOp;
import org.jspecify.annotations.Nullable;

/**
 * Ground truth: evaluates generated queries in Java over the fixture's rows. Where the evaluator
 * does not know a condition (a MAYBE) or ignores a clause that only removes rows (HAVING, LIMIT,
 * OFFSET), it keeps the rows: the rows and groups it computes are a superset of what the query may
 * rightly release, and every subject count an upper bound.
 */
final class Truth {

  /** The pseudonym key {@code TestingSandbox} runs every job with. */
  static final byte[] PSEUDONYM_KEY = new byte[32];

  /** The inputs of an aggregate the evaluator cannot list. */
  static final List<BigDecimal> UNKNOWN_INPUTS = List.of();

  private final FuzzFixture fixture;
  private final Map<Object, List<Row>> memo = new IdentityHashMap<>();

  Truth(FuzzFixture fixture) {
    this.fixture = fixture;
  }

  /** The groups of an aggregate query, keyed by the canonical text of their keys. */
  record Group(
      List<String> key,
      Map<String, Set<String>> subjects,
      Map<Integer, Set<String>> contributors,
      Map<Integer, List<BigDecimal>> inputs,
      int rows) {

    /** The fewest distinct subjects of any table read: what the threshold must compare to k. */
    int fewestSubjects(List<String> aliases) {
      int fewest = Integer.MAX_VALUE;
      for (String alias : aliases) {
        fewest = Math.min(fewest, subjects.getOrDefault(alias, Set.of()).size());
      }
      return fewest;
    }
  }

  /** Every group of an aggregate block, and which key each output position shows. */
  record Grouping(List<Group> groups, List<Integer> keyPositions, List<String> aliases) {}

  /** The subjects behind each class of quasi-identifier values of a row-level block. */
  record Classes(Map<List<String>, Map<String, Set<String>>> classes, List<Integer> positions) {}

  List<Row> rows(Source source) {
    List<Row> known = memo.get(source);
    if (known != null) {
      return known;
    }
    List<Row> rows;
    if (source instanceof Source.Table table) {
      rows = tableRows(table);
    } else if (source instanceof Source.Join join) {
      rows = joinRows(join);
    } else {
      rows = derivedRows((Source.Derived) source);
    }
    memo.put(source, rows);
    return rows;
  }

  private List<Row> tableRows(Source.Table table) {
    List<Row> rows = new ArrayList<>();
    for (Map<String, @Nullable Object> values : table.table().rows()) {
      Map<String, @Nullable Object> qualified = new HashMap<>();
      values.forEach((column, value) -> qualified.put(table.alias() + "." + column, value));
      Object subject = values.get(table.table().subject());
      rows.add(
          new Row(
              qualified, subject == null ? Map.of() : Map.of(table.alias(), subject.toString())));
    }
    return rows;
  }

  private List<Row> joinRows(Source.Join join) {
    List<Row> left = rows(join.left());
    List<Row> right = rows(join.right());
    List<Row> out = new ArrayList<>();
    Map<String, List<Row>> index = null;
    Expr leftKey = null;
    if (join.on() instanceof Pred.Cmp cmp
        && cmp.op().equals("=")
        && readsOnly(cmp.left(), join.left().aliases())
        && readsOnly(cmp.right(), join.right().aliases())) {
      index = new HashMap<>();
      leftKey = cmp.left();
      for (Row row : right) {
        Object key = cmp.right().eval(row, this);
        if (key == Values.UNKNOWN) {
          index = null;
          break;
        }
        if (key != null) {
          index.computeIfAbsent(Values.canon(key), k -> new ArrayList<>()).add(row);
        }
      }
    }
    for (Row row : left) {
      boolean matched = false;
      if (index != null) {
        Object key = leftKey.eval(row, this);
        if (key == Values.UNKNOWN) {
          for (Row other : right) {
            out.add(Row.merge(row, other));
            matched = true;
          }
        } else if (key != null) {
          for (Row other : index.getOrDefault(Values.canon(key), List.of())) {
            out.add(Row.merge(row, other));
            matched = true;
          }
        }
      } else {
        for (Row other : right) {
          Row merged = Row.merge(row, other);
          if (join.on().eval(merged, this).keeps()) {
            out.add(merged);
            matched = true;
          }
        }
      }
      if (!matched && join.kind().startsWith("LEFT")) {
        out.add(Row.merge(row, null));
      }
    }
    return out;
  }

  private static boolean readsOnly(Expr expr, List<String> aliases) {
    return expr.uses().stream().allMatch(u -> aliases.contains(u.alias()))
        && !(expr instanceof Expr.Opaque);
  }

  private List<Row> derivedRows(Source.Derived derived) {
    List<Row> out = new ArrayList<>();
    for (Block branch : branches(derived.inner())) {
      for (Row row : rows(branch)) {
        Map<String, @Nullable Object> values = new HashMap<>(row.values());
        for (int i = 0; i < branch.items().size(); i++) {
          values.put(derived.columns().get(i).sql(), branch.items().get(i).expr().eval(row, this));
        }
        out.add(new Row(values, row.subjects()));
      }
    }
    return out;
  }

  private static List<Block> branches(Query query) {
    if (query instanceof Block block) {

      return List.of(block);
    }
    SetOp setOp = (SetOp) query;

    List<Block> all = new ArrayList<>(branches(setOp.left()));
    all.addAll(branches(setOp.right()));
    return all;
  }

  /** The rows of a block's FROM that its WHERE may keep. */
  List<Row> rows(Block block) {
    List<Row> known = memo.get(block);
    if (known != null) {
      return known;
    }
    List<Row> rows = new ArrayList<>();
    for (Row row : rows(block.from())) {
      if (block.where() == null || block.where().eval(row, this).keeps()) {
        rows.add(row);
      }
    }
    memo.put(block, rows);
    return rows;
  }

  /**
   * Whether {@code condition} may tell rows of {@code source} apart. One that is the same on every
   * row (say, {@code BETWEEN} bounds in the wrong order) the planner may fold to a constant; it
   * reveals nothing.
   */
  boolean varies(Pred condition, Source source) {
    Set<Tri> seen = new HashSet<>();
    for (Row row : rows(source)) {
      Tri value = condition.eval(row, this);
      if (value == Tri.MAYBE) {
        return true;
      }
      seen.add(value == Tri.NULL ? Tri.FALSE : value);
    }
    return seen.size() > 1;
  }

  /** Whether {@code expr} may take more than one value over the rows of {@code source}. */
  boolean varies(Expr expr, Source source) {
    Set<String> seen = new HashSet<>();
    for (Row row : rows(source)) {
      Object value = expr.eval(row, this);
      if (value == Values.UNKNOWN) {
        return true;
      }
      seen.add(Values.canon(value));
      if (seen.size() > 1) {
        return true;
      }
    }
    return false;
  }

  /** Whether the block's rows are exactly those the vault reads: no MAYBE in its WHERE. */
  boolean exact(Block block) {
    if (block.having() != null || block.limit() != null || block.offset() != null) {
      return false;
    }
    if (block.from() instanceof Source.Derived || block.from() instanceof Source.Join) {
      return false;
    }
    for (Row row : rows(block.from())) {
      if (block.where() != null && block.where().eval(row, this) == Tri.MAYBE) {
        return false;
      }
    }
    return true;
  }

  /** The groups of an aggregate block, if every key is known on every row. */
  Optional<Grouping> grouping(Block block) {
    List<Expr> keys = block.groupKeys();
    Map<List<String>, Group> groups = new LinkedHashMap<>();
    for (Row row : rows(block)) {
      List<String> key = new ArrayList<>();
      for (Expr expr : keys) {
        Object value = expr.eval(row, this);
        if (value == Values.UNKNOWN) {
          return Optional.empty();
        }
        key.add(Values.canon(value));
      }
      Group group =
          groups.computeIfAbsent(
              key, k -> new Group(k, new HashMap<>(), new HashMap<>(), new HashMap<>(), 0));
      row.subjects()
          .forEach(
              (alias, subject) ->
                  group.subjects().computeIfAbsent(alias, a -> new HashSet<>()).add(subject));
      for (int i = 0; i < block.items().size(); i++) {
        Item item = block.items().get(i);
        Agg agg = item.agg();
        if (agg == null || agg.arg() == null || !agg.releasesValues()) {
          continue;
        }
        Optional<Use> protectedUse =
            agg.arg().uses().stream()
                .filter(u -> !u.column().isGeneral() && u.form() != Form.CONDITION)
                .findFirst();
        if (protectedUse.isEmpty()) {
          continue;
        }
        Set<String> contributors = group.contributors().computeIfAbsent(i, x -> new HashSet<>());
        Object value = agg.arg().eval(row, this);
        boolean passes = agg.filter() == null || agg.filter().eval(row, this).keeps();
        String subject = row.subjects().get(protectedUse.get().alias());
        if (passes
            && value != null
            && subject != null
            && (value == Values.UNKNOWN || agg.arg().carries(row, this))) {
          contributors.add(subject);
        }
        List<BigDecimal> inputs = group.inputs().computeIfAbsent(i, x -> new ArrayList<>());
        if (passes && value != null && inputs != UNKNOWN_INPUTS) {
          BigDecimal number = Values.number(value);
          if (number == null) {
            group.inputs().put(i, UNKNOWN_INPUTS);
          } else {
            inputs.add(number);
          }
        }
      }
    }
    if (keys.isEmpty() && groups.isEmpty()) {
      groups.put(List.of(), new Group(List.of(), Map.of(), Map.of(), Map.of(), 0));
    }
    return Optional.of(
        new Grouping(List.copyOf(groups.values()), block.keyPositions(), block.from().aliases()));
  }

  /** The classes of quasi-identifier outputs of a row-level block, if every one is known. */
  Optional<Classes> classes(Block block) {
    List<Integer> positions = quasiPositions(block);
    Map<List<String>, Map<String, Set<String>>> classes = new HashMap<>();
    for (Row row : rows(block)) {
      List<String> key = new ArrayList<>();
      for (int position : positions) {
        Object value = block.items().get(position).expr().eval(row, this);
        if (value == Values.UNKNOWN) {
          return Optional.empty();
        }
        key.add(Values.canon(value));
      }
      Map<String, Set<String>> subjects = classes.computeIfAbsent(key, k -> new HashMap<>());
      row.subjects()
          .forEach(
              (alias, subject) ->
                  subjects.computeIfAbsent(alias, a -> new HashSet<>()).add(subject));
    }
    return Optional.of(new Classes(classes, positions));
  }

  /** The output positions derived from a quasi-identifier, outside aggregates. */
  static List<Integer> quasiPositions(Block block) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < block.items().size(); i++) {
      Item item = block.items().get(i);
      if (item.agg() == null
          && item.expr().uses().stream().map(Use::column).anyMatch(ColumnDef::quasi)) {
        positions.add(i);
      }
    }
    return positions;
  }

  /**
   * The canonical values a subquery yields, as an IN list sees them: an aggregate's groups at or
   * above k, a row-level block's values. Null when unknown, or when {@code exactly} is asked (NOT
   * IN) and the evaluator only knows a superset.
   */
  @Nullable Set<String> members(Query inner, boolean exactly) {
    if (!(inner instanceof Block block)) {
      return null;
    }
    if (exactly && (!exact(block) || !block.aggregate())) {
      return null;
    }
    Set<String> members = new HashSet<>();
    if (block.aggregate()) {
      Optional<Grouping> grouping = grouping(block);
      if (grouping.isEmpty() || block.keyPositions().get(0) < 0) {
        return null;
      }
      int key = block.keyPositions().get(0);
      for (Group group : grouping.get().groups()) {
        if (group.fewestSubjects(grouping.get().aliases()) >= FuzzFixture.K) {
          members.add(group.key().get(key));
        }
      }
      return members;
    }
    for (Row row : rows(block)) {
      Object value = block.items().get(0).expr().eval(row, this);
      if (value == Values.UNKNOWN) {
        return null;
      }
      members.add(Values.canon(value));
    }
    return members;
  }

  /**
   * What {@code agg} computes over {@code inputs} (SUM, AVG, MIN, MAX), or null if the evaluator
   * does not know.
   */
  static @Nullable BigDecimal value(Agg agg, List<BigDecimal> inputs) {
    if (inputs == UNKNOWN_INPUTS || inputs.isEmpty()) {
      return null;
    }
    List<BigDecimal> values = agg.distinct() ? inputs.stream().distinct().toList() : inputs;
    BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    return switch (agg.function()) {
      case "SUM" -> sum;
      case "AVG" -> sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL64);
      case "MIN" -> values.stream().min(BigDecimal::compareTo).orElseThrow();
      case "MAX" -> values.stream().max(BigDecimal::compareTo).orElseThrow();
      default -> null;
    };
  }

  FuzzFixture fixture() {
    return fixture;
  }
}
