package org.elementvault.sandbox.adversarial.fuzz;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Form;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Use;
import org.elementvault.sandbox.adversarial.fuzz.Query.Block;
import org.elementvault.sandbox.adversarial.fuzz.Query.Item;
import org.elementvault.sandbox.adversarial.fuzz.Query.Order;
import org.elementvault.sandbox.adversarial.fuzz.Query.SetOp;
import org.elementvault.sandbox.adversarial.fuzz.Truth.Classes;
import org.elementvault.sandbox.adversarial.fuzz.Truth.Group;
import org.elementvault.sandbox.adversarial.fuzz.Truth.Grouping;
import org.elementvault.sandbox.exec.ElementResult;
import org.jspecify.annotations.Nullable;

/**
 * Judges one released result against the fixture's ground truth. Families of findings:
 *
 * <ul>
 *   <li>values: a raw identifier, birth date or one person's exact IMPORTANT value in any cell;
 *   <li>groups: a released group whose ground truth has fewer than k distinct subjects (or that the
 *       ground truth does not have at all), an aggregate of a protected column to which fewer than
 *       k subjects contribute, released within 5% of its exact value;
 *   <li>rows: a class of quasi-identifier values of a row-level result behind fewer than k distinct
 *       subjects;
 *   <li>forms: a protected column reaching a row-level output, condition or ordering, or a raw
 *       group key, other than as DESIGN.md's classification table allows.
 * </ul>
 */
final class Oracle {

  /** One leak: its family (for the summary), and what leaked. */
  record Finding(String family, String detail) {}

  private final FuzzFixture fixture;
  private final Truth truth;
  private final Set<String> birthDateTexts = new HashSet<>();
  private int groupChecked;
  private int rowChecked;

  Oracle(FuzzFixture fixture) {
    this.fixture = fixture;
    this.truth = new Truth(fixture);
    for (LocalDate date : fixture.birthDates()) {
      birthDateTexts.add(date.toString());
      birthDateTexts.add(date.format(DateTimeFormatter.BASIC_ISO_DATE));
    }
  }

  List<Finding> judge(Query query, ElementResult result) {
    List<Finding> findings = new ArrayList<>();
    values(result, findings);
    if (!result.rows().isEmpty()) {
      for (Block block : released(query)) {
        forms(block, findings);
      }
      if (query.aggregate()) {
        groups(query, result, findings);
      } else if (!containsAggregate(query)) {
        rows(query, result, findings);
      }
    }
    return findings;
  }

  /** How many non-empty aggregate results were checked group by group against ground truth. */
  int groupChecked() {
    return groupChecked;
  }

  /** How many non-empty row-level results were checked class by class against ground truth. */
  int rowChecked() {
    return rowChecked;
  }

  /** Checks a refusal's message for imported values. */
  List<Finding> judgeMessage(@Nullable String message) {
    List<Finding> findings = new ArrayList<>();
    if (message != null) {
      String hit = identifierIn(message);
      if (hit != null) {
        findings.add(new Finding("value in refusal message", "message names an identifier"));
      }
    }
    return findings;
  }

  private static boolean containsAggregate(Query query) {
    if (query instanceof Block block) {

      return block.aggregate();
    }
    SetOp setOp = (SetOp) query;

    return containsAggregate(setOp.left()) || containsAggregate(setOp.right());
  }

  private static List<Block> released(Query query) {
    if (query instanceof Block block) {

      return List.of(block);
    }
    SetOp setOp = (SetOp) query;

    List<Block> all = new ArrayList<>(released(setOp.left()));
    all.addAll(released(setOp.right()));
    return all;
  }

  // ---- values ------------------------------------------------------------------------------

  private void values(ElementResult result, List<Finding> findings) {
    for (List<@Nullable Object> row : result.rows()) {
      for (int i = 0; i < row.size(); i++) {
        Object cell = row.get(i);
        if (cell == null) {
          continue;
        }
        String column = result.columns().get(i).name();
        if (cell instanceof String text) {
          String hit = identifierIn(text);
          if (hit != null) {
            findings.add(new Finding("raw identifier in output", column + " holds " + hit));
          }
          for (int length : new int[] {8, 10}) {
            for (int at = 0; at + length <= text.length(); at++) {
              if (birthDateTexts.contains(text.substring(at, at + length))) {
                findings.add(
                    new Finding("raw birth date in output", column + " holds a birth date"));
              }
            }
          }
        } else if (cell instanceof LocalDate date && fixture.birthDates().contains(date)) {
          findings.add(new Finding("raw birth date in output", column + " = " + date));
        } else if (Values.number(cell) != null) {
          String canonical = Values.canon(cell);
          String holder = fixture.singleValueHolder(canonical);
          if (holder != null) {
            findings.add(
                new Finding(
                    "one person's exact IMPORTANT value in output",
                    column + " = " + canonical + ", the " + holder));
          }
          if (fixture.identifiers().contains(canonical)) {
            findings.add(new Finding("raw identifier in output", column + " = " + canonical));
          }
        }
      }
    }
  }

