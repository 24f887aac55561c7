package org.elementvault.sandbox.adversarial.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A generated query: one SELECT block or a set operation of two. */
sealed interface Query {

  String sql();

  /** Whether every released row is a group (or the query is a set operation of such). */
  boolean aggregate();

  static List<String> aliases(Query query) {
    if (query instanceof Block block) {

      return block.from().aliases();
    }
    SetOp setOp = (SetOp) query;

    return aliases(setOp.left());
  }

  /** {@code function([DISTINCT] arg) [FILTER (WHERE filter)]}; a null arg is {@code *}. */
  record Agg(String function, boolean distinct, @Nullable Expr arg, @Nullable Pred filter) {
    String sql() {
      String inner = arg == null ? "*" : (distinct ? "DISTINCT " : "") + arg.sql();
      return function
          + "("
          + inner
          + ")"
          + (filter == null ? "" : " FILTER (WHERE " + filter.sql() + ")");
    }

    /** Whether the aggregate returns a value computed from its argument's values. */
    boolean releasesValues() {
      return !function.equals("COUNT");
    }
  }

  /**
   * One output column: an aggregate, or an expression; {@code key} is the index of the grouping key
   * it shows, or -1.
   */
  record Item(Expr expr, @Nullable Agg agg, int key, String name) {
    String sql() {
      return (agg != null ? agg.sql() : expr.sql()) + " AS " + name;
    }
  }

  /** An ORDER BY term; {@code expr} is null when it orders by an aggregate or a position. */
  record Order(String sql, @Nullable Expr expr) {}

  /**
   * {@code SELECT [DISTINCT] items FROM from [WHERE where] [GROUP BY keys] [HAVING having] [ORDER
   * BY order] [LIMIT limit] [OFFSET offset]}. {@code keys} is null for a query without GROUP BY;
   * for SELECT DISTINCT the keys are the items and are not rendered.
   */
  record Block(
      List<Item> items,
      Source from,
      @Nullable Pred where,
      @Nullable List<Expr> keys,
      boolean distinct,
      @Nullable String having,
      List<Order> order,
      @Nullable Integer limit,
      @Nullable Integer offset)
      implements Query {

    @Override
    public String sql() {
      StringBuilder text = new StringBuilder("SELECT ");
      if (distinct) {
        text.append("DISTINCT ");
      }
      text.append(String.join(", ", items.stream().map(Item::sql).toList()));
      text.append(" FROM ").append(from.sql());
      if (where != null) {
        text.append(" WHERE ").append(where.sql());
      }
      if (keys != null && !distinct && !keys.isEmpty()) {
        text.append(" GROUP BY ").append(String.join(", ", keys.stream().map(Expr::sql).toList()));
      }
      if (having != null) {
        text.append(" HAVING ").append(having);
      }
      if (!order.isEmpty()) {
        text.append(" ORDER BY ")
            .append(String.join(", ", order.stream().map(Order::sql).toList()));
      }
      if (limit != null) {
        text.append(" LIMIT ").append(limit);
      }
      if (offset != null) {
        text.append(" OFFSET ").append(offset);
      }
      return text.toString();
    }

    @Override
    public boolean aggregate() {
      return keys != null || distinct || items.stream().anyMatch(i -> i.agg() != null);
    }

    /** The grouping keys: GROUP BY's, the items of SELECT DISTINCT, or none. */
    List<Expr> groupKeys() {
      if (distinct && keys == null) {
        return items.stream().map(Item::expr).toList();
      }
      return keys == null ? List.of() : keys;
    }

    /** For each output position, the key it shows, or -1. */
    List<Integer> keyPositions() {
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        positions.add(distinct && keys == null ? i : items.get(i).key());
      }
      return positions;
    }
  }

  /** {@code left op right}, op being UNION [ALL], INTERSECT or EXCEPT. */
  record SetOp(Query left, String op, Query right, @Nullable Integer limit) implements Query {
    @Override
    public String sql() {
      String text = "(" + left.sql() + ") " + op + " (" + right.sql() + ")";
      return limit == null ? text : text + " ORDER BY 1 LIMIT " + limit;
    }

    @Override
    public boolean aggregate() {
      return left.aggregate() && right.aggregate();
    }
  }
}