  /** A description of the identifier {@code text} contains, or null. */
  private @Nullable String identifierIn(String text) {
    for (int length : new int[] {3, 11, 18}) {
      for (int at = 0; at + length <= text.length(); at++) {
        String part = text.substring(at, at + length);
        if (fixture.identifiers().contains(part)) {
          return length == 3 ? "a name" : length == 11 ? "a phone number" : "an ID card number";
        }
      }
    }
    return null;
  }

  // ---- forms -------------------------------------------------------------------------------

  private void forms(Block block, List<Finding> findings) {
    boolean rowLevel = !block.aggregate();
    for (Item item : block.items()) {
      if (item.agg() != null) {
        if (item.agg().filter() != null && truth.varies(item.agg().filter(), block.from())) {
          subjectConditions(item.agg().filter().uses(), item.name(), findings);
        }
        subjectConditions(conditionsOnly(item.agg().arg()), item.name(), findings);
        continue;
      }
      boolean varies = truth.varies(item.expr(), block.from());
      for (Use use : item.expr().uses()) {
        String what = describe(use) + " in output " + item.name();
        if (use.form() == Form.CONDITION && !varies) {
          continue; // a condition the planner may fold away: the same on every row
        }
        if (use.subject() && use.form() == Form.CONDITION) {
          findings.add(new Finding("condition on the subject column", what));
        } else if (use.column().level().equals("CORE")) {
          findings.add(new Finding("CORE column released", what));
        } else if (rowLevel && use.column().level().equals("IMPORTANT")) {
          findings.add(
              new Finding("IMPORTANT column in a row-level output", what + " as " + use.form()));
        } else if (rowLevel && !use.column().isGeneral() && use.form() == Form.CONDITION) {
          findings.add(new Finding("row-level condition on a protected column", what));
        } else if (!use.column().isGeneral() && use.form() == Form.RAW) {
          findings.add(new Finding("protected column released computed, not masked", what));
        } else if (!rowLevel
            && use.column().level().equals("IMPORTANT")
            && use.form() == Form.MASKED) {
          findings.add(new Finding("IMPORTANT column released masked", what));
        }
      }
    }
    if (block.where() != null && truth.varies(block.where(), block.from())) {
      List<Use> uses = block.where().uses();
      subjectConditions(uses, "WHERE", findings);
      if (rowLevel) {
        for (Use use : uses) {
          if (!use.column().isGeneral() && !use.subject()) {
            findings.add(
                new Finding(
                    "row-level condition on a protected column", describe(use) + " in WHERE"));
          }
        }
      }
    }
    if (rowLevel) {
      boolean limited = block.limit() != null || block.offset() != null;
      for (Order order : block.order()) {
        if (order.expr() == null) {
          continue;
        }
        boolean shown = block.items().stream().anyMatch(i -> i.expr().equals(order.expr()));
        for (Use use : order.expr().uses()) {
          if (use.column().isGeneral() || use.form() == Form.MASKED) {
            continue;
          }
          if (use.form() != Form.GENERALIZED || use.column().level().equals("IMPORTANT")) {
            findings.add(
                new Finding(
                    "row-level order by a protected column", describe(use) + " in ORDER BY"));
          } else if (limited && use.column().quasi() && !shown) {
            // The rows LIMIT keeps are those of the first class of the ordering key, which the
            // k-anonymity check never sees: ORDER BY age_band(...) DESC LIMIT 1 is the oldest.
            findings.add(
                new Finding(
                    "top-k by a quasi-identifier the k-anonymity check does not see",
                    describe(use) + " generalized in ORDER BY with LIMIT, not in the output"));
          }
        }
      }
    }
  }

  private static List<Use> conditionsOnly(@Nullable Expr expr) {
    return expr == null
        ? List.of()
        : expr.uses().stream().filter(u -> u.form() == Form.CONDITION).toList();
  }

  private static void subjectConditions(List<Use> uses, String where, List<Finding> findings) {
    for (Use use : uses) {
      if (use.subject()) {
        findings.add(
            new Finding("condition on the subject column", describe(use) + " in " + where));
      }
    }
  }

  private static String describe(Use use) {
    return use.alias() + "." + use.column().name() + " (" + use.column().level() + ")";
  }

  // ---- groups ------------------------------------------------------------------------------

  /** For each value of the shown keys, the groups of the ground truth that show it. */
  private record Allowance(Map<List<String>, List<Group>> groups, List<Integer> positions) {

    /** How many released rows may show {@code shown}: groups at or above k. */
    int allowed(List<String> shown, List<String> aliases) {
      return (int)
          groups.getOrDefault(shown, List.of()).stream()
              .filter(g -> g.fewestSubjects(aliases) >= FuzzFixture.K)
              .count();
    }
  }

  private void groups(Query query, ElementResult result, List<Finding> findings) {
    Optional<Map<List<String>, Integer>> allowed = allowance(query);
    Optional<List<Integer>> positions = keyPositions(query);
    if (allowed.isEmpty() || positions.isEmpty()) {
      return;
    }
    groupChecked++;
    Map<List<String>, Integer> released = new HashMap<>();
    for (List<@Nullable Object> row : result.rows()) {
      released.merge(shown(row, positions.get()), 1, Integer::sum);
    }
    released.forEach(
        (shown, count) -> {
          int ok = allowed.get().getOrDefault(shown, 0);
          if (count > ok) {
            String fewest = fewestBehind(query, shown);
            findings.add(
                new Finding(
                    fewest == null
                        ? "released group absent from ground truth"
                        : "released group below k distinct subjects",
                    "group "
                        + shown
                        + " released "
                        + count
                        + " time(s), "
                        + ok
                        + " group(s) at or above k"
                        + (fewest == null ? "" : "; distinct subjects " + fewest)));
          }
        });
    if (query instanceof Block block) {
      contributors(block, result, positions.get(), findings);
    }
  }

  private static List<String> shown(List<@Nullable Object> row, List<Integer> positions) {
    List<String> shown = new ArrayList<>();
    for (int position : positions) {
      shown.add(Values.canon(row.get(position)));
    }
    return shown;
  }

  /** The output positions that show keys, the same in every branch. */
  private static Optional<List<Integer>> keyPositions(Query query) {
    if (query instanceof Block block) {

      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < block.keyPositions().size(); i++) {
        if (block.keyPositions().get(i) >= 0) {
          positions.add(i);
        }
      }
      return Optional.of(positions);
    }
    SetOp setOp = (SetOp) query;

    Optional<List<Integer>> left = keyPositions(setOp.left());
    Optional<List<Integer>> right = keyPositions(setOp.right());
    return left.isPresent() && left.equals(right) ? left : Optional.empty();
  }

  /** How many released rows may show each value of the shown keys. */
  private Optional<Map<List<String>, Integer>> allowance(Query query) {
    if (query instanceof Block block) {

      if (!block.aggregate()) {
        return Optional.empty();
      }
      Optional<Grouping> grouping = truth.grouping(block);
      if (grouping.isEmpty()) {
        return Optional.empty();
      }
      Map<List<String>, Integer> allowed = new HashMap<>();
      for (Group group : grouping.get().groups()) {
        if (group.fewestSubjects(grouping.get().aliases()) >= FuzzFixture.K) {
          allowed.merge(shownKey(block, group), 1, Integer::sum);
        }
      }
      return Optional.of(allowed);
    }
    SetOp setOp = (SetOp) query;

    Optional<Map<List<String>, Integer>> left = allowance(setOp.left());
    Optional<Map<List<String>, Integer>> right = allowance(setOp.right());
    if (left.isEmpty() || right.isEmpty()) {
      return Optional.empty();
    }
    Map<List<String>, Integer> combined = new HashMap<>(left.get());
    switch (setOp.op()) {
      case "UNION", "UNION ALL" ->
          right.get().forEach((k, v) -> combined.merge(k, v, Integer::sum));
      case "INTERSECT" ->
          combined.replaceAll((k, v) -> Math.min(v, right.get().getOrDefault(k, 0)));
      default -> {}
    }
    return Optional.of(combined);
  }

  private static List<String> shownKey(Block block, Group group) {
    List<String> shown = new ArrayList<>();
    for (int key : block.keyPositions()) {
      if (key >= 0) {
        shown.add(group.key().get(key));
      }
    }
    return shown;
  }

  /** The largest subject count behind {@code shown} in any branch, or null if none shows it. */
  private @Nullable String fewestBehind(Query query, List<String> shown) {
    int most = -1;
    for (Block block : released(query)) {
      Optional<Grouping> grouping = block.aggregate() ? truth.grouping(block) : Optional.empty();
      if (grouping.isEmpty()) {
        continue;
      }
      for (Group group : grouping.get().groups()) {
        if (shownKey(block, group).equals(shown)) {
          most = Math.max(most, group.fewestSubjects(grouping.get().aliases()));
        }
      }
    }
    return most < 0 ? null : Integer.toString(most);
  }

  private void contributors(
      Block block, ElementResult result, List<Integer> positions, List<Finding> findings) {
    Set<Integer> shownKeys = new HashSet<>();
    positions.forEach(p -> shownKeys.add(block.keyPositions().get(p)));
    if (shownKeys.size() != block.groupKeys().size()) {
      return;
    }
    Optional<Grouping> grouping = truth.grouping(block);
    if (grouping.isEmpty()) {
      return;
    }
    Map<List<String>, Group> byShown = new HashMap<>();
    grouping.get().groups().forEach(g -> byShown.put(shownKey(block, g), g));
    for (List<@Nullable Object> row : result.rows()) {
      Group group = byShown.get(shown(row, positions));
      if (group == null) {
        continue;
      }
      group
          .contributors()
          .forEach(
              (item, subjects) -> {
                if (subjects.size() >= FuzzFixture.K || subjects.isEmpty()) {
                  // No contributor: the value is the query's own constant, nobody's.
                  return;
                }
                BigDecimal released = Values.number(row.get(item));
                BigDecimal exact =
                    Truth.value(
                        block.items().get(item).agg(),
                        group.inputs().getOrDefault(item, Truth.UNKNOWN_INPUTS));
                if (released == null || exact == null || !near(released, exact)) {
                  return;
                }
                findings.add(
                    new Finding(
                        "aggregate of a protected column over fewer than k contributors",
                        block.items().get(item).sql()
                            + " in group "
                            + group.key()
                            + ": "
                            + subjects.size()
                            + " contributing subject(s) of "
                            + group.fewestSubjects(grouping.get().aliases())
                            + ", released "
                            + Values.canon(released)
                            + " for "
                            + Values.canon(exact)));
              });
    }
  }

  /** Whether a released number is within 5% of the exact value: close enough to be the value. */
  private static boolean near(BigDecimal released, BigDecimal exact) {
    BigDecimal tolerance = exact.abs().multiply(new BigDecimal("0.05")).add(new BigDecimal("0.01"));
    return released.subtract(exact).abs().compareTo(tolerance) <= 0;
  }

  // ---- rows --------------------------------------------------------------------------------

  private void rows(Query query, ElementResult result, List<Finding> findings) {
    Optional<Classes> classes = classes(query);
    if (classes.isEmpty() || classes.get().positions().isEmpty()) {
      return;
    }
    rowChecked++;
    Map<List<String>, Integer> released = new HashMap<>();
    for (List<@Nullable Object> row : result.rows()) {
      released.merge(shown(row, classes.get().positions()), 1, Integer::sum);
    }
    released.forEach(
        (shown, count) -> {
          Map<String, Set<String>> subjects = classes.get().classes().get(shown);
          if (subjects == null) {
            findings.add(
                new Finding(
                    "released row-level class absent from ground truth",
                    "class " + shown + " in " + count + " row(s)"));
            return;
          }
          // Rows are about people: count the distinct people behind the class, whichever table
          // names them (a subject join names the same person twice; a join on phone, two).
          Set<String> people = new HashSet<>();
          subjects.values().forEach(people::addAll);
          int fewest = people.size();
          if (Math.min(count, fewest) < FuzzFixture.K) {
            findings.add(
                new Finding(
                    "row-level class below k distinct subjects",
                    "quasi-identifiers "
                        + shown
                        + " in "
                        + count
                        + " row(s) of "
                        + fewest
                        + " distinct subject(s)"));
          }
        });
  }

  private Optional<Classes> classes(Query query) {
    if (query instanceof Block block) {

      return truth.classes(block);
    }
    SetOp setOp = (SetOp) query;

    Optional<Classes> left = classes(setOp.left());
    Optional<Classes> right = classes(setOp.right());
    if (left.isEmpty()
        || right.isEmpty()
        || !left.get().positions().equals(right.get().positions())) {
      return Optional.empty();
    }
    Map<List<String>, Map<String, Set<String>>> merged = new HashMap<>();
    left.get().classes().forEach((k, v) -> merged.put(k, copy(v)));
    if (setOp.op().startsWith("UNION")) {
      right
          .get()
          .classes()
          .forEach(
              (k, v) -> {
                Map<String, Set<String>> into = merged.computeIfAbsent(k, x -> new HashMap<>());
                v.forEach(
                    (alias, s) -> into.computeIfAbsent(alias, a -> new HashSet<>()).addAll(s));
              });
    }
    return Optional.of(new Classes(merged, left.get().positions()));
  }

  private static Map<String, Set<String>> copy(Map<String, Set<String>> subjects) {
    Map<String, Set<String>> copy = new HashMap<>();
    subjects.forEach((alias, s) -> copy.put(alias, new HashSet<>(s)));
    return copy;
  }
}
